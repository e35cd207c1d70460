package dev.infer.pipeline;

/**
 * Shared stop signal of one run. {@link #stop()} asks the reader to stop taking rows (graceful);
 * {@link #fail} records why the run cannot go on (the first reason wins).
 */
final class RunControl {
    private volatile boolean stopped;
    private volatile RuntimeException failure;

    void stop() {
        stopped = true;
    }

    synchronized void fail(RuntimeException reason) {
        if (failure == null) {
            failure = reason;
        }
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    RuntimeException failure() {
        return failure;
    }
}
