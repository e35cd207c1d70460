package dev.infer.pipeline;

import java.io.IOException;

/**
 * Told, from the writer thread, each time a prefix of the output has been written and flushed:
 * the place to record a checkpoint. Called every few seconds and once at the end.
 */
@FunctionalInterface
public interface OutputCommitter {
    OutputCommitter NONE = rows -> { };

    /** @param rowsCommitted input rows (from row 0) whose output is now flushed */
    void committed(long rowsCommitted) throws IOException;

    /**
     * The writer has written rows and now waits for the next one: an output someone reads as it comes
     * (a pipe, {@code | head}) should hand them on now rather than at the next checkpoint.
     */
    default void idle() throws IOException {
    }
}
