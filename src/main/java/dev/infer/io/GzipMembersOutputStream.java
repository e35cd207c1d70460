package dev.infer.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gzip output written as a series of complete gzip members, one per flush. Every flush point is
 * therefore the end of a valid gzip file: a checkpoint taken there can truncate the output to it and
 * a resumed run append new members (concatenated members are one gzip stream to gunzip, zcat and
 * infer). Flushes come with checkpoints (every 2 s), so the compression lost at member edges is small.
 */
final class GzipMembersOutputStream extends OutputStream {
    private final OutputStream sink;
    private GZIPOutputStream member;
    private boolean wroteMember;

    /** @param hasMembers the sink already holds members (a resumed run): do not add an empty one at close */
    GzipMembersOutputStream(OutputStream sink, boolean hasMembers) {
        this.sink = sink;
        this.wroteMember = hasMembers;
    }

    @Override
    public void write(int b) throws IOException {
        open().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            open().write(b, off, len);
        }
    }

    private GZIPOutputStream open() throws IOException {
        if (member == null) {
            member = new GZIPOutputStream(new NonClosingOutputStream(sink), 1 << 16);
        }
        return member;
    }

    /** Ends the current member (if any) and flushes the sink. */
    @Override
    public void flush() throws IOException {
        if (member != null) {
            member.finish();
            member = null;
            wroteMember = true;
        }
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        if (!wroteMember) {
            open(); // an empty output is still a valid (empty) gzip file
        }
        flush();
        sink.close();
    }
}
