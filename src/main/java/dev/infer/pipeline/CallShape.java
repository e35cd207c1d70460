package dev.infer.pipeline;

import dev.infer.model.Encoded;

/**
 * The one rule for what fits in a model call, used where calls are cut (the {@link Batcher}'s length-sorted
 * batches and the {@link BatchRunner}'s calls): at most {@code rowsPerCall} rows, and at most
 * {@code maxBatchTokens} padded tokens — every sequence of the call (a row of parts brings several) padded to
 * the call's longest. Mutable and single-threaded: one per cut. Serve's cross-request batching cuts by it too.
 */
public final class CallShape {
    private final int rowsPerCall;
    private final int maxBatchTokens;
    private int rows;
    private long sequences;
    private int longest;

    public CallShape(int rowsPerCall, int maxBatchTokens) {
        this.rowsPerCall = rowsPerCall;
        this.maxBatchTokens = maxBatchTokens;
    }

    /** Whether {@code e} may join the call (a first row always may: it runs alone if it must). */
    public boolean fits(Encoded e) {
        if (rows == 0) {
            return true;
        }
        int newLongest = Math.max(longest, e.length());
        return rows < rowsPerCall && (sequences + e.sequences()) * newLongest <= maxBatchTokens;
    }

    public void add(Encoded e) {
        rows++;
        sequences += e.sequences();
        longest = Math.max(longest, e.length());
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    public void clear() {
        rows = 0;
        sequences = 0;
        longest = 0;
    }
}
