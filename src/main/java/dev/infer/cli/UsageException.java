package dev.infer.cli;

/** A command-line mistake found after parsing (conflicting flags, bad values); exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
