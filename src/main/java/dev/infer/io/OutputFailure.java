package dev.infer.io;

import java.io.IOException;

/**
 * Writing one of the run's outputs failed (disk full, I/O error, a closed pipe, permission denied).
 * Carries the output's name as the user gave it and the operating system's reason, so the message is
 * one sentence about the user's file. An I/O failure (exit code 1), never a usage error.
 */
public class OutputFailure extends IOException {
    private final String target;
    private final String reason;

    public OutputFailure(String target, String reason, Throwable cause) {
        super("cannot write " + target + ": " + reason, cause);
        this.target = target;
        this.reason = reason;
    }

    /** How messages name the output, e.g. {@code 'labeled.csv.partial'} or {@code standard output}. */
    public String target() {
        return target;
    }

    public String reason() {
        return reason;
    }

    /** Wraps a failure of writing {@code target}; keeps an existing OutputFailure as it is. */
    public static OutputFailure of(String target, IOException e) {
        if (e instanceof OutputFailure f) {
            return f;
        }
        return new OutputFailure(target, OsReason.of(e), e);
    }
}
