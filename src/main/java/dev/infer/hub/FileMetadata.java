package dev.infer.hub;

/**
 * What a {@code HEAD} on the resolve route says about one file (huggingface_hub's HfFileMetadata):
 * the commit ({@code X-Repo-Commit}), the blob name ({@code X-Linked-Etag} else {@code ETag}, quotes and
 * {@code W/} removed), where to download it ({@code Location} of a redirect, else the resolve URL) and its size
 * ({@code X-Linked-Size} else {@code Content-Length}).
 */
public record FileMetadata(String commit, String etag, String location, long size) {
    /** An LFS file's etag is the SHA-256 of its bytes: what huggingface_hub names its blob, and checkable. */
    public boolean isSha256() {
        return etag.matches("[0-9a-f]{64}");
    }
}
