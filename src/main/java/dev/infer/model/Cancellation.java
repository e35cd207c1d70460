package dev.infer.model;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The cancellation handle of one thread's model calls: {@link #cancel()} ends the call running with
 * it inside ONNX Runtime (RunOptions terminate), from any thread. It hides ONNX Runtime's
 * {@code RunOptions} from tasks and front ends.
 *
 * <p>Concurrency: one thread runs calls with a handle at a time; {@link #cancel()} may be called from
 * any other thread. {@link #close()} frees the native options; call it once no call uses the handle.
 */
public final class Cancellation implements AutoCloseable {
    /** For work that runs no model (tokenizing): cancelling it is a no-op. */
    public static final Cancellation NONE = new Cancellation(null);

    private final OrtSession.RunOptions options;
    private volatile boolean cancelled;

    private Cancellation(OrtSession.RunOptions options) {
        this.options = options;
    }

    /** A handle backed by native ONNX Runtime options. */
    public static Cancellation create() {
        try {
            return new Cancellation(new OrtSession.RunOptions());
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create ONNX Runtime run options", e);
        }
    }

    /** Whether this handle can cancel a model call (false for {@link #NONE}). */
    public boolean cancelsModelCalls() {
        return options != null;
    }

    /** Ends the running call, if any; the call fails with an ONNX Runtime error. */
    public void cancel() {
        if (options != null) {
            cancelled = true;
            try {
                options.setTerminate(true);
            } catch (OrtException e) {
                // the call then ends on its own; nothing more to do
            }
        }
    }

    /** Makes the handle usable again after a cancel. */
    public void reset() {
        if (options != null) {
            cancelled = false;
            try {
                options.setTerminate(false);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot reset ONNX Runtime run options", e);
            }
        }
    }

    /**
     * Whether the running call was cancelled: for work inside a call that waits on something other than
     * ONNX Runtime, which ends ONNX Runtime's own calls by itself.
     */
    public boolean cancelled() {
        return cancelled;
    }

    OrtSession.RunOptions runOptions() {
        return options;
    }

    @Override
    public void close() {
        if (options != null) {
            options.close();
        }
    }
}
