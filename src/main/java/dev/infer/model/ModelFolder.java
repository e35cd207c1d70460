package dev.infer.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** A Hugging Face model folder exported to ONNX (Optimum or Transformers.js layout). */
public final class ModelFolder {
    private final Path dir;
    private final String modelFile;

    private ModelFolder(Path dir, String modelFile) {
        this.dir = dir;
        this.modelFile = modelFile;
    }

    public static ModelFolder open(Path dir, String modelFile) {
        if (!Files.isDirectory(dir)) {
            throw new ModelException("model folder '" + dir + "' does not exist (use --model default or a folder with an exported ONNX model)");
        }
        return new ModelFolder(dir, modelFile);
    }

    public Model load(SessionSettings settings) {
        throw new ModelException("model folder '" + dir + "': loading model folders is not available yet");
    }
}
