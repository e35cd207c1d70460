package dev.infer.job;

import dev.infer.model.Model;
import dev.infer.model.ModelIdentity;
import dev.infer.model.WeightHashes;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.task.OptionSpec;
import dev.infer.task.ResultSchema;
import dev.infer.task.Task;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job ready to run: the loaded model, the task built for it, and what follows from both. The model belongs
 * to whoever loaded it (the CLI closes it after the run; Spark keeps it for the executor's life).
 *
 * @param rowsPerCall rows per model call (the batch size asked for, else what the model's batch sensitivity allows)
 */
public record PreparedJob(JobSpec spec, Model model, Task task, int rowsPerCall) {

    /** Engine options that can change what a run writes (threads and timeouts cannot: outputs are identical). */
    private static final java.util.List<OptionSpec<?>> SHAPING = java.util.List.of(EngineOptions.MODEL,
            EngineOptions.MODEL_FILE, EngineOptions.MAX_LENGTH, EngineOptions.BATCH_SIZE,
            EngineOptions.MAX_BATCH_TOKENS, EngineOptions.ON_ERROR);

    public ResultSchema schema() {
        return task.schema();
    }

    /** What a row's values are computed by: the model's files' hashes (a swapped model.onnx is another model). */
    public ModelIdentity modelIdentity() {
        return ModelIdentity.of(model.info(), WeightHashes.standard());
    }

    /**
     * Everything that shapes this job's output, for checking that a resume continues the same run and for the
     * cache's scope: every option that can (by its neutral key, the default's text where none was given) and
     * what they resolved to for this model.
     */
    public JobIdentity identity() {
        Map<String, String> options = new TreeMap<>();
        for (OptionSpec<?> o : spec.kind().options()) {
            options.put(o.key(), text(o));
        }
        for (OptionSpec<?> o : SHAPING) {
            options.put(o.key(), text(o));
        }
        ModelIdentity modelId = modelIdentity();
        Map<String, String> facts = new TreeMap<>();
        facts.put("rows per model call", Integer.toString(rowsPerCall));
        facts.put("model file", model.info().onnxFile());
        facts.put("model identity", modelId.digest());
        // A model folder's config can change between runs without any option changing.
        facts.put("model labels", String.join(",", model.info().labels().names()));
        facts.put("model max length", Integer.toString(model.info().maxLength()));
        facts.put("model output", model.info().output());
        facts.putAll(task.identity());
        return new JobIdentity(spec.task(), modelId, options, facts);
    }

    private String text(OptionSpec<?> o) {
        String given = spec.options().asText().get(o.key());
        return given != null ? given : o.defaultText() != null ? o.defaultText() : "";
    }

    /**
     * The engine's settings for this job's pipeline.
     *
     * @param workers    worker threads
     * @param queue      batches waiting for a worker
     * @param maxErrors  stop once more rows failed (-1: no limit)
     * @param grace      how long a stop lets work in flight finish
     */
    public PipelineConfig pipelineConfig(int workers, int queue, long maxErrors, Duration grace) {
        Integer maxBatchTokens = spec.options().get(EngineOptions.MAX_BATCH_TOKENS);
        dev.infer.pipeline.ErrorPolicy onError = spec.options().get(EngineOptions.ON_ERROR);
        return new PipelineConfig(workers, rowsPerCall,
                maxBatchTokens != null ? maxBatchTokens : EngineOptions.DEFAULT_MAX_BATCH_TOKENS, queue,
                PipelineConfig.DEFAULT_WINDOW, onError != null ? onError : dev.infer.pipeline.ErrorPolicy.RECORD,
                maxErrors, spec.options().get(EngineOptions.BATCH_TIMEOUT), grace, 0);
    }
}
