package dev.infer.hub;

/**
 * One file of a repository as the model-info route lists it ({@code siblings}).
 *
 * @param size   bytes, or -1 when the listing did not say
 * @param sha256 the LFS SHA-256 for large files, else {@code null}
 */
public record RepoFile(String path, long size, String sha256) {
}
