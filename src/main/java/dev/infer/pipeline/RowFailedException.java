package dev.infer.pipeline;

/** A row failed under {@code --on-error fail}: the run stops there. */
public class RowFailedException extends RuntimeException {
    public RowFailedException(RowOutcome outcome) {
        super("row at line " + outcome.row().line() + " failed: " + outcome.error());
    }

    protected RowFailedException(String message) {
        super(message);
    }
}
