package dev.infer.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Turns every I/O failure of the wrapped stream into an {@link OutputFailure} that names the output,
 * so a full disk on the errors file reads "cannot write 'rejects.jsonl': no space left on device"
 * wherever it surfaces. On standard output a broken pipe becomes {@link OutputClosed}.
 */
final class GuardedOutputStream extends FilterOutputStream {
    private final String target;
    private final boolean stdout;

    GuardedOutputStream(OutputStream out, String target, boolean stdout) {
        super(out);
        this.target = target;
        this.stdout = stdout;
    }

    /** Wraps a file output named as the user typed it. */
    static GuardedOutputStream file(OutputStream out, Object path) {
        return new GuardedOutputStream(out, "'" + path + "'", false);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private OutputFailure failure(IOException e) {
        if (e instanceof OutputFailure f) {
            return f;
        }
        if (stdout && OsReason.isBrokenPipe(e)) {
            return new OutputClosed(target, e);
        }
        return OutputFailure.of(target, e);
    }
}
