package dev.infer.io;

import dev.infer.UserFacingException;

/** A problem with the input or output as a whole that the user can fix (exit code 2). */
public class InputException extends UserFacingException {
    public InputException(String message) {
        super(message, null);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
