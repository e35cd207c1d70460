package dev.infer.spark;

import dev.infer.model.ModelLoader;
import dev.infer.model.Pooling;
import dev.infer.model.SessionSettings;
import dev.infer.task.ClassifyOptions;
import dev.infer.task.EmbedOptions;
import dev.infer.task.TaskFactory;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What to compute over a Dataset, and how: the CLI's model, task and run flags as one serializable
 * value that travels to the executors. Fluent setters (Java, Scala, PySpark through py4j); every
 * {@link Infer} call takes a {@link #copy()}, so changing an options object later never changes a
 * Dataset already defined.
 *
 * <p>Defaults are the CLI's: the embedded model, text column {@code text}, record errors, rows per call
 * from the model's batch sensitivity, plus one Spark-specific one: ONNX Runtime intra-op threads 1 per
 * task, because Spark's task slots are the parallelism.
 */
public final class InferOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The three row commands. */
    public enum Kind {
        EMBED, CLASSIFY, TOKENIZE;

        public String command() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + name + "' is not an infer command (use embed, classify or tokenize)");
            }
        }
    }

    /** What to do with a row that fails (the CLI's --on-error). */
    public enum OnError {
        RECORD, SKIP, FAIL;

        public static OnError parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + name + "' is not an error policy (use record, skip or fail)");
            }
        }
    }

    private Kind kind;
    private String textColumn = "text";
    private String idColumn;
    private String outputColumn;
    private String errorColumn = "error";
    private String model = ModelLoader.DEFAULT;
    private String modelFile;
    private String pooling;
    private boolean normalize = true;
    private Integer dimensions;
    private String[] labels;
    private String template;
    private Double temperature;
    private Integer topK;
    private boolean allScores;
    private boolean multiLabel;
    private Double threshold;
    private Integer maxTokens;
    private Integer batchSize;
    private int maxBatchTokens = 8192;
    private Integer intraOpThreads;
    private OnError onError = OnError.RECORD;
    private Long batchTimeoutMillis;

    public InferOptions(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static InferOptions embed() {
        return new InferOptions(Kind.EMBED);
    }

    public static InferOptions classify() {
        return new InferOptions(Kind.CLASSIFY);
    }

    public static InferOptions tokenize() {
        return new InferOptions(Kind.TOKENIZE);
    }

    /** {@code embed}, {@code classify} or {@code tokenize}. */
    public static InferOptions of(String command) {
        return new InferOptions(Kind.parse(command));
    }

    public InferOptions copy() {
        InferOptions c = new InferOptions(kind);
        c.textColumn = textColumn;
        c.idColumn = idColumn;
        c.outputColumn = outputColumn;
        c.errorColumn = errorColumn;
        c.model = model;
        c.modelFile = modelFile;
        c.pooling = pooling;
        c.normalize = normalize;
        c.dimensions = dimensions;
        c.labels = labels == null ? null : labels.clone();
        c.template = template;
        c.temperature = temperature;
        c.topK = topK;
        c.allScores = allScores;
        c.multiLabel = multiLabel;
        c.threshold = threshold;
        c.maxTokens = maxTokens;
        c.batchSize = batchSize;
        c.maxBatchTokens = maxBatchTokens;
        c.intraOpThreads = intraOpThreads;
        c.onError = onError;
        c.batchTimeoutMillis = batchTimeoutMillis;
        return c;
    }

    // ---- fluent setters -------------------------------------------------------------------------

    public InferOptions kind(Kind value) {
        kind = Objects.requireNonNull(value, "kind");
        return this;
    }

    /** The string column the model reads. Default: {@code text}. */
    public InferOptions textColumn(String value) {
        textColumn = value;
        return this;
    }

    /** A column that names rows in error messages (e.g. with {@code onError("fail")}). */
    public InferOptions idColumn(String value) {
        idColumn = value;
        return this;
    }

    /** Renames the main result column (embedding, label or labels, tokens). Default: its standard name. */
    public InferOptions outputColumn(String value) {
        outputColumn = value;
        return this;
    }

    /** The column for a failed row's reason (null when fine). Default: {@code error}. */
    public InferOptions errorColumn(String value) {
        errorColumn = value;
        return this;
    }

    /**
     * An embedded model ({@code minilm}, {@code e5-small}; {@code default} is the command's default, as in the
     * CLI) or a model folder every executor can read.
     */
    public InferOptions model(String value) {
        model = value;
        return this;
    }

    public InferOptions modelFile(String value) {
        modelFile = value;
        return this;
    }

    /** embed: mean, cls or max. Default: the model folder's pooling config, else mean. */
    public InferOptions pooling(String value) {
        pooling = value;
        return this;
    }

    public InferOptions normalize(boolean value) {
        normalize = value;
        return this;
    }

    /** embed: keep the first N dimensions, re-normalized when normalizing (null: all), as the CLI's --dimensions. */
    public InferOptions dimensions(Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1 (got " + value + ")");
        }
        dimensions = value;
        return this;
    }

    /** classify (zero-shot): comma-separated labels. */
    public InferOptions labels(String commaSeparated) {
        labels = commaSeparated == null ? null : TaskFactory.parseLabels(commaSeparated).toArray(new String[0]);
        return this;
    }

    public InferOptions labels(List<String> value) {
        labels = value == null ? null : value.toArray(new String[0]);
        return this;
    }

    public InferOptions template(String value) {
        template = value;
        return this;
    }

    public InferOptions temperature(double value) {
        temperature = value;
        return this;
    }

    public InferOptions topK(int value) {
        topK = value;
        return this;
    }

    public InferOptions allScores(boolean value) {
        allScores = value;
        return this;
    }

    public InferOptions multiLabel(boolean value) {
        multiLabel = value;
        return this;
    }

    public InferOptions threshold(double value) {
        threshold = value;
        return this;
    }

    /** tokenize: the token budget per row. Default: the model's max length. */
    public InferOptions maxTokens(int value) {
        maxTokens = value;
        return this;
    }

    /** Rows per model call. Default: 1 for batch-sensitive (quantized) models, else 32 (as the CLI). */
    public InferOptions batchSize(int value) {
        batchSize = value;
        return this;
    }

    public InferOptions maxBatchTokens(int value) {
        maxBatchTokens = value;
        return this;
    }

    /**
     * ONNX Runtime threads per model call. Default: the Spark conf {@code spark.infer.intraOpThreads}, else
     * {@code spark.task.cpus} (1 unless set): each task slot brings its own cores.
     */
    public InferOptions intraOpThreads(int value) {
        intraOpThreads = value;
        return this;
    }

    /** record (default), skip or fail. */
    public InferOptions onError(String value) {
        onError = OnError.parse(value);
        return this;
    }

    public InferOptions onError(OnError value) {
        onError = Objects.requireNonNull(value, "onError");
        return this;
    }

    /** Cancel a model call that runs longer; its rows are retried alone and fail if they still time out. */
    public InferOptions batchTimeoutMillis(long value) {
        batchTimeoutMillis = value;
        return this;
    }

    // ---- accessors ------------------------------------------------------------------------------

    public Kind kind() {
        return kind;
    }

    public String textColumn() {
        return textColumn;
    }

    public String idColumn() {
        return idColumn;
    }

    public String outputColumn() {
        return outputColumn;
    }

    public String errorColumn() {
        return errorColumn;
    }

    public String model() {
        return model;
    }

    /** The model the task loads: "default" means the command's default, as in the CLI (classify: e5-small). */
    public String resolvedModel() {
        return dev.infer.model.EmbeddedModels.resolve(model, kind.command());
    }

    /** The model the task loads, parsed as the CLI parses --model (driver and executors alike). */
    public dev.infer.model.ModelRef modelRef() {
        return dev.infer.model.ModelRef.parse(model, modelFile, kind.command());
    }

    public String modelFile() {
        return modelFile;
    }

    public OnError onError() {
        return onError;
    }

    public Integer batchSize() {
        return batchSize;
    }

    public int maxBatchTokens() {
        return maxBatchTokens;
    }

    public Duration batchTimeout() {
        return batchTimeoutMillis == null ? null : Duration.ofMillis(batchTimeoutMillis);
    }

    public Integer maxTokens() {
        return maxTokens;
    }

    public SessionSettings sessionSettings() {
        return SessionSettings.of(intraOpThreads, 1, 1, batchSize); // one worker per task slot
    }

    /** Whether intra-op threads were set explicitly (else {@link Infer} takes them from the Spark conf). */
    boolean hasIntraOpThreads() {
        return intraOpThreads != null;
    }

    public EmbedOptions embedOptions() {
        return new EmbedOptions(pooling == null ? null : parsePooling(pooling), normalize, null, dimensions);
    }

    public ClassifyOptions classifyOptions() {
        return new ClassifyOptions(labels == null ? null : List.of(labels), template, temperature, topK, allScores,
                multiLabel, threshold);
    }

    /**
     * Checks everything that does not need the model, with messages naming the option; throws
     * {@link IllegalArgumentException}. The model-dependent rules run when the task is built.
     */
    public void validate() {
        requireName(textColumn, "textColumn");
        requireName(errorColumn, "errorColumn");
        if (outputColumn != null) {
            requireName(outputColumn, "outputColumn");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must be 'default' or a model folder (got an empty value)");
        }
        if (batchSize != null && batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 (got " + batchSize + ")");
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be at least 1 (got " + maxBatchTokens + ")");
        }
        if (intraOpThreads != null && intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1 (got " + intraOpThreads + ")");
        }
        if (batchTimeoutMillis != null && batchTimeoutMillis < 1) {
            throw new IllegalArgumentException("batchTimeout must be positive (got " + batchTimeoutMillis + " ms)");
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1 (got " + maxTokens + ")");
        }
        if (kind == Kind.EMBED) {
            embedOptions();
        }
        if (kind == Kind.CLASSIFY) {
            TaskFactory.validate(classifyOptions());
        }
    }

    private static Pooling parsePooling(String value) {
        try {
            return Pooling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pooling must be mean, cls or max (got '" + value + "')");
        }
    }

    private static void requireName(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must name a column (got an empty value)");
        }
    }

    /** What decides the task: equal keys share one task per executor JVM (see {@link ExecutorModels}). */
    String taskKey() {
        return String.join("\u0000", kind.name(), resolvedModel(), String.valueOf(modelFile), String.valueOf(sessionSettings().intraOpThreads()),
                String.valueOf(pooling), String.valueOf(normalize), String.valueOf(dimensions), labels == null ? "null" : Arrays.toString(labels),
                String.valueOf(template), String.valueOf(temperature), String.valueOf(topK), String.valueOf(allScores),
                String.valueOf(multiLabel), String.valueOf(threshold), String.valueOf(maxTokens));
    }

    @Override
    public String toString() {
        return "InferOptions[" + kind.command() + ", textColumn=" + textColumn + ", model=" + model + "]";
    }
}
