package dev.infer.spark;

import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.pipeline.ErrorPolicy;
import dev.infer.task.ClassifyKind;
import dev.infer.task.CommonOptions;
import dev.infer.task.EmbedKind;
import dev.infer.task.OptionException;
import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import dev.infer.task.TaskFactory;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import dev.infer.task.TokenizeKind;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to compute over a Dataset, and how: a task of the registry, its options and the engine's (the same
 * {@link JobSpec} the CLI and the server build), plus the columns to read and write — one serializable value
 * that travels to the executors. Any registered option is set by its name with {@link #option(String, Object)}
 * ({@code maxTokens} or {@code max-tokens}); the fluent setters below are shorthands for Java, Scala and
 * PySpark (through py4j). Every {@link Infer} call takes a {@link #copy()}, so changing an options object later
 * never changes a Dataset already defined.
 *
 * <p>Defaults are the CLI's: the task's default model, text column {@code text}, record errors, rows per call
 * from the model's batch sensitivity, plus one Spark-specific one: ONNX Runtime intra-op threads 1 per task,
 * because Spark's task slots are the parallelism.
 */
public final class InferOptions implements Serializable {
    private static final long serialVersionUID = 2L;

    private String task;
    private String textColumn = "text";
    private String idColumn;
    private String outputColumn;
    private String errorColumn = "error";
    private OptionValues values = OptionValues.NONE;

    /** @param task a task of the registry: embed, classify, tokenize, rerank ... */
    public InferOptions(String task) {
        this.task = kindNamed(task).name();
    }

    public static InferOptions embed() {
        return new InferOptions("embed");
    }

    public static InferOptions classify() {
        return new InferOptions("classify");
    }

    public static InferOptions tokenize() {
        return new InferOptions("tokenize");
    }

    /** The options of the task named ({@code embed}, {@code classify} ...). */
    public static InferOptions of(String task) {
        return new InferOptions(task);
    }

    public InferOptions copy() {
        InferOptions c = new InferOptions(task);
        c.textColumn = textColumn;
        c.idColumn = idColumn;
        c.outputColumn = outputColumn;
        c.errorColumn = errorColumn;
        c.values = values;
        return c;
    }

    // ---- the task and its options -----------------------------------------------------------------

    /** The task to run (options it does not take are refused when the job is checked). */
    public InferOptions task(String value) {
        task = kindNamed(value).name();
        return this;
    }

    /**
     * Sets any option of the task registry or of the engine by its name, camelCase ({@code maxTokens}) or
     * dashed ({@code max-tokens}); null clears it. Text is parsed as the CLI parses the flag.
     */
    public InferOptions option(String name, Object value) {
        return set(spec(name), value);
    }

    private InferOptions set(OptionSpec<?> spec, Object value) {
        try {
            values = values.toBuilder().setObject(spec, value).build();
        } catch (OptionException e) {
            throw sparkWords(e);
        }
        return this;
    }

    /** An option of the registry or the engine, by its camelCase or dashed name. */
    static OptionSpec<?> spec(String name) {
        for (OptionSpec<?> o : JobSpec.everyOption()) {
            if (o.key().equals(name) || o.camelName().equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an infer option");
    }

    /** An error that names options, with each named as Spark users set it ({@code maxTokens}). */
    static IllegalArgumentException sparkWords(RuntimeException e) {
        String message = e instanceof dev.infer.OptionText.Mentions m ? m.render(OptionSpec::camel) : e.getMessage();
        return new IllegalArgumentException(message, e);
    }

    private static TaskKind kindNamed(String name) {
        try {
            return TaskKinds.named(Objects.requireNonNull(name, "task"));
        } catch (OptionException e) {
            throw new IllegalArgumentException(e.render(k -> "task"), e);
        }
    }

    /** The task and option values of a job described elsewhere (InferJob's flags). */
    InferOptions job(JobSpec job) {
        task = job.task();
        values = job.options();
        return this;
    }

    // ---- columns -------------------------------------------------------------------------------------

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

    // ---- shorthands for the common options (each is option(name, value)) ------------------------------

    /**
     * An embedded model ({@code minilm}, {@code e5-small}; {@code default} is the task's default, as in the
     * CLI), a Hugging Face name from the driver's cache, or a model folder the driver reads (both are shipped to
     * the executors, see {@link ModelShipping}).
     */
    public InferOptions model(String value) {
        return set(EngineOptions.MODEL, value);
    }

    public InferOptions modelFile(String value) {
        return set(EngineOptions.MODEL_FILE, value);
    }

    /** embed: mean, cls or max. Default: the model folder's pooling config, else mean. */
    public InferOptions pooling(String value) {
        return set(CommonOptions.POOLING, value);
    }

    /** embed: scale vectors to unit length (default true). */
    public InferOptions normalize(boolean value) {
        return set(EmbedKind.NO_NORMALIZE, !value);
    }

    /** embed: keep the first N dimensions, re-normalized when normalizing (null: all), as the CLI's --dimensions. */
    public InferOptions dimensions(Integer value) {
        return set(EmbedKind.DIMENSIONS, value);
    }

    /** classify (zero-shot): comma-separated labels. */
    public InferOptions labels(String commaSeparated) {
        if (commaSeparated != null) {
            try {
                TaskFactory.parseLabels(commaSeparated);
            } catch (OptionException e) {
                throw sparkWords(e);
            }
        }
        return set(ClassifyKind.LABELS, commaSeparated);
    }

    public InferOptions labels(List<String> value) {
        return labels(value == null ? null : String.join(",", value));
    }

    public InferOptions template(String value) {
        return set(ClassifyKind.TEMPLATE, value);
    }

    public InferOptions temperature(double value) {
        return set(ClassifyKind.TEMPERATURE, value);
    }

    public InferOptions topK(int value) {
        return set(ClassifyKind.TOP_K, value);
    }

    public InferOptions allScores(boolean value) {
        return set(ClassifyKind.ALL_SCORES, value);
    }

    public InferOptions multiLabel(boolean value) {
        return set(ClassifyKind.MULTI_LABEL, value);
    }

    public InferOptions threshold(double value) {
        return set(ClassifyKind.THRESHOLD, value);
    }

    /** tokenize: the token budget per row. Default: the model's max length. */
    public InferOptions maxTokens(int value) {
        return set(TokenizeKind.MAX_TOKENS, value);
    }

    /** Rows per model call. Default: 1 for batch-sensitive (quantized) models, else 32 (as the CLI). */
    public InferOptions batchSize(int value) {
        return set(EngineOptions.BATCH_SIZE, value);
    }

    public InferOptions maxBatchTokens(int value) {
        return set(EngineOptions.MAX_BATCH_TOKENS, value);
    }

    /**
     * ONNX Runtime threads per model call. Default: the Spark conf {@code spark.infer.intraOpThreads}, else
     * {@code spark.task.cpus} (1 unless set): each task slot brings its own cores.
     */
    public InferOptions intraOpThreads(int value) {
        return set(EngineOptions.INTRA_OP_THREADS, value);
    }

    /** record (default), skip or fail. */
    public InferOptions onError(String value) {
        return set(EngineOptions.ON_ERROR, value);
    }

    public InferOptions onError(ErrorPolicy value) {
        return set(EngineOptions.ON_ERROR, Objects.requireNonNull(value, "onError"));
    }

    /** Cancel a model call that runs longer; its rows are retried alone and fail if they still time out. */
    public InferOptions batchTimeoutMillis(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("batchTimeout must be positive (got " + value + " ms)");
        }
        return set(EngineOptions.BATCH_TIMEOUT, Duration.ofMillis(value));
    }

    // ---- accessors ------------------------------------------------------------------------------

    public String task() {
        return task;
    }

    /** The job these options describe (checked: an option the task does not take is refused). */
    public JobSpec job() {
        try {
            return new JobSpec(task, values);
        } catch (OptionException e) {
            throw sparkWords(e);
        }
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

    /** The value given for an option, if any. */
    public <T> Optional<T> get(OptionSpec<T> spec) {
        return Optional.ofNullable(values.get(spec));
    }

    public ErrorPolicy onError() {
        return get(EngineOptions.ON_ERROR).orElse(ErrorPolicy.RECORD);
    }

    /** Whether intra-op threads were set explicitly (else {@link Infer} takes them from the Spark conf). */
    boolean hasIntraOpThreads() {
        return values.has(EngineOptions.INTRA_OP_THREADS);
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
        String model = values.get(EngineOptions.MODEL);
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model must be 'default', a model name or a model folder (got an"
                    + " empty value)");
        }
        job();
    }

    private static void requireName(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must name a column (got an empty value)");
        }
    }

    @Override
    public String toString() {
        return "InferOptions[" + task + ", textColumn=" + textColumn + ", " + values + "]";
    }
}
