package dev.infer.spark;

import dev.infer.model.Model;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.task.Task;
import dev.infer.task.TaskFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The models and tasks of one JVM (a Spark executor, or the driver), shared by all its task threads.
 *
 * <p>Why static: Spark gives tasks no per-executor object to hang a model on, and loading it per task
 * would cost a second or more and a model's memory each time. This is the one deliberate piece of
 * static mutable state: a model is loaded lazily under a lock, once per key (model, model file, session
 * settings), and never closed per task (later tasks and stages reuse it); it lives as long as the JVM.
 * Tasks built from it are immutable and thread-safe (see {@link Task}).
 */
final class ExecutorModels {
    private static final Map<String, Model> MODELS = new HashMap<>();
    private static final Map<String, Prepared> TASKS = new HashMap<>();

    /** A task with the batching the CLI would use for it. */
    record Prepared(Task task, Model model, int rowsPerCall) {
    }

    private ExecutorModels() {
    }

    static synchronized Prepared prepare(InferOptions o) throws Exception {
        Prepared cached = TASKS.get(o.taskKey());
        if (cached != null) {
            return cached;
        }
        Model model = model(o);
        Task task = switch (o.kind()) {
            case EMBED -> TaskFactory.embed(model, o.embedOptions());
            case CLASSIFY -> TaskFactory.classify(model, o.classifyOptions());
            case TOKENIZE -> TaskFactory.tokenize(model, o.maxTokens());
        };
        // As in the CLI and serve, the tests' hooks (a gate the test opens) wrap the task; the jar has none.
        Prepared p = new Prepared(dev.infer.task.TaskInterceptor.wrapAll(task), model,
                TaskFactory.rowsPerCall(model.info(), o.batchSize()));
        TASKS.put(o.taskKey(), p);
        return p;
    }

    /** The CLI's pipeline settings for one Spark task thread (one worker, no queue of its own). */
    static PipelineConfig config(InferOptions o, int rowsPerCall) {
        return new PipelineConfig(1, rowsPerCall, o.maxBatchTokens(), 1, PipelineConfig.DEFAULT_WINDOW,
                dev.infer.pipeline.ErrorPolicy.RECORD, -1, o.batchTimeout(), PipelineConfig.DEFAULT_GRACE, 0);
    }

    private static Model model(InferOptions o) {
        String key = o.resolvedModel() + "\u0000" + o.modelFile() + "\u0000" + o.sessionSettings();
        Model m = MODELS.get(key);
        if (m == null) {
            m = ModelShipping.load(o); // from the copy the driver shipped, if any
            MODELS.put(key, m);
        }
        return m;
    }
}
