package dev.infer.pipeline;

/** More rows failed than {@code --max-errors} allows: the run stops. */
public class TooManyErrorsException extends RowFailedException {
    public TooManyErrorsException(long maxErrors, RowOutcome last) {
        super("more than " + maxErrors + (maxErrors == 1 ? " row" : " rows") + " failed (the last at line " + last.row().line() + ": "
                + last.error() + "); stopping");
    }
}
