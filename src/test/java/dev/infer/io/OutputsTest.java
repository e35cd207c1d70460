package dev.infer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library edges of writing outputs: kinds of paths, OS reasons, failures that name the file, gzip members. */
class OutputsTest {
    @TempDir
    Path dir;

    @Test
    void pathsAreClassifiedBeforeAnythingIsOpened() throws IOException {
        assertEquals(OutputKind.STDOUT, OutputKind.of("-"));
        assertEquals(OutputKind.FILE, OutputKind.of(dir.resolve("new.csv").toString()));
        Files.writeString(dir.resolve("old.csv"), "x");
        assertEquals(OutputKind.FILE, OutputKind.of(dir.resolve("old.csv").toString()));
        assertEquals(OutputKind.DIRECTORY, OutputKind.of(dir.toString()));
        assertEquals(OutputKind.SPECIAL, OutputKind.of("/dev/null"));
        assertEquals(OutputKind.SPECIAL, OutputKind.of("/dev/stdout"));
        assertEquals(OutputKind.SPECIAL, OutputKind.of("/proc/self/fd/1"));
        assertTrue(OutputKind.FILE.resumable() && !OutputKind.SPECIAL.resumable() && !OutputKind.STDOUT.resumable());
    }

    @Test
    void osReasonsReadAsAUserExpects() {
        assertEquals("permission denied", OsReason.of(new AccessDeniedException("/x")));
        assertEquals("no such file or directory", OsReason.of(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("no space left on device", OsReason.of(new IOException("No space left on device")));
        assertTrue(OsReason.isBrokenPipe(new IOException("Broken pipe")));
    }

    @Test
    void everyFailedWriteNamesTheOutput() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Input/output error");
            }
        };
        OutputFailure f = assertThrows(OutputFailure.class,
                () -> GuardedOutputStream.file(failing, "rejects.jsonl").write(1));
        assertEquals("cannot write 'rejects.jsonl': input/output error", f.getMessage());
        OutputStream pipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        assertInstanceOf(OutputClosed.class, assertThrows(IOException.class,
                () -> new GuardedOutputStream(pipe, "standard output", true).write(1)));
        assertInstanceOf(OutputFailure.class, assertThrows(IOException.class,
                () -> GuardedOutputStream.file(pipe, "a.csv").write(1)));
    }

    @Test
    void gzipOutputIsOneCompleteMemberPerFlushAndResumesAtAMemberEdge() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        GzipMembersOutputStream gz = new GzipMembersOutputStream(sink, false);
        gz.write("first\n".getBytes(StandardCharsets.UTF_8));
        gz.flush();
        int edge = sink.size();
        assertEquals("first\n", gunzip(sink.toByteArray()), "a flush point is a valid gzip file");
        gz.write("second\n".getBytes(StandardCharsets.UTF_8));
        gz.close();
        assertEquals("first\nsecond\n", gunzip(sink.toByteArray()));

        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        resumed.write(sink.toByteArray(), 0, edge); // truncated to the checkpointed length
        try (GzipMembersOutputStream more = new GzipMembersOutputStream(resumed, true)) {
            more.write("again\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("first\nagain\n", gunzip(resumed.toByteArray()));

        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        new GzipMembersOutputStream(empty, false).close();
        assertEquals("", gunzip(empty.toByteArray()), "no rows is still a valid gzip file");
    }

    private static String gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
