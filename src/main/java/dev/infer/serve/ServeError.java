package dev.infer.serve;

/** An HTTP error answer: status, TEI-style {@code error_type} and a one-sentence message. */
final class ServeError extends RuntimeException {
    final int status;
    final String type;

    ServeError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ServeError validation(int status, String message) {
        return new ServeError(status, "Validation", message);
    }
}
