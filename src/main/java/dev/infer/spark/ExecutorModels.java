package dev.infer.spark;

import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.job.PreparedJob;
import dev.infer.model.Model;
import dev.infer.model.SessionSettings;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.task.Task;
import java.util.HashMap;
import java.util.Map;

/**
 * The models and tasks of one JVM (a Spark executor, or the driver), shared by all its task threads.
 *
 * <p>Why static: Spark gives tasks no per-executor object to hang a model on, and loading it per task
 * would cost a second or more and a model's memory each time. This is the one deliberate piece of
 * static mutable state: a model is loaded lazily under a lock, once per model and session settings, and
 * never closed per task (later tasks and stages reuse it); it lives as long as the JVM. A prepared job is
 * kept per job (equal {@link JobSpec}s are the same job). Tasks built from it are immutable and thread-safe
 * (see {@link Task}).
 */
final class ExecutorModels {
    private static final Map<ModelKey, Model> MODELS = new HashMap<>();
    private static final Map<JobKey, PreparedJob> JOBS = new HashMap<>();

    /** What decides the model a job loads. */
    private record ModelKey(String model, String modelFile, Integer maxLength, SessionSettings session) {
    }

    private record JobKey(JobSpec job, SessionSettings session) {
    }

    private ExecutorModels() {
    }

    /** The job built once per JVM, with the batching the CLI would use for it. */
    static synchronized PreparedJob prepare(InferOptions o) throws Exception {
        JobSpec job = o.job();
        SessionSettings session = job.session(1, 1); // one worker per task slot
        JobKey key = new JobKey(job, session);
        PreparedJob cached = JOBS.get(key);
        if (cached != null) {
            return cached;
        }
        PreparedJob p = job.bind(model(job, session), job.prepareTask(null));
        JOBS.put(key, p);
        return p;
    }

    /** The CLI's pipeline settings for one Spark task thread (one worker, no queue of its own). */
    static PipelineConfig config(PreparedJob job) {
        // errors are recorded here and the partition applies the policy, so a failed row can name its id
        return job.pipelineConfig(1, 1, -1, PipelineConfig.DEFAULT_GRACE)
                .withErrorPolicy(dev.infer.pipeline.ErrorPolicy.RECORD);
    }

    private static Model model(JobSpec job, SessionSettings session) {
        var v = job.options();
        ModelKey key = new ModelKey(job.modelRef().toString(), v.get(EngineOptions.MODEL_FILE),
                v.get(EngineOptions.MAX_LENGTH), session);
        Model m = MODELS.get(key);
        if (m == null) {
            m = ModelShipping.load(job, session); // from the copy the driver shipped, if any
            MODELS.put(key, m);
        }
        return m;
    }
}
