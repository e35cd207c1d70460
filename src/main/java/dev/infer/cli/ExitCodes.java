package dev.infer.cli;

/** Every exit code infer uses, in one place (documented in the README). */
public final class ExitCodes {
    /** All rows done, none failed. */
    public static final int OK = 0;
    /** Something else went wrong (I/O failure, a row failed under --on-error fail, too many errors). */
    public static final int FAILURE = 1;
    /** The command line, an input file, a column or a model folder is wrong; nothing was run. */
    public static final int USAGE = 2;
    /** The run completed, but some rows failed (they are in the output with an error, or skipped). */
    public static final int ROWS_FAILED = 3;
    /** Stopped by SIGINT (Ctrl-C): finished work was written and checkpointed. */
    public static final int INTERRUPTED = 130;
    /** Standard output (or a FIFO) was closed by its reader: stopped at once, as a process killed by SIGPIPE. */
    public static final int PIPE_CLOSED = 141;
    /** Stopped by SIGTERM: finished work was written and checkpointed. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
