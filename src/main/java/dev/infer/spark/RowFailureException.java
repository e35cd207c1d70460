package dev.infer.spark;

/**
 * A row failed under {@code onError("fail")}: fails the Spark task (and so the job) with a message that
 * names the row (its number in its partition and, with an id column, its id) and why it failed.
 */
public final class RowFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Marks the message inside Spark's wrapping exceptions, so the driver can show it alone. */
    static final String PREFIX = "infer: ";

    RowFailureException(String message) {
        super(PREFIX + message);
    }
}
