package dev.infer.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The Hugging Face hub cache as huggingface_hub lays it out (file_download.py): one folder per repository,
 * {@code models--ORG--NAME}, holding {@code blobs/<etag>} (the bytes), {@code snapshots/<commit>/<path>}
 * (relative symlinks to the blobs) and {@code refs/<revision>} (a file holding the commit). Reading it never
 * touches the network.
 */
public record HubCache(Path root) {
    static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    public static HubCache of(HubEnvironment env) {
        return new HubCache(env.cacheDir());
    }

    /** huggingface_hub's repo_folder_name: "models--" + the id with '/' as "--". */
    public Path repoFolder(String repo) {
        return root.resolve("models--" + repo.replace("/", "--"));
    }

    /** The commit a revision means here: a full commit hash as is, else what refs/REVISION holds, else null. */
    public String commitOf(String repo, String revision) {
        if (COMMIT.matcher(revision).matches()) {
            return revision;
        }
        Path ref = repoFolder(repo).resolve("refs").resolve(revision);
        try {
            return Files.isRegularFile(ref) ? Files.readString(ref, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new HubException("cannot read " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * The snapshot folder of a repository at a revision, as the folder loader reads it.
     *
     * @param display the model as the user wrote it, for the message
     */
    public Path snapshot(String repo, String revision, String display) {
        String commit = commitOf(repo, revision);
        Path dir = commit == null ? null : repoFolder(repo).resolve("snapshots").resolve(commit);
        if (dir == null || !Files.isDirectory(dir)) {
            throw new HubException(display + " is not a folder here and not in the Hugging Face cache (" + root
                    + "); fetch it once with: infer model pull " + display);
        }
        return dir;
    }
}
