package dev.infer.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A long-lived pool of N workers sharing one {@link BatchRunner} (one task, one model session),
 * serving many jobs at once: each {@link WorkUnit} carries its own scope and completion, so a file
 * run and many HTTP requests can share the same workers.
 *
 * <p>A worker that dies (an Error escaped it) is replaced at once, and the replacement runs the dead
 * worker's unit first, so no row is lost; a unit that kills {@link #MAX_ATTEMPTS} workers fails its
 * rows instead of looping. With a call timeout, a watchdog cancels model calls that run longer.
 *
 * <p>Concurrency: {@link #offer} from any thread until {@link #close()}. Close once: queued units still run, then
 * the threads are joined (even if the closing thread is interrupted) and native options freed.
 */
public final class WorkerPool implements AutoCloseable {
    public static final int MAX_ATTEMPTS = 2;

    private final BatchRunner runner;
    private final Duration callTimeout;
    private final String name;
    private final int threads;
    private final BlockingQueue<WorkUnit> queue;
    private final List<Thread> all = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final ScheduledExecutorService watchdog;
    private int started;
    private int replaced;
    private boolean closed;
    private volatile String lastCause = "";

    /**
     * @param queueCapacity units waiting for a worker; {@link #offer} waits or fails past it
     * @param callTimeout   cancel a model call that runs longer (null = never)
     */
    public WorkerPool(BatchRunner runner, int threads, int queueCapacity, Duration callTimeout, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.runner = runner;
        this.callTimeout = callTimeout;
        this.name = name;
        this.threads = threads;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        synchronized (this) {
            for (int i = 0; i < threads; i++) {
                spawn(null);
            }
        }
        this.watchdog = callTimeout != null && runner.task().runsModel() ? startWatchdog() : null;
    }

    /** Queues a unit, waiting up to {@code timeout} for room; false if there was none. */
    public boolean offer(WorkUnit unit, long timeout, TimeUnit unitOfTime) throws InterruptedException {
        checkOpen();
        return queue.offer(unit, timeout, unitOfTime);
    }

    /** Queues a unit if there is room now. */
    public boolean offer(WorkUnit unit) {
        checkOpen();
        return queue.offer(unit);
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
    }

    public BatchRunner runner() {
        return runner;
    }

    public int threads() {
        return threads;
    }

    /** Units waiting for a worker. */
    public int queued() {
        return queue.size();
    }

    /** Workers running a unit now. */
    public int busy() {
        return busy.get();
    }

    /** Workers that died and were replaced so far. */
    public synchronized int replaced() {
        return replaced;
    }

    String lastCause() {
        return lastCause;
    }

    void busy(int delta) {
        busy.addAndGet(delta);
    }

    /** Called by a dying worker, on its own thread. */
    void died(Worker dead, WorkUnit inFlight, Throwable cause) {
        lastCause = cause.toString();
        dead.guard().close();
        synchronized (this) {
            workers.remove(dead);
            replaced++;
            if (inFlight != null) {
                inFlight.deaths++;
            }
            if (!closed || inFlight != null) {
                spawn(inFlight);
            }
        }
    }

    private void spawn(WorkUnit orphan) {
        CallGuard guard = new CallGuard(runner.task().runsModel(), callTimeout);
        Worker w = new Worker(queue, runner, guard, this, orphan);
        Thread t = new Thread(w, name + "-worker-" + (++started));
        workers.add(w);
        all.add(t);
        t.start();
    }

    /** Cancels every running model call now (whatever job it belongs to). */
    public synchronized void cancelRunning() {
        for (Worker w : workers) {
            w.guard().cancel();
        }
    }

    /**
     * Lets queued units run, then ends the workers and waits for them. Safe against interrupts: the
     * threads are always joined and their native options closed; the interrupt is kept for the caller.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = false;
        int ends = 0;
        while (ends < threads) { // behind the queued units: they still run
            try {
                queue.put(Worker.END);
                ends++;
            } catch (InterruptedException e) {
                interrupted = true;
                cancelRunning();
            }
        }
        while (true) {
            Thread alive = null;
            synchronized (this) {
                for (Thread t : all) {
                    if (t.isAlive()) {
                        alive = t;
                        break;
                    }
                }
            }
            if (alive == null) {
                break;
            }
            try {
                alive.join(50);
            } catch (InterruptedException e) {
                interrupted = true;
                cancelRunning(); // hurry: the caller wants out
            }
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        for (WorkUnit left; (left = queue.poll()) != null; ) {
            if (left != Worker.END) {
                left.completion().dropped(); // offered while closing: never ran
            }
        }
        synchronized (this) {
            for (Worker w : workers) {
                w.guard().close();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private ScheduledExecutorService startWatchdog() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(100, callTimeout.toMillis() / 4));
        s.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            List<Worker> snapshot;
            synchronized (this) {
                snapshot = List.copyOf(workers);
            }
            for (Worker w : snapshot) {
                w.guard().enforce(now);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return s;
    }
}
