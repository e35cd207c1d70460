package dev.infer.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an output path is, which decides how it is written. A regular file goes through
 * {@code FILE.partial} and a rename, so an interrupted run never looks finished; a FIFO, a character
 * device or a {@code /dev/stdout}-style path cannot be renamed over (that would replace the device
 * node or leave the FIFO's reader waiting), so it is written directly, without checkpoint or resume.
 */
public enum OutputKind {
    /** {@code -}: standard output. */
    STDOUT,
    /** A regular file (or one that does not exist yet): written as FILE.partial, renamed when complete. */
    FILE,
    /** A FIFO, device or /dev, /proc path: opened and written in place, never replaced. */
    SPECIAL,
    /** An existing directory: not an output at all. */
    DIRECTORY;

    public static OutputKind of(String out) {
        if (out.equals("-")) {
            return STDOUT;
        }
        String abs = Path.of(out).toAbsolutePath().normalize().toString();
        if (abs.startsWith("/dev/") || abs.startsWith("/proc/")) {
            return SPECIAL; // /dev/stdout may resolve to a regular file; it is still the caller's stream
        }
        Path p = Path.of(out);
        if (Files.isDirectory(p)) {
            return DIRECTORY;
        }
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            return SPECIAL;
        }
        return FILE;
    }

    /** Whether the output can have a .partial file, a checkpoint and a resume. */
    public boolean resumable() {
        return this == FILE;
    }
}
