package dev.infer.model;

import dev.infer.UserFacingException;

/** A model folder or file that cannot serve the request; the message names the file and the problem (exit 2). */
public class ModelException extends UserFacingException {
    public ModelException(String message) {
        super(message, null);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
