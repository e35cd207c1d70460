package dev.infer.pipeline;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Duration;

/**
 * One worker's model-call options, with a deadline a watchdog can enforce: a call that runs past
 * {@code --batch-timeout} is cancelled inside ONNX Runtime (RunOptions terminate), not abandoned.
 */
final class CallGuard implements AutoCloseable {
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final OrtSession.RunOptions options;
    private final Duration timeout;
    private long deadline = NO_DEADLINE;
    private boolean timedOut;

    /** @param withOptions whether calls run the model (tokenize does not, and needs no ORT at all) */
    CallGuard(boolean withOptions, Duration timeout) {
        this.timeout = timeout;
        try {
            this.options = withOptions ? new OrtSession.RunOptions() : null;
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create ONNX Runtime run options", e);
        }
    }

    @FunctionalInterface
    interface Call<R> {
        R run(OrtSession.RunOptions options) throws Exception;
    }

    <R> R call(Call<R> call) throws Exception {
        synchronized (this) {
            timedOut = false;
            deadline = timeout == null ? NO_DEADLINE : System.nanoTime() + timeout.toNanos();
        }
        try {
            return call.run(options);
        } finally {
            synchronized (this) {
                deadline = NO_DEADLINE;
                if (timedOut && options != null) {
                    options.setTerminate(false); // ready for the next call
                }
            }
        }
    }

    /** Called by the watchdog: cancels the running call if it is past its deadline. */
    synchronized void enforce(long now) throws OrtException {
        if (deadline != NO_DEADLINE && now > deadline && !timedOut && options != null) {
            timedOut = true;
            options.setTerminate(true);
        }
    }

    /** Cancels the running call now (the grace period after a stop ran out). */
    synchronized void cancel() {
        if (deadline != NO_DEADLINE && options != null) {
            try {
                options.setTerminate(true);
                timedOut = true;
            } catch (OrtException e) {
                // the call ends on its own; nothing else to do
            }
        }
    }

    /** Why the last failed call failed, in words for the row's error field. */
    synchronized String describe(Exception e) {
        if (timedOut) {
            return timeout == null ? "inference cancelled: the run was stopped"
                    : "inference timed out after " + timeout.toMillis() + " ms";
        }
        return "inference failed: " + Worker.message(e);
    }

    @Override
    public void close() {
        if (options != null) {
            options.close();
        }
    }
}
