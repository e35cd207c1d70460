package dev.infer.cache;

/** The cache file cannot be used (unreadable, not an infer cache, corrupt): a user error, never a wrong answer. */
public final class CacheException extends RuntimeException {
    public CacheException(String message) {
        super(message);
    }

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
