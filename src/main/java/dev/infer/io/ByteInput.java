package dev.infer.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A byte source the parsers read one byte at a time, with look-ahead for sniffing and with
 * {@link #unread} so the CSV parser can re-read lines swallowed by a broken quote. The readers work
 * on bytes rather than chars so that invalid UTF-8 can be pinned to one row and line ends counted
 * exactly.
 */
final class ByteInput implements Closeable {
    private static final int SIZE = 1 << 16;

    private final InputStream in;
    private final CountingInputStream counter;
    private final String name;
    private final boolean gzip;
    private byte[] buf = new byte[SIZE];
    private int pos;
    private int lim;
    private boolean eof;

    ByteInput(InputStream in, CountingInputStream counter, String name, boolean gzip) {
        this.in = in;
        this.counter = counter;
        this.name = name;
        this.gzip = gzip;
    }

    /** The next byte (0-255), or -1 at the end. */
    int read() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    /** Steps back over the byte just returned by {@link #read()} (only valid right after a read that returned a byte). */
    void back() {
        pos--;
    }

    /** Puts bytes back in front of the unread input. */
    void unread(byte[] b, int off, int len) {
        int rest = lim - pos;
        byte[] nb = new byte[Math.max(SIZE, len + rest)];
        System.arraycopy(b, off, nb, 0, len);
        System.arraycopy(buf, pos, nb, len, rest);
        buf = nb;
        pos = 0;
        lim = len + rest;
    }

    /** Reads once more into the look-ahead buffer; false at the end of the input. */
    boolean readMore() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            byte[] nb = new byte[buf.length * 2];
            System.arraycopy(buf, 0, nb, 0, lim);
            buf = nb;
        }
        int n = readSource(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim += n;
        return true;
    }

    /** Tries to have at least {@code n} bytes buffered; returns how many are. */
    int ensure(int n) throws IOException {
        while (lim - pos < n && readMore()) {
            // keep reading
        }
        return lim - pos;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int available() {
        return lim - pos;
    }

    /**
     * True when no whole line is buffered and the source has nothing more right now (a pipe whose writer
     * is slow): the next read would wait. A guess on the safe side: false whenever a line may be ready.
     */
    boolean mayWait() throws IOException {
        if (eof) {
            return false;
        }
        for (int i = pos; i < lim; i++) {
            if (buf[i] == '\n') {
                return false;
            }
        }
        return in.available() == 0;
    }

    void skip(int n) {
        pos += n;
    }

    long bytesRead() {
        return counter.count();
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (buf.length != SIZE) {
            buf = new byte[SIZE]; // drop a large buffer left by unread()
        }
        pos = 0;
        lim = 0;
        int n = readSource(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        lim = n;
        return true;
    }

    private int readSource(byte[] b, int off, int len) throws IOException {
        try {
            int n;
            do {
                n = in.read(b, off, len);
            } while (n == 0);
            return n;
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw e;
            }
            // A cut-off download or a corrupt archive is something the user must fix, not a crash.
            throw new IOException(RowReaders.cannotRead(name) + "the gzip data is corrupt or truncated ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
