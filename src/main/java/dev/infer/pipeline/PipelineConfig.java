package dev.infer.pipeline;

import java.time.Duration;

/**
 * How rows move through the pipeline. Nothing here changes a row's answer except
 * {@code rowsPerCall} on batch-sensitive models (see README, "Batching and exact answers").
 *
 * @param threads        worker threads sharing the one model session
 * @param rowsPerCall    rows run together in one model call (1 = each row alone)
 * @param maxBatchTokens cap on rows x padded length of one model call
 * @param queueCapacity  batches waiting between reader and workers (backpressure)
 * @param window         rows grouped by length before batching; windows start at multiples of this
 *                       row number, so batch composition depends on the input alone
 * @param errorPolicy    what to do with rows that fail
 * @param maxErrors      stop the run once more rows than this failed (-1 = no limit)
 * @param batchTimeout   cancel a model call that runs longer (null = never)
 * @param grace          after {@link Pipeline#stop()}, how long work in flight may take before it is cancelled
 * @param startRow       rows before this index are already written (resume); they are not output
 */
public record PipelineConfig(
        int threads,
        int rowsPerCall,
        int maxBatchTokens,
        int queueCapacity,
        int window,
        ErrorPolicy errorPolicy,
        long maxErrors,
        Duration batchTimeout,
        Duration grace,
        long startRow) {

    public PipelineConfig {
        require(threads >= 1, "threads must be at least 1");
        require(rowsPerCall >= 1, "rows per call must be at least 1");
        require(maxBatchTokens >= 1, "max batch tokens must be at least 1");
        require(queueCapacity >= 1, "queue capacity must be at least 1");
        require(window >= 1, "window must be at least 1");
        require(startRow >= 0, "start row must not be negative");
        require(grace != null && !grace.isNegative(), "grace must not be negative");
    }

    /** Rows handed to a worker at once when each row runs alone: amortizes queue hand-offs. */
    static final int EXACT_UNIT = 8;

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /** Rows grouped by length when batching: large enough to find equal lengths, small enough to stay flat. */
    public static final int DEFAULT_WINDOW = 1024;

    public static PipelineConfig defaults(int threads) {
        return new PipelineConfig(threads, 1, 8192, 4 * threads, DEFAULT_WINDOW, ErrorPolicy.RECORD, -1, null, DEFAULT_GRACE, 0);
    }

    public boolean batched() {
        return rowsPerCall > 1;
    }

    /** Rows per window: the length-grouping window when batching, else one hand-off unit. */
    public int effectiveWindow() {
        return batched() ? Math.max(window, rowsPerCall) : EXACT_UNIT;
    }

    /** The same settings with another error policy. */
    public PipelineConfig withErrorPolicy(ErrorPolicy policy) {
        return new PipelineConfig(threads, rowsPerCall, maxBatchTokens, queueCapacity, window, policy, maxErrors,
                batchTimeout, grace, startRow);
    }

    public PipelineConfig withStartRow(long row) {
        return new PipelineConfig(threads, rowsPerCall, maxBatchTokens, queueCapacity, window, errorPolicy,
                maxErrors, batchTimeout, grace, row);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
