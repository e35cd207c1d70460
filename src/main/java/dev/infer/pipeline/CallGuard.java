package dev.infer.pipeline;

import dev.infer.model.Cancellation;
import java.time.Duration;

/**
 * One worker's model calls, with a deadline a watchdog can enforce: a call that runs past its
 * timeout is cancelled inside ONNX Runtime, not abandoned.
 *
 * <p>Concurrency: {@link #call} runs on the owning worker thread; {@link #enforce} and
 * {@link #cancel} may be called from any thread.
 */
public final class CallGuard implements AutoCloseable {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Cancellation cancellation;
    private final Duration timeout;
    private long deadline = NO_DEADLINE;
    private boolean running; // a call is in progress (with or without a deadline)
    private boolean timedOut;
    private boolean cancelled;

    /**
     * @param runsModel whether calls run the model (tokenize does not, and needs no ONNX Runtime at all)
     * @param timeout   cancel a call that runs longer (null = never)
     */
    public CallGuard(boolean runsModel, Duration timeout) {
        this.timeout = timeout;
        this.cancellation = runsModel ? Cancellation.create() : Cancellation.NONE;
    }

    @FunctionalInterface
    public interface Call<R> {
        R run(Cancellation cancel) throws Exception;
    }

    public <R> R call(Call<R> call) throws Exception {
        synchronized (this) {
            timedOut = false;
            cancelled = false;
            running = true;
            deadline = timeout == null ? NO_DEADLINE : System.nanoTime() + timeout.toNanos();
        }
        try {
            return call.run(cancellation);
        } finally {
            synchronized (this) {
                running = false;
                deadline = NO_DEADLINE;
                if (timedOut || cancelled) {
                    cancellation.reset(); // ready for the next call
                }
            }
        }
    }

    /** Called by the watchdog: cancels the running call if it is past its deadline. */
    public synchronized void enforce(long now) {
        if (deadline != NO_DEADLINE && now > deadline && !timedOut && !cancelled && cancellation.cancelsModelCalls()) {
            timedOut = true;
            cancellation.cancel();
        }
    }

    /** Cancels the running call now (the grace period ran out, or its request timed out). */
    public synchronized void cancel() {
        // "running", not "has a deadline": without --batch-timeout a stop must still reach the running call
        if (running && cancellation.cancelsModelCalls()) {
            cancelled = true;
            cancellation.cancel();
        }
    }

    /** Why the last failed call failed, in words for the row's error field. */
    public synchronized String describe(Exception e) {
        if (timedOut) {
            return "inference timed out after " + timeout.toMillis() + " ms";
        }
        if (cancelled) {
            return "inference cancelled: the run was stopped";
        }
        return "inference failed: " + BatchRunner.message(e);
    }

    @Override
    public void close() {
        cancellation.close();
    }
}
