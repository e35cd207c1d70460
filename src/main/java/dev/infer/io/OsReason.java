package dev.infer.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** The operating system's reason for a failed I/O call, in the words a user expects ("no space left on device"). */
public final class OsReason {
    private OsReason() {
    }

    public static String of(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String m = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // FileOutputStream reports "Permission denied" / "No space left on device": lower-case the OS text.
        m = m.strip();
        if (m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))) {
            m = m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
        }
        return m;
    }

    /** True for the error a write to a pipe whose reader has gone gets (EPIPE; the JVM ignores SIGPIPE). */
    public static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Broken pipe");
    }
}
