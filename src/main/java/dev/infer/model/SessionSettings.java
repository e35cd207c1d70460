package dev.infer.model;

/**
 * How ONNX Runtime may use the cores and memory for one shared session.
 *
 * <p>Workers call {@code run} concurrently on the one session, so every worker brings its own
 * calling thread; intra-op threads come on top. The default layout gives each worker one intra-op
 * thread (its own calling thread) so that N workers on N cores never oversubscribe them.
 *
 * @param intraOpThreads threads ORT may use inside one operator (1 = the calling thread only)
 * @param spinning       whether idle intra-op threads spin (only matters when intraOpThreads > 1)
 * @param memoryPatterns whether ORT plans and keeps one memory block per input shape. With one-row calls
 *                       that saves ~10% CPU and holds little; with multi-row batches every [rows, tokens]
 *                       shape keeps a large block (1.1 GB peak at {@code --batch-size 32}, 0.74-0.86 GB without
 *                       them, same outputs), so {@link #of} turns them off for those
 */
public record SessionSettings(int intraOpThreads, boolean spinning, boolean memoryPatterns) {

    public SessionSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1");
        }
    }

    /** With memory patterns (one-row calls). */
    public SessionSettings(int intraOpThreads, boolean spinning) {
        this(intraOpThreads, spinning, true);
    }

    /** The layout for {@code workers} concurrent callers on {@code cores} cores. */
    public static SessionSettings forWorkers(int workers, int cores) {
        return new SessionSettings(Math.max(1, cores / Math.max(1, workers)), false);
    }

    /**
     * What every front end uses: {@code intraOpThreads} if given, else {@link #forWorkers}; memory patterns
     * off when {@code batchSize} asks for more than one row per call.
     */
    public static SessionSettings of(Integer intraOpThreads, int workers, int cores, Integer batchSize) {
        SessionSettings layout = intraOpThreads != null ? new SessionSettings(intraOpThreads, false)
                : forWorkers(workers, cores);
        return new SessionSettings(layout.intraOpThreads(), layout.spinning(), batchSize == null || batchSize <= 1);
    }
}
