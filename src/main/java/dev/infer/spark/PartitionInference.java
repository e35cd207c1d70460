package dev.infer.spark;

import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.Batcher;
import dev.infer.pipeline.CallGuard;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.WorkItem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs one partition through the engine's synchronous batch core on the Spark task thread, a bounded
 * window at a time (never the whole partition): rows are numbered within the partition, windows start at
 * multiples of the CLI's window size, and each window is cut exactly as the CLI cuts it (length grouping
 * when batching; one row per call for batch-sensitive models), so a row's numbers are a pure function of
 * its partition's rows, and with one row per call of the row alone.
 */
final class PartitionInference implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final InferOptions options;
    private final ResultColumns columns;
    private final int textIndex;
    private final int idIndex;
    private final int inputWidth;
    private final String textType;

    PartitionInference(InferOptions options, ResultColumns columns, int textIndex, int idIndex, int inputWidth,
                       String textType) {
        this.textType = textType;
        this.options = options;
        this.columns = columns;
        this.textIndex = textIndex;
        this.idIndex = idIndex;
        this.inputWidth = inputWidth;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) throws Exception {
        dev.infer.job.PreparedJob prepared = ExecutorModels.prepare(options);
        PipelineConfig config = ExecutorModels.config(prepared);
        BatchRunner runner = new BatchRunner(prepared.task(), config.rowsPerCall(), config.maxBatchTokens(),
                new RunStats());
        CallGuard guard = new CallGuard(prepared.task().runsModel(), config.batchTimeout());
        TaskContext ctx = TaskContext.get();
        int partition = ctx != null ? ctx.partitionId() : 0;
        if (ctx != null) {
            // The guard holds native run options: closed when the task ends, however it ends.
            ctx.addTaskCompletionListener(new GuardCloser(guard));
        }
        return new Windows(input, runner, new Batcher(config), config, guard, partition, ctx);
    }

    /** Closes a partition's call guard when its task completes (Spark's listener interface, not a lambda). */
    private record GuardCloser(CallGuard guard) implements org.apache.spark.util.TaskCompletionListener {
        @Override
        public void onTaskCompletion(TaskContext context) {
            guard.close();
        }
    }

    /** The lazy output: pulls the next window from the input only when the previous one is consumed. */
    private final class Windows implements Iterator<Row> {
        private final Iterator<Row> input;
        private final BatchRunner runner;
        private final Batcher batcher;
        private final PipelineConfig config;
        private final CallGuard guard;
        private final int partition;
        private final int windowSize;
        private final TaskContext ctx;
        private final CancelScope scope = new CancelScope();
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private long nextIndex;

        Windows(Iterator<Row> input, BatchRunner runner, Batcher batcher, PipelineConfig config, CallGuard guard,
                int partition, TaskContext ctx) {
            this.ctx = ctx;
            this.input = input;
            this.runner = runner;
            this.batcher = batcher;
            this.config = config;
            this.guard = guard;
            this.partition = partition;
            this.windowSize = config.effectiveWindow();
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && input.hasNext()) {
                runWindow();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void runWindow() {
            if (ctx != null) {
                ctx.killTaskIfInterrupted(); // a killed task (speculation, cancelled job) stops between windows
            }
            long start = nextIndex;
            List<Row> rows = new ArrayList<>(windowSize);
            List<WorkItem> items = new ArrayList<>(windowSize);
            while (rows.size() < windowSize && input.hasNext()) {
                Row row = input.next();
                dev.infer.io.Row engineRow = engineRow(nextIndex++, row);
                rows.add(row);
                // Batched runs group by token length, so rows are tokenized first (as the CLI's reader does).
                items.add(config.batched() ? runner.encode(engineRow) : WorkItem.of(engineRow));
            }
            RowOutcome[] outcomes = new RowOutcome[rows.size()];
            for (List<WorkItem> group : config.batched() ? batcher.groups(items) : List.of(items)) {
                for (RowOutcome o : runner.run(group, guard, scope)) {
                    outcomes[(int) (o.row().index() - start)] = o;
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                RowOutcome o = outcomes[i];
                if (o == null) {
                    throw new IllegalStateException("row " + (start + i + 1) + " of partition " + partition
                            + " got no result");
                }
                if (o.failed()) {
                    if (options.onError() == dev.infer.pipeline.ErrorPolicy.FAIL) {
                        throw new RowFailureException(describe(rows.get(i), start + i) + " failed: " + o.error());
                    }
                    if (options.onError() == dev.infer.pipeline.ErrorPolicy.SKIP) {
                        continue;
                    }
                }
                ready.add(output(rows.get(i), o));
            }
        }

        private String describe(Row row, long index) {
            String where = "row " + (index + 1) + " of partition " + partition;
            if (idIndex >= 0) {
                return where + " (" + options.idColumn() + " = " + row.get(idIndex) + ")";
            }
            return where;
        }
    }

    private dev.infer.io.Row engineRow(long index, Row row) {
        Object text = row.get(textIndex);
        if (text == null) {
            return dev.infer.io.Row.failed(index, index + 1, null,
                    "text field '" + options.textColumn() + "' is null");
        }
        if (!(text instanceof String s)) {
            return dev.infer.io.Row.failed(index, index + 1, null, "text field '" + options.textColumn() + "' is "
                    + textType + ", not a string");
        }
        return dev.infer.io.Row.ok(index, index + 1, null, s);
    }

    private Row output(Row row, RowOutcome outcome) {
        Object[] values = new Object[inputWidth + columns.size() + 1];
        for (int i = 0; i < inputWidth; i++) {
            values[i] = row.get(i);
        }
        columns.fill(values, inputWidth, outcome.values(), outcome.error());
        return RowFactory.create(values);
    }
}
