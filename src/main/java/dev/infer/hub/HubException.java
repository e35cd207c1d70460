package dev.infer.hub;

/** A hub model that cannot be found, fetched or trusted, said in one sentence (a user error: exit 2). */
public final class HubException extends RuntimeException {
    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
