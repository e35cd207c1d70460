package dev.infer.pipeline;

/**
 * Shared stop signal of one run. {@link #stop()} asks the reader to stop taking rows (graceful);
 * {@link #fail} records why the run cannot go on (the first reason wins).
 */
final class RunControl {
    private volatile boolean stopped;
    private volatile boolean abandoned;
    private volatile RuntimeException failure;
    /** The run's work units: cancelled once the run fails or is abandoned. */
    final CancelScope scope = new CancelScope();

    void stop() {
        stopped = true;
    }

    synchronized void fail(RuntimeException reason) {
        if (failure == null) {
            failure = reason;
        }
        stopped = true;
        scope.cancel(); // queued work is pointless now: skip it
    }

    /** Work in flight took longer than the grace period: drop what is left. */
    void abandon() {
        stopped = true;
        abandoned = true;
        scope.cancel();
    }

    boolean abandoned() {
        return abandoned;
    }

    boolean stopped() {
        return stopped;
    }

    RuntimeException failure() {
        return failure;
    }
}
