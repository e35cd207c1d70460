package dev.infer.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a model folder into a hub cache exactly as huggingface_hub's file_download.py lays it out, without
 * infer's code: {@code models--ORG--NAME/blobs/<etag>} (the SHA-256 for LFS files, here .onnx ones; the git blob
 * SHA-1 for small files), {@code snapshots/<commit>/<path>} as relative symlinks ({@code os.path.relpath} from the
 * link's folder), {@code refs/<revision>} holding the commit, {@code .no_exist/<commit>/<path>} for a file the hub
 * said it does not have (transformers asks for {@code adapter_config.json}), and at the cache's root the
 * {@code CACHEDIR.TAG} and {@code .locks/models--ORG--NAME/} folder it leaves behind.
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
            Path blob = repoDir.resolve("blobs").resolve(f.toString().endsWith(".onnx") ? sha256(bytes) : gitSha1(bytes));
            Files.createDirectories(blob.getParent());
            Files.write(blob, bytes);
            Path link = snapshot.resolve(folder.relativize(f).toString());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(blob));
        }
        Files.createDirectories(repoDir.resolve("refs"));
        if (!revision.equals(commit)) {
            Files.writeString(repoDir.resolve("refs").resolve(revision), commit); // no newline, as huggingface_hub
        }
        Path noExist = Files.createDirectories(repoDir.resolve(".no_exist").resolve(commit));
        Files.write(noExist.resolve("adapter_config.json"), new byte[0]);
        Files.createDirectories(cache.resolve(".locks").resolve(repoDir.getFileName()));
        Files.writeString(cache.resolve("CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n");
        return snapshot;
    }

    public static String sha256(byte[] bytes) {
        return digest("SHA-256", new byte[0], bytes);
    }

    /** The hub's ETag for a small file: git's blob id. */
    public static String gitSha1(byte[] bytes) {
        return digest("SHA-1", ("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8), bytes);
    }

    private static String digest(String alg, byte[] header, byte[] bytes) {
        try {
            MessageDigest d = MessageDigest.getInstance(alg);
            d.update(header);
            return HexFormat.of().formatHex(d.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
