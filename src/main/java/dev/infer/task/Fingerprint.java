package dev.infer.task;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 over strings in order, each length-prefixed so that no two lists collide by shifting text between items. */
final class Fingerprint {
    private Fingerprint() {
    }

    static String of(List<String> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : parts) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(8).putLong(b.length).array());
                sha.update(b);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
