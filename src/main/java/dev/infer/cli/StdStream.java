package dev.infer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a standard stream is connected to, as Linux names it in /proc/self/fd/N: a pipe from or to
 * another process, a terminal, or a file or device such as /dev/null (what cron gives a job). Unknown
 * elsewhere, where nothing is said or changed.
 */
record StdStream(String target) {
    static StdStream in() {
        return of(0);
    }

    static StdStream out() {
        return of(1);
    }

    private static StdStream of(int fd) {
        try {
            return new StdStream(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new StdStream("");
        }
    }

    /** A pipe or socket (or unknown): another process is at the other end. */
    boolean toAProcess() {
        return target.isEmpty() || target.startsWith("pipe:") || target.startsWith("socket:");
    }

    boolean terminal() {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    }
}
