package dev.infer.io;

/** A problem with the input or output as a whole that the user can fix (exit code 2). */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
