package dev.infer.pipeline;

import dev.infer.io.Row;
import dev.infer.model.Encoded;
import dev.infer.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The synchronous core of a worker, callable from any thread: tokenizes the rows not yet tokenized,
 * cuts them into calls of at most {@code rowsPerCall} rows and {@code maxBatchTokens} padded tokens
 * (in the order given), runs each call under the caller's {@link CallGuard}, and splits a failing call
 * in halves down to the single poison row, so its call-mates still get results.
 *
 * <p>Concurrency: stateless apart from the shared {@link RunStats} counters; many threads may call
 * {@link #run} at once, each with its own guard. A row's answer depends only on the rows it is run with,
 * so callers that want reproducible numbers on batch-sensitive models pass {@code rowsPerCall = 1}.
 */
public final class BatchRunner {
    private final Task task;
    private final int rowsPerCall;
    private final int maxBatchTokens;
    private final RunStats stats;

    public BatchRunner(Task task, int rowsPerCall, int maxBatchTokens, RunStats stats) {
        if (rowsPerCall < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("rows per call and max batch tokens must be at least 1");
        }
        this.task = task;
        this.rowsPerCall = rowsPerCall;
        this.maxBatchTokens = maxBatchTokens;
        this.stats = stats;
    }

    public Task task() {
        return task;
    }

    public RunStats stats() {
        return stats;
    }

    /** Tokenizes one row; a row the tokenizer rejects becomes a failed row (the run goes on). */
    public WorkItem encode(Row row) {
        if (!row.isOk()) {
            return WorkItem.of(row);
        }
        try {
            return new WorkItem(row, task.encode(row.text()));
        } catch (RuntimeException e) {
            return WorkItem.of(Row.failed(row.index(), row.line(), row.fields(), "tokenizing failed: " + message(e)));
        }
    }

    /**
     * Runs {@code items}; returns one outcome per item (failed rows carry their reason). Once
     * {@code scope} is cancelled no further call starts and a failed call is not retried, so fewer
     * outcomes may come back.
     */
    public List<RowOutcome> run(List<WorkItem> items, CallGuard guard, CancelScope scope) {
        List<RowOutcome> out = new ArrayList<>(items.size());
        List<WorkItem> runnable = new ArrayList<>(items.size());
        for (WorkItem item : items) {
            WorkItem encoded = item.encoded() != null ? item : encode(item.row());
            if (!encoded.row().isOk()) {
                out.add(RowOutcome.failure(encoded.row(), encoded.row().error()));
            } else {
                runnable.add(encoded);
            }
        }
        int start = 0;
        CallShape shape = new CallShape(rowsPerCall, maxBatchTokens);
        while (start < runnable.size() && !scope.cancelled()) {
            int end = start;
            shape.clear();
            while (end < runnable.size() && shape.fits(runnable.get(end).encoded())) {
                shape.add(runnable.get(end).encoded());
                end++;
            }
            runCall(runnable.subList(start, end), guard, scope, out);
            start = end;
        }
        return out;
    }

    /** Runs rows together; on failure splits them in halves, down to single rows. */
    private void runCall(List<WorkItem> items, CallGuard guard, CancelScope scope, List<RowOutcome> out) {
        List<Encoded> encoded = new ArrayList<>(items.size());
        int longest = 0;
        long real = 0;
        long sequences = 0;
        for (WorkItem item : items) {
            encoded.add(item.encoded());
            longest = Math.max(longest, item.encoded().length());
            real += item.encoded().tokens();
            sequences += item.encoded().sequences();
        }
        long start = System.nanoTime();
        try {
            List<Object[]> results = guard.call(cancel -> {
                scope.enter(guard);
                try {
                    return task.process(encoded, cancel);
                } finally {
                    scope.exit(guard);
                }
            });
            stats.modelNanos.add(System.nanoTime() - start);
            stats.modelCalls.increment();
            stats.realTokens.add(real);
            stats.paddedTokens.add(longest * sequences);
            for (int i = 0; i < items.size(); i++) {
                out.add(RowOutcome.success(items.get(i).row(), results.get(i)));
            }
        } catch (Exception e) {
            if (items.size() > 1 && !scope.cancelled()) { // a cancelled call is not retried
                int half = items.size() / 2;
                runCall(items.subList(0, half), guard, scope, out);
                runCall(items.subList(half, items.size()), guard, scope, out);
            } else {
                for (WorkItem item : items) {
                    out.add(RowOutcome.failure(item.row(), guard.describe(e)));
                }
            }
        }
    }

    /** The first line of an exception's message, or its class name. */
    public static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
