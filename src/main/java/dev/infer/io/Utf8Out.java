package dev.infer.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The writers' output buffer: text goes in as UTF-8 bytes and numbers as their digits, straight into one
 * byte array that is handed to the stream when full or flushed. No String, char buffer or encoder sits in
 * between, so a float costs no object ({@link FloatText}).
 *
 * <p>Text is encoded as {@code OutputStreamWriter} encodes it with UTF-8 (what the writers used before):
 * a surrogate without its partner becomes {@code ?}. Without a stream (see {@link #inMemory}) the buffer
 * grows instead, for a value that must be seen whole before it is written (a CSV cell that may need quotes).
 *
 * <p>Not thread-safe: one writer thread.
 */
final class Utf8Out {
    private static final int ROOM = 4; // the most bytes one char (a surrogate pair) needs

    private final OutputStream out;
    private byte[] buf;
    private int pos;

    Utf8Out(OutputStream out, int size) {
        this.out = out;
        this.buf = new byte[Math.max(64, size)];
    }

    /** A buffer that keeps everything in memory (it never throws). */
    static Utf8Out inMemory(int size) {
        return new Utf8Out(null, size);
    }

    /** One ASCII character. */
    void ascii(char c) throws IOException {
        if (pos == buf.length) {
            drain(1);
        }
        buf[pos++] = (byte) c;
    }

    /** Text known to be ASCII (number text). */
    void ascii(String s) throws IOException {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    void text(String s) throws IOException {
        text(s, 0, s.length());
    }

    /** The chars {@code from} (inclusive) to {@code to} (exclusive) of {@code s}, as UTF-8. */
    void text(String s, int from, int to) throws IOException {
        int i = from;
        while (i < to) {
            if (buf.length - pos < ROOM) {
                drain(ROOM);
            }
            // ASCII runs, the common case, with one bounds check per run
            int stop = Math.min(to, i + buf.length - pos);
            char c;
            while (i < stop && (c = s.charAt(i)) < 0x80) {
                buf[pos++] = (byte) c;
                i++;
            }
            if (i == to || i == stop) {
                continue;
            }
            if (buf.length - pos < ROOM) {
                drain(ROOM);
            }
            c = s.charAt(i++);
            if (c < 0x800) {
                buf[pos++] = (byte) (0xc0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                buf[pos++] = (byte) (0xe0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[pos++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(s.charAt(i))) {
                int cp = Character.toCodePoint(c, s.charAt(i++));
                buf[pos++] = (byte) (0xf0 | cp >> 18);
                buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[pos++] = (byte) (0x80 | cp & 0x3f);
            } else {
                buf[pos++] = '?'; // the UTF-8 encoder's replacement for a lone surrogate
            }
        }
    }

    /** A float's shortest round-trip text ({@link FloatText}). */
    void floatText(float v) throws IOException {
        room(FloatText.MAX_LENGTH);
        pos = FloatText.write(v, buf, pos);
    }

    /** A whole number's decimal digits, as {@code Long.toString} writes them. */
    void number(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        room(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int len = 1;
        for (long p = 10; len < 19 && v >= p; p *= 10) {
            len++;
        }
        for (int i = pos + len - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += len;
    }

    /** Bytes written since the last {@link #reset} (in-memory buffers). */
    int length() {
        return pos;
    }

    byte byteAt(int i) {
        return buf[i];
    }

    void reset() {
        pos = 0;
    }

    /** Appends bytes {@code from} to {@code to} of another buffer's content. */
    void bytes(Utf8Out source, int from, int to) throws IOException {
        while (from < to) {
            if (pos == buf.length) {
                drain(1);
            }
            int n = Math.min(to - from, buf.length - pos);
            System.arraycopy(source.buf, from, buf, pos, n);
            pos += n;
            from += n;
        }
    }

    void flush() throws IOException {
        if (out != null) {
            writeOut();
            out.flush();
        }
    }

    void close() throws IOException {
        if (out != null) {
            try {
                writeOut();
            } finally {
                out.close();
            }
        }
    }

    /** Makes room for {@code n} more bytes (n is small next to the buffer). */
    private void room(int n) throws IOException {
        if (buf.length - pos < n) {
            drain(n);
        }
    }

    private void drain(int needed) throws IOException {
        if (out == null) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + needed));
        } else {
            writeOut();
        }
    }

    /** On failure the bytes stay, so a later flush or close fails too, as BufferedWriter's did. */
    private void writeOut() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }
}
