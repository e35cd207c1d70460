package dev.infer.pipeline;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancellation of one job (a file run, one HTTP request): once {@link #cancel()}ed, its queued
 * units never start, its running model calls are cancelled inside ONNX Runtime, and a failing call is
 * not retried in halves.
 *
 * <p>Concurrency: any thread may cancel; workers register the call they run for the scope.
 */
public final class CancelScope {
    private volatile boolean cancelled;
    private final Set<CallGuard> running = ConcurrentHashMap.newKeySet();

    public void cancel() {
        cancelled = true; // set before looking at running calls: see enter()
        for (CallGuard g : running) {
            g.cancel();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** A worker starts a call for this scope; called once the guard's call is running. */
    void enter(CallGuard guard) {
        running.add(guard);
        if (cancelled) {
            guard.cancel(); // cancelled between the check and the start of the call
        }
    }

    void exit(CallGuard guard) {
        running.remove(guard);
    }
}
