package dev.infer.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a model folder into a hub cache exactly as huggingface_hub's file_download.py lays it out, without
 * infer's code: {@code models--ORG--NAME/blobs/<sha256>}, {@code snapshots/<commit>/<path>} as relative
 * symlinks ({@code os.path.relpath} from the link's folder), {@code refs/main} holding the commit.
 */
public final class HubLayout {
    private HubLayout() {
    }

    public static Path write(Path folder, Path cache, String repo, String revision, String commit) throws IOException {
        Path repoDir = cache.resolve("models--" + repo.replace("/", "--"));
        Path snapshot = repoDir.resolve("snapshots").resolve(commit);
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            Path blob = repoDir.resolve("blobs").resolve(sha256(bytes));
            Files.createDirectories(blob.getParent());
            Files.write(blob, bytes);
            Path link = snapshot.resolve(folder.relativize(f).toString());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(blob));
        }
        Files.createDirectories(repoDir.resolve("refs"));
        Files.writeString(repoDir.resolve("refs").resolve(revision), commit);
        return snapshot;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
