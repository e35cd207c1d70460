package dev.infer.task;

import dev.infer.model.ClassLabels;
import dev.infer.model.EmbeddedModels;
import dev.infer.model.Model;
import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Turns option records into tasks for a loaded model, with every rule about which options fit which
 * model (zero-shot vs fine-tuned, flag conflicts, rows per call from batch sensitivity). Front-end
 * neutral: errors are {@link OptionException}s that each front end words its own way.
 *
 * <p>Concurrency: stateless; the tasks it makes are immutable and safe to share between threads.
 */
public final class TaskFactory {
    public static final List<String> DEFAULT_LABELS = List.of("positive", "negative");
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** Rows per model call for models that batch without changing answers. */
    public static final int DEFAULT_BATCH_ROWS = 32;

    private TaskFactory() {
    }

    public static EmbedTask embed(Model model, EmbedOptions options) {
        String prefix = options.prefix() != null ? options.prefix() : EmbeddedModels.prefixesOf(model.info()).embed();
        Embedder embedder = Embedder.forModel(model, options.pooling(), options.normalize()).withPrefix(prefix);
        if (options.dimensions() != null) {
            int size = embeddingSize(embedder);
            if (options.dimensions() > size) {
                throw new OptionException("dimensions", "{} is " + options.dimensions() + ", but "
                        + model.info().name() + " makes vectors of " + size);
            }
        }
        return new EmbedTask(embedder, options.dimensions(), options.normalize());
    }

    /** The model's vector size, from one short call (it is not in every model's files). */
    private static int embeddingSize(Embedder embedder) {
        try {
            return embedder.embed(List.of(embedder.encode("size")), dev.infer.model.Cancellation.NONE)[0].length;
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("the model failed its first call: " + e.getMessage(), e);
        }
    }

    /** Zero-shot or few-shot for embedding models, the model's own labels for fine-tuned classifiers. */
    public static Task classify(Model model, ClassifyOptions o) throws Exception {
        return classify(model, prepare(o, null), null);
    }

    /**
     * Checks the values and reads the files the options name (examples, a saved head, a labels file), before
     * any model loads, so a bad file fails in milliseconds.
     *
     * @param notes where bad example rows are reported, or null
     */
    public static EmbeddingClassifiers.Prepared prepare(ClassifyOptions o, PrintStream notes) {
        validate(o);
        return EmbeddingClassifiers.prepare(o, notes);
    }

    /**
     * The classify task for a loaded model, from {@link #prepare}'s result.
     *
     * @param notes where the few-shot head's cross-validation line goes, or null
     */
    public static Task classify(Model model, EmbeddingClassifiers.Prepared prepared, PrintStream notes)
            throws Exception {
        ClassifyOptions o = prepared.options();
        if (model.info().isClassifier()) {
            return fineTuned(model, o);
        }
        if (o.multiLabel() || o.threshold() != null) {
            throw new OptionException(o.multiLabel() ? "multi-label" : "threshold", "{} is for fine-tuned"
                    + " classifiers, but " + model.info().name() + " is an embedding model (zero-shot classification"
                    + " with labels, few-shot with examples)");
        }
        return EmbeddingClassifiers.create(prepared, model, notes);
    }

    /** @param maxTokens the row budget, or null for the model's max length */
    public static TokenizeTask tokenize(Model model, Integer maxTokens) {
        TokenizeKind.MAX_TOKENS.check().check(maxTokens);
        return new TokenizeTask(model.tokenizer(), maxTokens != null ? maxTokens : model.info().maxLength());
    }

    /**
     * Rows per model call: what was asked, else 1 for batch-sensitive (quantized) models, whose answers
     * would depend on their batch-mates, and {@link #DEFAULT_BATCH_ROWS} for the others.
     */
    public static int rowsPerCall(ModelInfo info, Integer requested) {
        if (requested == null) {
            return info.batchSensitive() ? 1 : DEFAULT_BATCH_ROWS;
        }
        if (requested < 1) {
            throw new OptionException("batch-size", "{} must be at least 1 (got " + requested + ")");
        }
        return requested;
    }

    /** Comma-separated labels: at least two, none twice. */
    public static List<String> parseLabels(String value) {
        List<String> list = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        checkLabels(list, "'" + value + "'");
        return list;
    }

    private static void checkLabels(List<String> list, String shown) {
        if (list.size() < 2) {
            throw new OptionException("labels", "{} needs at least two comma-separated labels (got " + shown + ")");
        }
        if (list.stream().distinct().count() != list.size()) {
            throw new OptionException("labels", "{} has a label twice: " + shown);
        }
    }

    /** Checks the values alone (before a model is loaded); the model-dependent rules come in {@link #classify}. */
    public static void validate(ClassifyOptions o) {
        checkTemperature(o.temperature());
        ClassifyKind.TOP_K.check().check(o.topK());
        checkThreshold(o.threshold());
    }

    static void checkTemperature(Double t) {
        if (t != null && !(t > 0)) {
            throw new OptionException("temperature", "{} must be greater than 0 (got " + t + ")");
        }
    }

    static void checkThreshold(Double p) {
        if (p != null && !(p >= 0 && p <= 1)) {
            throw new OptionException("threshold", "{} must be between 0 and 1 (got " + p + ")");
        }
    }

    private static Task fineTuned(Model m, ClassifyOptions o) {
        ModelInfo info = m.info();
        String embeddingOnly = o.embeddingOptionGiven();
        if (embeddingOnly != null) {
            String kind = embeddingOnly.equals("examples") || embeddingOnly.equals("head") ? "few-shot classification"
                    : embeddingOnly.equals("prefix") ? "classification" : "zero-shot classification";
            throw new OptionException(embeddingOnly, "{} is for " + kind + " with an embedding model, but "
                    + info.name() + " is a fine-tuned classifier with its own labels (" + info.labels().summary()
                    + "); leave {} out");
        }
        ClassLabels classes = o.multiLabel() ? info.labels().asMultiLabel() : info.labels();
        if (o.threshold() != null && !classes.multiLabel()) {
            throw new OptionException("threshold", "{} applies to multi-label classification, but " + info.name()
                    + " is single-label (ask for multi-label to score its labels independently)");
        }
        return new ClassifyTask(m, classes, o.threshold() != null ? o.threshold() : DEFAULT_THRESHOLD,
                o.topKOrNone(), o.allScores());
    }
}
