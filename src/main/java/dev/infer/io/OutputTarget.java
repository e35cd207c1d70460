package dev.infer.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where output bytes go (see {@link OutputKind}). A regular file is written as {@code FILE.partial}
 * and renamed to {@code FILE} only when the run completes, so an interrupted run never leaves a file
 * that looks finished. Stdout, FIFOs and devices are streamed as they are.
 *
 * <p>Every write failure surfaces as an {@link OutputFailure} naming the output (a broken pipe on
 * standard output or a FIFO as {@link OutputClosed}); nothing is swallowed, unlike
 * {@code System.out}. A name ending in {@code .gz} is written as gzip, one member per flush (see
 * {@link GzipMembersOutputStream}), so a checkpoint always ends at a member boundary.
 */
public final class OutputTarget implements AutoCloseable {
    public static final String PARTIAL_SUFFIX = ".partial";

    private final Path finalPath;
    private final Path partialPath;
    private final FileChannel channel;
    private final OutputStream stream;
    private final String name;

    private OutputTarget(Path finalPath, Path partialPath, FileChannel channel, OutputStream stream, String name) {
        this.finalPath = finalPath;
        this.partialPath = partialPath;
        this.channel = channel;
        this.stream = stream;
        this.name = name;
    }

    /** Opens {@code out} as {@link OutputKind} says; {@code keepBytes} as in {@link #file}. */
    public static OutputTarget open(String out, long keepBytes) {
        return switch (OutputKind.of(out)) {
            case STDOUT -> stdout();
            case FILE -> file(Path.of(out), keepBytes);
            case SPECIAL -> special(Path.of(out));
            case DIRECTORY -> throw new InputException("cannot write output file '" + out + "': it is a directory");
        };
    }

    /** Standard output, through the file descriptor itself: System.out would swallow a failed write. */
    public static OutputTarget stdout() {
        OutputStream fd = new FileOutputStream(FileDescriptor.out);
        OutputStream guarded = new GuardedOutputStream(new NonClosingOutputStream(fd), "standard output", true);
        return new OutputTarget(null, null, null, new BufferedOutputStream(guarded, 1 << 16), "standard output");
    }

    /** A FIFO or device: opened for writing in place (a FIFO waits for its reader), never created or renamed. */
    static OutputTarget special(Path path) {
        try {
            OutputStream os = Files.newOutputStream(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            OutputStream guarded = new GuardedOutputStream(os, "'" + path + "'", true);
            return new OutputTarget(null, null, null, gzipIfNamed(path, new BufferedOutputStream(guarded, 1 << 16), false),
                    "'" + path + "'");
        } catch (IOException e) {
            throw new InputException("cannot write output '" + path + "': " + OsReason.of(e), e);
        }
    }

    /**
     * Opens {@code FILE.partial} for writing.
     *
     * @param keepBytes -1 to start a new file; otherwise resume: truncate the partial file to this many
     *                  bytes (the checkpointed length) and append after them
     */
    public static OutputTarget file(Path path, long keepBytes) {
        Path partial = partialOf(path);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new InputException("cannot write output file '" + path + "': folder " + parent + " does not exist");
            }
            FileChannel ch;
            if (keepBytes < 0) {
                ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                ch = FileChannel.open(partial, StandardOpenOption.WRITE);
                if (ch.size() < keepBytes) {
                    ch.close();
                    throw new InputException("cannot resume: " + partial + " is shorter than its checkpoint says");
                }
                ch.truncate(keepBytes);
                ch.position(keepBytes);
            }
            String name = "'" + partial + "'";
            OutputStream guarded = new GuardedOutputStream(Channels.newOutputStream(ch), name, false);
            OutputStream out = gzipIfNamed(path, new BufferedOutputStream(guarded, 1 << 16), keepBytes > 0);
            return new OutputTarget(path, partial, ch, out, name);
        } catch (InputException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw new InputException("cannot write output file '" + partial + "': permission denied", e);
        } catch (IOException e) {
            throw new InputException("cannot write output file '" + partial + "': " + OsReason.of(e), e);
        }
    }

    private static OutputStream gzipIfNamed(Path path, OutputStream out, boolean hasMembers) {
        return Format.isGzipName(path.getFileName().toString()) ? new GzipMembersOutputStream(out, hasMembers) : out;
    }

    public static Path partialOf(Path path) {
        return path.resolveSibling(path.getFileName() + PARTIAL_SUFFIX);
    }

    public OutputStream stream() {
        return stream;
    }

    public boolean isFile() {
        return channel != null;
    }

    /** Forces written bytes to disk (regular files only); returns the durable length, or -1 otherwise. */
    public long sync() throws IOException {
        stream.flush();
        if (channel == null) {
            return -1;
        }
        try {
            channel.force(false);
            return channel.size();
        } catch (IOException e) {
            throw OutputFailure.of(name, e);
        }
    }

    /** The run completed: make the output durable and give it its final name. */
    public void complete() throws IOException {
        sync();
        stream.close();
        if (partialPath != null) {
            try {
                try {
                    Files.move(partialPath, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partialPath, finalPath, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw OutputFailure.of("'" + finalPath + "'", e);
            }
        }
    }

    /** Closes without completing: a file stays as FILE.partial (for --resume). */
    @Override
    public void close() throws IOException {
        stream.close();
    }
}
