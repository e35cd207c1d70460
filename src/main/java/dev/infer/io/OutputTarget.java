package dev.infer.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where output bytes go. A file is written as {@code FILE.partial} and renamed to {@code FILE} only
 * when the run completes, so an interrupted run never leaves a file that looks finished. Stdout is
 * streamed as is.
 */
public final class OutputTarget implements AutoCloseable {
    public static final String PARTIAL_SUFFIX = ".partial";

    private final Path finalPath;
    private final Path partialPath;
    private final FileChannel channel;
    private final OutputStream stream;

    private OutputTarget(Path finalPath, Path partialPath, FileChannel channel, OutputStream stream) {
        this.finalPath = finalPath;
        this.partialPath = partialPath;
        this.channel = channel;
        this.stream = stream;
    }

    public static OutputTarget stdout() {
        return new OutputTarget(null, null, null, new BufferedOutputStream(new NonClosingOutputStream(System.out), 1 << 16));
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
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            return new OutputTarget(path, partial, ch, out);
        } catch (InputException e) {
            throw e;
        } catch (IOException e) {
            throw new InputException("cannot write output file '" + partial + "': " + e.getMessage(), e);
        }
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

    /** Forces written bytes to disk (files only); returns the durable length, or -1 for stdout. */
    public long sync() throws IOException {
        stream.flush();
        if (channel == null) {
            return -1;
        }
        channel.force(false);
        return channel.size();
    }

    /** The run completed: make the output durable and give it its final name. */
    public void complete() throws IOException {
        sync();
        stream.close();
        if (partialPath != null) {
            try {
                Files.move(partialPath, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partialPath, finalPath, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Closes without completing: a file stays as FILE.partial (for --resume). */
    @Override
    public void close() throws IOException {
        stream.close();
    }
}
