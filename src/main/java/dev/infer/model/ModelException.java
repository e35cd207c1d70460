package dev.infer.model;

/** A model folder or file that cannot serve the request; the message names the file and the problem (exit 2). */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
