package dev.infer.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An ONNX file someone named where a model folder was wanted, split into the folder and the
 * {@code --model-file} name they meant: the folder is the nearest one up that holds tokenizer.json
 * (Optimum keeps its files in {@code onnx/}), else the file's own folder.
 *
 * @param folder the model folder
 * @param file   the file's path inside it
 */
public record FileInFolder(Path folder, String file) {
    public static FileInFolder of(Path onnxFile) {
        Path own = onnxFile.toAbsolutePath().getParent();
        Path parent = onnxFile.getParent() != null ? onnxFile.getParent() : Path.of(".");
        if (!Files.exists(own.resolve("tokenizer.json")) && own.getParent() != null
                && Files.exists(own.getParent().resolve("tokenizer.json"))) {
            Path up = parent.getParent() != null ? parent.getParent() : Path.of(".");
            return new FileInFolder(up, parent.getFileName() + "/" + onnxFile.getFileName());
        }
        return new FileInFolder(parent, onnxFile.getFileName().toString());
    }
}
