package dev.infer.io;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Reads input rows one at a time, in input order. Not thread-safe: one reader thread owns it.
 *
 * <p>A row that cannot be used (bad JSON, missing text field, invalid UTF-8, ...) is returned as a
 * {@link Row} with an error, never thrown, so one bad line does not stop the run. Problems with the
 * input as a whole (unreadable file, missing text column) are thrown as {@link InputException}.
 */
public interface RowReader extends Closeable {

    /** The next row, or {@code null} at the end of the input. */
    Row next() throws IOException;

    /**
     * True when {@link #next()} would probably wait for the source (a pipe with no whole line yet), so rows
     * read so far should not wait for more. False when unsure.
     */
    default boolean inputWaiting() throws IOException {
        return false;
    }

    /** Bytes consumed from the source so far (compressed bytes for .gz input), for progress and ETA. */
    long bytesRead();

    /** The field names known at the start (CSV header, or the first JSON object's keys). */
    List<String> columns();

    /** The name of the field the model reads. */
    String textColumn();

    /** The input's format (given, from the file name, or sniffed); the default output format. */
    Format format();

    /** Size of the source in bytes (compressed size for .gz) when it is a regular file, else -1; the ETA's denominator. */
    default long totalBytes() {
        return -1;
    }
}
