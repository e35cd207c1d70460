package dev.infer.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes that reach the wrapped stream, so a checkpoint can record how far the output got
 * (call {@link RowWriter#flush()} first so the count covers every row written).
 */
public final class CountingOutputStream extends FilterOutputStream {
    private volatile long count;

    public CountingOutputStream(OutputStream out) {
        this(out, 0);
    }

    /** @param start bytes already in the destination, e.g. when appending to a partial output file */
    public CountingOutputStream(OutputStream out, long start) {
        super(out);
        this.count = start;
    }

    public long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
    }

    // FilterOutputStream would write byte by byte.
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
    }
}
