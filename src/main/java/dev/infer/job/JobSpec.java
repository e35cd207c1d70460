package dev.infer.job;

import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import dev.infer.task.OptionException;
import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import dev.infer.task.TaskFactory;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.stream.Stream;

/**
 * What to run, as every front end describes it: a task kind and the option values given (the task's own and
 * the {@link EngineOptions}). The CLI fills one from its flags, {@code infer serve} from its flags, Spark from
 * its options or job arguments; then {@link #prepareTask}, {@link #loadModel} and {@link #bind} give the
 * {@link PreparedJob} they run. Immutable and serializable (Spark ships it to executors); {@code equals}
 * means the same job.
 *
 * @param task    the task kind's name in the {@link TaskKinds registry}
 * @param options the values given, each already checked against its spec
 */
public record JobSpec(String task, OptionValues options) implements Serializable {

    /** Options a job may carry whatever its task: the engine's. */
    private static final List<OptionSpec<?>> ENGINE = Stream.concat(EngineOptions.MODEL_OPTIONS.stream(),
            EngineOptions.RUN_OPTIONS.stream()).toList();

    public JobSpec {
        TaskKind kind = TaskKinds.named(task);
        task = kind.name();
        for (String key : options.keys()) {
            if (!kind.takes(key) && ENGINE.stream().noneMatch(o -> o.key().equals(key))) {
                String owner = TaskKinds.all().stream().filter(k -> k.takes(key)).map(TaskKind::name).findFirst()
                        .orElse(null);
                throw new OptionException(key, owner == null ? "{} is not an option of infer"
                        : "{} is " + ("aeiou".indexOf(owner.charAt(0)) >= 0 ? "an " : "a ") + owner + " option; " + task
                        + " does not take it");
            }
        }
    }

    public static JobSpec of(TaskKind kind, OptionValues options) {
        return new JobSpec(kind.name(), options);
    }

    /** A job of {@code kind} from values given for several kinds (a server's flags): the kind's and the engine's. */
    public static JobSpec forKind(TaskKind kind, OptionValues all) {
        OptionValues.Builder b = OptionValues.builder();
        for (OptionSpec<?> o : optionsOf(kind)) {
            if (all.has(o)) {
                b.setObject(o, all.get(o));
            }
        }
        return of(kind, b.build());
    }

    /**
     * Every option any job can carry — each task's and the engine's — each once (tasks share some, such as
     * {@code prefix}), in help order: what a front end that takes any task offers (Spark's options and params,
     * InferJob's flags).
     */
    public static List<OptionSpec<?>> everyOption() {
        java.util.Map<String, OptionSpec<?>> byKey = new java.util.LinkedHashMap<>();
        for (TaskKind kind : TaskKinds.all()) {
            optionsOf(kind).forEach(o -> byKey.putIfAbsent(o.key(), o));
        }
        return List.copyOf(byKey.values());
    }

    public TaskKind kind() {
        return TaskKinds.named(task);
    }

    /** The options every front end may offer for this job: the model's, the task's, the engine's. */
    public static List<OptionSpec<?>> optionsOf(TaskKind kind) {
        return Stream.of(EngineOptions.MODEL_OPTIONS, kind.options(), EngineOptions.RUN_OPTIONS)
                .flatMap(List::stream).toList();
    }

    /** The model, as {@code --model} and {@code --model-file} name it ("default": the task's default). */
    public ModelRef modelRef() {
        return ModelRef.parse(options.get(EngineOptions.MODEL), options.get(EngineOptions.MODEL_FILE), task);
    }

    /**
     * ONNX Runtime's settings for this job's calls.
     *
     * @param workers threads calling the model at once (a Spark task slot: 1)
     * @param cores   the processors they share
     */
    public SessionSettings session(int workers, int cores) {
        return SessionSettings.of(options.get(EngineOptions.INTRA_OP_THREADS), workers, cores,
                options.get(EngineOptions.BATCH_SIZE));
    }

    /** Checks the task's values together and reads the files they name, before any model loads. */
    public TaskKind.Prepared prepareTask(PrintStream notes) {
        return kind().prepare(options, notes);
    }

    public Model loadModel(SessionSettings session) {
        return ModelLoader.load(modelRef(), session, options.get(EngineOptions.MAX_LENGTH));
    }

    /**
     * The runnable job: the task built for the loaded model (wrapped by test interceptors when the test class
     * path has them), its results' schema, and rows per model call from the model's batch sensitivity.
     */
    public PreparedJob bind(Model model, TaskKind.Prepared task) throws Exception {
        int rowsPerCall = TaskFactory.rowsPerCall(model.info(), options.get(EngineOptions.BATCH_SIZE));
        return new PreparedJob(this, model, dev.infer.task.TaskInterceptor.wrapAll(task.create(model)), rowsPerCall);
    }
}
