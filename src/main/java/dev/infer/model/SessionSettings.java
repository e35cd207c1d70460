package dev.infer.model;

/**
 * How ONNX Runtime may use the cores for one shared session.
 *
 * <p>Workers call {@code run} concurrently on the one session, so every worker brings its own
 * calling thread; intra-op threads come on top. The default layout gives each worker one intra-op
 * thread (its own calling thread) so that N workers on N cores never oversubscribe them.
 *
 * @param intraOpThreads threads ORT may use inside one operator (1 = the calling thread only)
 * @param spinning       whether idle intra-op threads spin (only matters when intraOpThreads > 1)
 */
public record SessionSettings(int intraOpThreads, boolean spinning) {

    public SessionSettings {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1");
        }
    }

    /** The layout for {@code workers} concurrent callers on {@code cores} cores. */
    public static SessionSettings forWorkers(int workers, int cores) {
        return new SessionSettings(Math.max(1, cores / Math.max(1, workers)), false);
    }
}
