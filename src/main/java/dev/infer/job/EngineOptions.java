package dev.infer.job;

import dev.infer.pipeline.ErrorPolicy;
import dev.infer.task.OptionSpec;
import java.time.Duration;
import java.util.List;

/**
 * The options every task has — which model, and how the engine runs it — declared once for the CLI,
 * {@code infer serve} and Spark (each takes the ones that apply to it).
 */
public final class EngineOptions {
    public static final OptionSpec<String> MODEL = OptionSpec.text("model", "NAME|DIR",
            "An embedded model: 'minilm' (all-MiniLM-L6-v2, int8) or 'e5-small' (e5-small-v2, int8);"
                    + " 'default' (classify: e5-small; embed and tokenize: minilm; see infer model list); a"
                    + " Hugging Face model by its name, ORG/NAME[@REVISION], from the Hugging Face cache (fetch it"
                    + " once with infer model pull); or a model folder exported to ONNX (optimum-cli export onnx,"
                    + " or a Transformers.js repo): model.onnx at the top or under onnx/, with tokenizer.json and"
                    + " config.json. Default: default.").withDefault("default").withShortNames("-m");
    public static final OptionSpec<String> MODEL_FILE = OptionSpec.text("model-file", "NAME",
            "ONNX file to use inside the model folder or hub snapshot (e.g. model.onnx or"
                    + " onnx/model_quantized.onnx). Default: a quantized file (model_quantized.onnx, model_int8.onnx,"
                    + " model_uint8.onnx) when present, else model.onnx; a hub snapshot with several picks as"
                    + " infer model pull does.");
    public static final OptionSpec<Integer> MAX_LENGTH = OptionSpec.atLeast("max-length", 2, "N",
            "Cut rows at N tokens instead of the model's own max length (minilm 256, e5-small 512;"
                    + " an embedded model takes up to 512). Shorter is faster on long texts.");

    public static final OptionSpec<Integer> THREADS = OptionSpec.atLeast("threads", 1, "N",
            "Worker threads sharing one model session. Default: the number of processors.").withShortNames("-t");
    public static final OptionSpec<Integer> BATCH_SIZE = OptionSpec.atLeast("batch-size", 1, "N",
            "Rows per model call. Default: 1 for batch-sensitive (quantized) models, so a row's"
                    + " answer never depends on its batch-mates; 32 otherwise. Larger values on a quantized"
                    + " model give up that exactness and were not faster in the README's benchmark; long"
                    + " batches take turns so that memory stays bounded.").withShortNames("-b");
    public static final OptionSpec<Integer> MAX_BATCH_TOKENS = OptionSpec.atLeast("max-batch-tokens", 1, "N",
            "Cap on rows x padded length of one model call. Default: 8192.").withDefault("8192");
    public static final OptionSpec<Integer> INTRA_OP_THREADS = OptionSpec.atLeast("intra-op-threads", 1, "N",
            "ONNX Runtime threads per model call. Default: processors / threads (at least 1),"
                    + " so workers never oversubscribe the cores.");
    public static final OptionSpec<ErrorPolicy> ON_ERROR = OptionSpec.choice("on-error", ErrorPolicy.class, "POLICY",
            "A failed row is written with an 'error' field (record), left out (skip), or stops"
                    + " the run (fail). Default: record.").withDefault("record");
    public static final OptionSpec<Duration> BATCH_TIMEOUT = OptionSpec.duration("batch-timeout",
            "Cancel a model call that runs longer (e.g. 500ms, 10s, 2m; a bare number is seconds);"
                    + " its rows are retried alone and fail with an error if they still time out. Default: none.");

    /** Which model: the first options of every command. */
    public static final List<OptionSpec<?>> MODEL_OPTIONS = List.of(MODEL, MODEL_FILE, MAX_LENGTH);

    /** How a job runs the model (after the task's own options in help). */
    public static final List<OptionSpec<?>> RUN_OPTIONS = List.of(THREADS, BATCH_SIZE, MAX_BATCH_TOKENS,
            INTRA_OP_THREADS, ON_ERROR, BATCH_TIMEOUT);

    /** The default of --max-batch-tokens. */
    public static final int DEFAULT_MAX_BATCH_TOKENS = 8192;

    private EngineOptions() {
    }
}
