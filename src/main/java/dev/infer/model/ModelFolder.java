package dev.infer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Hugging Face model folder exported to ONNX (Optimum or Transformers.js layout): finds its ONNX file,
 * tokenizer and side files, checks they fit together, and loads them once.
 */
public final class ModelFolder {
    private final Path dir;
    private final String modelFile;

    private ModelFolder(Path dir, String modelFile) {
        this.dir = dir;
        this.modelFile = modelFile;
    }

    public static ModelFolder open(Path dir, String modelFile) {
        if (Files.isRegularFile(dir)) {
            FileInFolder f = FileInFolder.of(dir);
            throw new ModelException("{{model}} '" + dir + "' is a file, not a model folder; use {{model}} " + f.folder()
                    + " {{model-file}} " + f.file());
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelException("model folder '" + dir + "' does not exist (use {{model}} default or a folder with an exported ONNX model)");
        }
        return new ModelFolder(dir, modelFile);
    }

    public Model load(SessionSettings settings) {
        return load(settings, null);
    }

    /** @param maxLengthCap --max-length: cut rows shorter than the folder's own limit, or {@code null} */
    public Model load(SessionSettings settings, Integer maxLengthCap) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelException("model folder " + dir + " has no tokenizer.json (the fast-tokenizer file that"
                    + " optimum-cli and tokenizer.save_pretrained() write next to the model)");
        }
        FolderConfig config = FolderConfig.read(dir);
        ModelCard card = ModelCard.read(dir, config.pooling());
        OnnxChoice onnx = OnnxChoice.choose(dir, modelFile);
        TokenizerFile tokenizerFile = TokenizerFile.parse(read(tokenizerJson), tokenizerJson.toString(), config.doLowerCase());
        VocabCheck.againstConfig(tokenizerFile.facts(), config.vocabSize(), tokenizerJson.toString(),
                dir.resolve("config.json").toString());
        MaxLength maxLength = config.maxLength().capped(maxLengthCap);
        TextTokenizer tokenizer = tokenizerFile.open(maxLength.value());
        String onnxPath = onnx.file().toString();
        return Model.assemble(tokenizer, () -> ModelSession.fromFile(onnxPath, settings), session -> {
            OutputChoice out = OutputChoice.choose(session.outputs(), onnxPath);
            long[] probeShape = VocabCheck.probe(session, tokenizerFile.facts(), out.output(), tokenizerJson.toString());
            ClassLabels labels = out.kind() == OutputKind.LOGITS
                    ? ClassLabels.of(config, (int) probeShape[1], dir.resolve("config.json").toString(), onnxPath)
                    : ClassLabels.NONE;
            PoolingPlan pooling = out.kind().isEmbedding()
                    ? PoolingPlan.of(config.pooling(), out.tokenOutput(), dir.toString())
                    : PoolingPlan.NONE;
            boolean sensitive = BatchSensitivityProbe.isBatchSensitive(session, tokenizer, out.output());
            ModelDetails details = new ModelDetails(onnx.reason(), onnx.candidates(), maxLength.source(),
                    tokenizerFile.facts(), config.problemType(), fileSizes(onnx, config.pooling()));
            return new ModelInfo(dir.toString(), onnx.name(), out.output(), out.kind(), maxLength.value(),
                    sensitive, pooling, labels, details, card, null);
        });
    }

    /** The files a run reads, with an ONNX file's external weights (Optimum writes model.onnx_data past 2 GB). */
    private Map<String, Long> fileSizes(OnnxChoice onnx, PoolingConfig pooling) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        size(sizes, onnx.name());
        size(sizes, onnx.name() + "_data");
        size(sizes, onnx.name().replaceFirst("\\.onnx$", ".onnx.data"));
        size(sizes, "tokenizer.json");
        for (String side : new String[] {"config.json", "tokenizer_config.json", "sentence_bert_config.json",
                "modules.json"}) {
            size(sizes, side);
        }
        if (pooling.present()) {
            size(sizes, pooling.file());
        }
        return sizes;
    }

    private void size(Map<String, Long> sizes, String name) {
        Path p = dir.resolve(name);
        try {
            if (Files.isRegularFile(p)) {
                sizes.put(name, Files.size(p));
            }
        } catch (IOException e) {
            // a size is only shown by inspect; a file that vanished now fails where it is read
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
