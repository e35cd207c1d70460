package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SHA-256 of model files, computed once per file and remembered by path, size and modification time in
 * {@code weights.sha256} under infer's cache folder ({@code $XDG_CACHE_HOME/infer}, else
 * {@code ~/.cache/infer}): hashing 90 MB of weights costs a few hundred milliseconds, every run.
 * A file whose size or mtime changed is hashed again. The memo is only a speed-up: when its folder
 * cannot be written, files are hashed every time.
 */
public final class WeightHashes {
    private final Path memoFile;

    public WeightHashes(Path memoFile) {
        this.memoFile = memoFile;
    }

    /** The memo in the user's cache folder (null folder: no memo). */
    public static WeightHashes standard() {
        return new WeightHashes(cacheDir().map(d -> d.resolve("weights.sha256")).orElse(null));
    }

    static java.util.Optional<Path> cacheDir() {
        return CacheFolder.standard();
    }

    /** Hex SHA-256 of a file. */
    public String of(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        String stamp = Files.size(abs) + " " + Files.getLastModifiedTime(abs).toMillis() + " " + abs;
        return remembered(stamp, () -> Files.newInputStream(abs));
    }

    /** Hex SHA-256 of a resource inside a file (a jar), remembered by that file's path, size and mtime. */
    public String ofEntry(Path container, String entry, Opener open) throws IOException {
        Path abs = container.toAbsolutePath().normalize();
        String stamp = Files.size(abs) + " " + Files.getLastModifiedTime(abs).toMillis() + " " + abs + "!" + entry;
        return remembered(stamp, open);
    }

    /** Hex SHA-256 of a stream (nothing remembered). */
    public static String hash(Opener open) throws IOException {
        MessageDigest d = sha256();
        try (InputStream in = new DigestInputStream(open.open(), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private String remembered(String stamp, Opener open) throws IOException {
        Map<String, String> memo = load();
        String known = memo.get(stamp);
        if (known != null) {
            return known;
        }
        String hash = hash(open);
        memo.put(stamp, hash);
        save(memo);
        return hash;
    }

    private Map<String, String> load() {
        Map<String, String> memo = new LinkedHashMap<>();
        if (memoFile == null || !Files.isRegularFile(memoFile)) {
            return memo;
        }
        try {
            for (String line : Files.readAllLines(memoFile, StandardCharsets.UTF_8)) {
                int sp = line.indexOf(' ');
                if (sp == 64) {
                    memo.put(line.substring(65), line.substring(0, 64));
                }
            }
        } catch (IOException e) {
            return new LinkedHashMap<>(); // an unreadable memo only costs a re-hash
        }
        return memo;
    }

    private void save(Map<String, String> memo) {
        if (memoFile == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        int skip = Math.max(0, memo.size() - 500); // bounded: the oldest entries go first
        for (Map.Entry<String, String> e : memo.entrySet()) {
            if (skip-- > 0) {
                continue;
            }
            b.append(e.getValue()).append(' ').append(e.getKey()).append('\n');
        }
        try {
            Files.createDirectories(memoFile.getParent());
            Path tmp = Files.createTempFile(memoFile.getParent(), "weights", ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, memoFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, memoFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: without the memo the next run hashes again
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
