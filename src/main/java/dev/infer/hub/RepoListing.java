package dev.infer.hub;

import java.util.List;

/** A repository at one commit: what {@code GET /api/models/{repo}/revision/{rev}?blobs=true} answers. */
public record RepoListing(String repo, String commit, List<RepoFile> files) {
    public List<RepoFile> onnxFiles() {
        return files.stream().filter(f -> f.path().endsWith(".onnx")).toList();
    }

    public boolean has(String path) {
        return files.stream().anyMatch(f -> f.path().equals(path));
    }
}
