package dev.infer.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts one window of rows into batches. A pure function of the window's rows: batch composition
 * never depends on timing or thread count, so outputs are reproducible (and resumable) even for
 * models whose numbers depend on batch-mates.
 *
 * <p>Batching: rows are ordered by token length (ties by input order) and packed while the batch
 * has at most {@code rowsPerCall} rows and at most {@code maxBatchTokens} padded tokens
 * (rows x longest row), so padding stays small. Rows that already failed travel in a batch of their
 * own; they are never run.
 */
public final class Batcher {
    private final PipelineConfig config;

    public Batcher(PipelineConfig config) {
        this.config = config;
    }

    /** The window's rows as {@link #cut} groups them (for front ends that run the groups themselves). */
    public List<List<WorkItem>> groups(List<WorkItem> window) {
        return cut(window).stream().map(Batch::items).toList();
    }

    List<Batch> cut(List<WorkItem> window) {
        List<Batch> batches = new ArrayList<>();
        if (!config.batched()) {
            batches.add(new Batch(List.copyOf(window)));
            return batches;
        }
        List<WorkItem> failed = new ArrayList<>();
        List<WorkItem> runnable = new ArrayList<>(window.size());
        for (WorkItem item : window) {
            (item.row().isOk() ? runnable : failed).add(item);
        }
        if (!failed.isEmpty()) {
            batches.add(new Batch(failed));
        }
        runnable.sort(Comparator.comparingInt((WorkItem w) -> w.encoded().length())
                .thenComparingLong(w -> w.row().index()));
        List<WorkItem> current = new ArrayList<>();
        CallShape shape = new CallShape(config.rowsPerCall(), config.maxBatchTokens());
        for (WorkItem item : runnable) {
            if (!shape.fits(item.encoded())) {
                batches.add(new Batch(current));
                current = new ArrayList<>();
                shape.clear();
            }
            current.add(item);
            shape.add(item.encoded());
        }
        if (!current.isEmpty()) {
            batches.add(new Batch(current));
        }
        return batches;
    }
}
