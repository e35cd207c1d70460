package dev.infer.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a process holds an {@code flock(2)} lock on a file, as Linux lists them in {@code /proc/locks}
 * ({@code N: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE 0 EOF}). huggingface_hub locks blobs with the filelock package,
 * which uses flock; Java's {@code FileChannel} locks are POSIX record locks, which Linux keeps apart from flock, so
 * {@code tryLock} alone cannot see a Python download. Where {@code /proc/locks} or the file's inode cannot be read,
 * the answer is false: the check only adds to {@code tryLock}.
 */
final class LockProbe {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private LockProbe() {
    }

    static boolean flocked(Path file) {
        try {
            if (!Files.isReadable(PROC_LOCKS)) {
                return false;
            }
            long dev = (Long) Files.getAttribute(file, "unix:dev");
            long ino = (Long) Files.getAttribute(file, "unix:ino");
            // glibc's gnu_dev_major/minor, printed by the kernel as %02x:%02x:%lu
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            String id = String.format(Locale.ROOT, "%02x:%02x:%d", major, minor, ino);
            for (String line : Files.readAllLines(PROC_LOCKS)) {
                String[] f = line.trim().split("\\s+");
                // "N:" FLOCK ADVISORY WRITE PID DEV:INO START END; a waiting lock has "->" after N:
                int at = f.length > 1 && f[1].equals("->") ? 2 : 1;
                if (f.length > at + 4 && f[at].equals("FLOCK") && f[at + 4].equals(id)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }
}
