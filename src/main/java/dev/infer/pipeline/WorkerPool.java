package dev.infer.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Owns the worker threads. A worker that dies (an Error escaped it) is replaced at once, and the
 * replacement runs the dead worker's batch first, so no row is lost; a batch that kills
 * {@link #MAX_ATTEMPTS} workers fails its rows instead of looping.
 */
final class WorkerPool {
    static final int MAX_ATTEMPTS = 2;

    /** Makes a worker: (orphan batch or null, attempt) -> runnable. */
    private final BiFunction<Batch, Integer, Runnable> workers;
    private final List<Thread> threads = new ArrayList<>();
    private int started;
    private int replaced;
    private volatile String lastCause = "";

    WorkerPool(BiFunction<Batch, Integer, Runnable> workers) {
        this.workers = workers;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            spawn(null, 0);
        }
    }

    /** Called by a dying worker, on its own thread. */
    void died(Batch inFlight, int attempt, Throwable cause) {
        lastCause = cause.toString();
        synchronized (this) {
            replaced++;
        }
        spawn(inFlight, inFlight == null ? 0 : attempt);
    }

    String lastCause() {
        return lastCause;
    }

    synchronized int replaced() {
        return replaced;
    }

    private synchronized void spawn(Batch orphan, int attempt) {
        Thread t = new Thread(workers.apply(orphan, attempt), "infer-worker-" + (++started));
        threads.add(t);
        t.start();
    }

    /** Waits until every worker, replacements included, has ended, or until {@code deadlineNanos}. */
    boolean join(long deadlineNanos) throws InterruptedException {
        while (true) {
            Thread alive = null;
            synchronized (this) {
                for (Thread t : threads) {
                    if (t.isAlive()) {
                        alive = t;
                        break;
                    }
                }
            }
            if (alive == null) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            alive.join(Math.max(1, Math.min(50, left / 1_000_000)));
        }
    }
}
