package dev.infer.task;

import dev.infer.model.ModelInfo;
import java.util.Map;

/**
 * What makes two loaded models give the same vectors, for refusing a head fitted on another model: the ONNX file,
 * the bytes of every file read, the output and the pooling; for a hub model also its commit and its blobs (named
 * by their hashes), so a new revision needs a new head. Not the folder's path (a moved folder is the same model) and
 * not the max length (it only changes very long rows).
 */
public final class HeadModelKey {
    private HeadModelKey() {
    }

    public static String of(ModelInfo info, Embedder embedder) {
        StringBuilder sb = new StringBuilder(info.onnxFile());
        for (Map.Entry<String, Long> f : info.details().fileSizes().entrySet()) {
            sb.append(", ").append(f.getKey()).append(' ').append(f.getValue()).append(" bytes");
        }
        sb.append(", output ").append(info.output());
        sb.append(", pooling ").append(embedder.pooling() == null ? "none" : embedder.pooling().label());
        if (info.hub() != null) {
            // a hub snapshot names its weights by their hashes (the blobs) and its revision by a commit
            sb.append(", hub ").append(info.hub().repo()).append('@').append(info.hub().commit());
            info.hub().blobs(info.details().fileSizes().keySet())
                    .forEach((file, blob) -> sb.append(", ").append(file).append(" blob ").append(blob));
        }
        return sb.toString();
    }
}
