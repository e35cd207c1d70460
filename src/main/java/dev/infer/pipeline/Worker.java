package dev.infer.pipeline;

import dev.infer.model.Encoded;
import dev.infer.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Takes batches off the queue, runs them through the task and hands the rows to the writer.
 *
 * <p>A failure never takes the run down: a failing call is retried in halves down to single rows,
 * so one poison row fails alone and its batch-mates still get results.
 */
final class Worker implements Runnable {
    static final Batch END = new Batch(List.of());

    private final BlockingQueue<Batch> queue;
    private final Task task;
    private final PipelineConfig config;
    private final SequencingWriter writer;
    private final RunStats stats;
    private final RunControl control;
    private final CallGuard guard;
    private final WorkerPool pool;
    private final Batch orphan;
    private final int orphanAttempt;

    /**
     * @param orphan        a batch whose worker died, to run first (null for a fresh worker)
     * @param orphanAttempt how many workers already died on {@code orphan}
     */
    Worker(BlockingQueue<Batch> queue, Task task, PipelineConfig config, SequencingWriter writer, RunStats stats,
           RunControl control, CallGuard guard, WorkerPool pool, Batch orphan, int orphanAttempt) {
        this.queue = queue;
        this.task = task;
        this.config = config;
        this.writer = writer;
        this.stats = stats;
        this.control = control;
        this.guard = guard;
        this.pool = pool;
        this.orphan = orphan;
        this.orphanAttempt = orphanAttempt;
    }

    @Override
    public void run() {
        Batch current = null;
        try {
            if (orphan != null) {
                current = orphan;
                writer.submit(orphanAttempt >= WorkerPool.MAX_ATTEMPTS ? failAll(orphan) : process(orphan));
            }
            while (true) {
                current = null;
                Batch batch = queue.take();
                if (batch == END) {
                    return;
                }
                if (control.abandoned() || control.failure() != null) {
                    continue; // stopping: drain without working
                }
                current = batch;
                List<RowOutcome> done = process(batch);
                if (!control.abandoned()) {
                    writer.submit(done); // after the grace period, cancelled rows are not written as failures
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // Not a failing row (those are caught per call) but a dying worker: hand its batch to a replacement.
            pool.died(current, current == orphan ? orphanAttempt + 1 : 1, t);
        }
    }

    /** A batch that killed every worker that tried it: its rows fail, the run goes on. */
    private List<RowOutcome> failAll(Batch batch) {
        List<RowOutcome> out = new ArrayList<>(batch.items().size());
        for (WorkItem item : batch.items()) {
            out.add(RowOutcome.failure(item.row(), "worker crashed on this row's batch " + WorkerPool.MAX_ATTEMPTS
                    + " times: " + pool.lastCause()));
        }
        return out;
    }

    private List<RowOutcome> process(Batch batch) {
        List<RowOutcome> out = new ArrayList<>(batch.items().size());
        List<WorkItem> runnable = new ArrayList<>(batch.items().size());
        for (WorkItem item : batch.items()) {
            if (!item.row().isOk()) {
                out.add(RowOutcome.failure(item.row(), item.row().error()));
                continue;
            }
            if (item.encoded() != null) {
                runnable.add(item);
                continue;
            }
            try {
                runnable.add(item.withEncoded(task.encode(item.row().text())));
            } catch (RuntimeException e) {
                out.add(RowOutcome.failure(item.row(), "tokenizing failed: " + message(e)));
            }
        }
        int step = config.rowsPerCall();
        for (int i = 0; i < runnable.size() && !control.abandoned(); i += step) { // abandoned: start no call
            runCall(runnable.subList(i, Math.min(runnable.size(), i + step)), out);
        }
        return out;
    }

    /** Runs rows together; on failure splits them in halves, down to single rows. */
    private void runCall(List<WorkItem> items, List<RowOutcome> out) {
        List<Encoded> encoded = new ArrayList<>(items.size());
        int longest = 0;
        long real = 0;
        for (WorkItem item : items) {
            encoded.add(item.encoded());
            longest = Math.max(longest, item.encoded().length());
            real += item.encoded().length();
        }
        long start = System.nanoTime();
        try {
            List<Object[]> results = guard.call(runOptions -> task.process(encoded, runOptions));
            stats.modelNanos.add(System.nanoTime() - start);
            stats.modelCalls.increment();
            stats.realTokens.add(real);
            stats.paddedTokens.add((long) longest * items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(RowOutcome.success(items.get(i).row(), results.get(i)));
            }
        } catch (Exception e) {
            if (items.size() > 1 && !control.abandoned()) { // a call cancelled after the grace is not retried
                int half = items.size() / 2;
                runCall(items.subList(0, half), out);
                runCall(items.subList(half, items.size()), out);
            } else {
                for (WorkItem item : items) {
                    out.add(RowOutcome.failure(item.row(), guard.describe(e)));
                }
            }
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
