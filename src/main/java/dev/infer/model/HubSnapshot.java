package dev.infer.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a hub model was found: the repository, the revision asked for, the commit it meant in the local Hugging Face
 * cache, and the snapshot folder (the files, as symlinks into the cache's blobs).
 */
public record HubSnapshot(String repo, String revision, String commit, Path dir) {
    /** An LFS blob's name: the SHA-256 of its bytes (huggingface_hub names blobs by their etag). */
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Refuses a snapshot file whose blob is named by a SHA-256 its bytes no longer have: a damaged cache would
     * otherwise run, and be remembered, as if it were the model.
     *
     * @param sha256 the file's SHA-256, as computed
     */
    void checkBlob(String file, String sha256) throws IOException {
        Path blob = dir.resolve(file).toRealPath();
        String name = blob.getFileName().toString();
        if (SHA256.matcher(name).matches() && !name.equals(sha256)) {
            throw new ModelException("the Hugging Face cache's copy of " + display() + "'s " + file + " (" + blob
                    + ") is damaged: its bytes do not match the SHA-256 it is named by; infer model pull " + display()
                    + " replaces it");
        }
    }

    /** The blob each snapshot file links to, by file: its etag (the SHA-256 of an LFS file, a git SHA-1 otherwise). */
    public java.util.Map<String, String> blobs(java.util.Collection<String> files) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String f : files) {
            try {
                out.put(f, dir.resolve(f).toRealPath().getFileName().toString());
            } catch (IOException e) {
                out.put(f, "unreadable"); // the load read it a moment ago; a file gone now fails where it is read
            }
        }
        return out;
    }

    /** The model as {@code --model} takes it: {@code ORG/NAME}, with {@code @REVISION} unless it is main. */
    public String display() {
        return revision.equals(ModelRef.Hub.DEFAULT_REVISION) ? repo : repo + "@" + revision;
    }
}
