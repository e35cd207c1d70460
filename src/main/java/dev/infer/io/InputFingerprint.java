package dev.infer.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A cheap identity of an input file for resuming: its size and a SHA-256 of its first and last MiB.
 * Catches a replaced, appended or edited file without reading a large file twice.
 */
public final class InputFingerprint {
    private static final int EDGE = 1 << 20;

    private InputFingerprint() {
    }

    public static String of(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[(int) Math.min(EDGE, size)];
            f.readFully(buf);
            sha.update(buf);
            if (size > EDGE) {
                long tailStart = Math.max(EDGE, size - EDGE);
                byte[] tail = new byte[(int) (size - tailStart)];
                f.seek(tailStart);
                f.readFully(tail);
                sha.update(tail);
            }
            return "size=" + size + ",sha256-edges=" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new InputException("cannot read input file '" + file + "': " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
