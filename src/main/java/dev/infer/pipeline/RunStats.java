package dev.infer.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one run, updated by the pipeline's threads and read by progress reporting. */
public final class RunStats {
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong rowsWritten = new AtomicLong();
    final AtomicLong rowsFailed = new AtomicLong();
    final AtomicLong rowsSkipped = new AtomicLong();
    final LongAdder realTokens = new LongAdder();
    final LongAdder paddedTokens = new LongAdder();
    final LongAdder modelCalls = new LongAdder();
    final LongAdder modelNanos = new LongAdder();
    final AtomicLong bytesRead = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile int queueDepth;

    void queueDepth(int depth) {
        queueDepth = depth;
    }

    public Snapshot snapshot() {
        long calls = modelCalls.sum();
        long real = realTokens.sum();
        long padded = paddedTokens.sum();
        return new Snapshot(rowsRead.get(), rowsWritten.get(), rowsFailed.get(), rowsSkipped.get(),
                bytesRead.get(), queueDepth, calls, calls == 0 ? 0 : modelNanos.sum() / 1e6 / calls,
                real, padded, (System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * @param rowsRead       data rows read from the input
     * @param rowsWritten    rows written to the output (results and recorded errors)
     * @param rowsFailed     rows that failed (bad input or failed inference), written or not
     * @param rowsSkipped    failed rows left out of the output ({@code --on-error skip})
     * @param bytesRead      input bytes consumed
     * @param queueDepth     batches waiting for a worker
     * @param modelCalls     model runs
     * @param meanCallMillis mean latency of one model run
     * @param realTokens     tokens of the rows run
     * @param paddedTokens   tokens the model computed, padding included
     * @param seconds        time since the run started
     */
    public record Snapshot(long rowsRead, long rowsWritten, long rowsFailed, long rowsSkipped, long bytesRead,
                           int queueDepth, long modelCalls, double meanCallMillis, long realTokens,
                           long paddedTokens, double seconds) {

        public double rowsPerSecond() {
            return seconds > 0 ? (rowsWritten + rowsSkipped) / seconds : 0;
        }

        /** Real tokens / computed tokens: 1.0 means no padding waste. */
        public double paddingEfficiency() {
            return paddedTokens == 0 ? 1.0 : (double) realTokens / paddedTokens;
        }
    }
}
