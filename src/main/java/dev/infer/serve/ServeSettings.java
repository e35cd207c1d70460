package dev.infer.serve;

import java.time.Duration;

/**
 * How the server listens and what it admits.
 *
 * @param host            address to bind (loopback by default)
 * @param port            TCP port; 0 picks a free one
 * @param threads         inference workers sharing the one model session
 * @param rowsPerCall     inputs run together in one model call (1 for batch-sensitive models)
 * @param maxBatchTokens  cap on inputs x padded length of one model call
 * @param maxQueuedInputs inputs admitted and not yet answered; past it, 429
 * @param maxBatchInputs  inputs one request may carry; past it, 413
 * @param payloadLimit    request body bytes; past it, 413
 * @param requestTimeout  answer 504 and cancel a request's work after this (null = never)
 * @param grace           on shutdown, how long requests in flight may take
 * @param accessLog       one line per request on stderr (never the request's text)
 * @param corsAllowOrigins origins whose pages may call the server ("*" for any); empty: no CORS headers
 */
public record ServeSettings(String host, int port, int threads, int rowsPerCall, int maxBatchTokens,
                            int maxQueuedInputs, int maxBatchInputs, long payloadLimit, Duration requestTimeout,
                            Duration grace, boolean accessLog, java.util.List<String> corsAllowOrigins) {
    public ServeSettings {
        corsAllowOrigins = java.util.List.copyOf(corsAllowOrigins);
        if (threads < 1 || rowsPerCall < 1 || maxBatchTokens < 1 || maxQueuedInputs < 1 || maxBatchInputs < 1
                || payloadLimit < 1) {
            throw new IllegalArgumentException("serve limits must be at least 1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535");
        }
    }
}
