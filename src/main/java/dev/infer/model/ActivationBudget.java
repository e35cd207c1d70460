package dev.infer.model;

import java.util.concurrent.Semaphore;

/**
 * Bounds the activation memory of the model calls running at once on one session: together they may
 * hold at most what one full batch of 32 rows of 256 tokens holds.
 *
 * <p>Why: a transformer's activations grow with rows × tokens² (the attention scores), and ONNX Runtime's
 * arena keeps what its largest moment needed. Two workers that each run a long 32-row batch at the same
 * time doubled the peak (1.1 GB at {@code --batch-size 32}); admitted one at a time, the peak stays near
 * one batch's. One-row calls cost at most 512² = 1/8 of the budget, so with the default batching no call
 * ever waits. Which rows form a batch does not change, only when it runs: outputs are the same.
 *
 * <p>Concurrency: any number of threads; a call's cost is capped at the whole budget, so every call can run
 * (alone, if it must), and the semaphore is fair, so a large call is not starved by small ones.
 */
final class ActivationBudget {
    /** Attention cells (rows × tokens²) of a 32-row, 256-token batch. */
    static final int CELLS = 32 * 256 * 256;

    private final Semaphore cells = new Semaphore(CELLS, true);

    /** Waits until a call of {@code rows} × {@code seq} tokens fits; returns what to {@link #release}. */
    int acquire(int rows, int seq) {
        int cost = cost(rows, seq);
        // Uninterruptible: the wait is bounded by the calls running now, each bounded by its own timeout.
        cells.acquireUninterruptibly(cost);
        return cost;
    }

    void release(int cost) {
        cells.release(cost);
    }

    static int cost(int rows, int seq) {
        return (int) Math.min(CELLS, Math.max(1L, (long) rows * seq * seq));
    }
}
