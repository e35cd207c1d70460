package dev.infer.io;

/**
 * Standard output stopped accepting bytes (the reader of the pipe went away, as {@code head} does).
 * Not an error of infer's: the run stops at once and exits 141, as a process killed by SIGPIPE.
 */
public final class OutputClosed extends OutputFailure {
    public OutputClosed(String target, Throwable cause) {
        super(target, "broken pipe", cause);
    }
}
