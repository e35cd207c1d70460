package dev.infer.serve;

import dev.infer.io.Row;
import dev.infer.model.Model;
import dev.infer.model.ModelException;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CallGuard;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.WorkItem;
import dev.infer.task.ClassifyOptions;
import dev.infer.task.EmbeddingClassifiers;
import dev.infer.task.EmbedOptions;
import dev.infer.task.OptionException;
import dev.infer.task.Task;
import dev.infer.task.TaskFactory;
import dev.infer.task.TaskInterceptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the server's routes for a loaded model, through the same {@link TaskFactory} as the CLI. */
public final class ServeEngine {
    private ServeEngine() {
    }

    /**
     * Makes the tasks, warms the session with one call and opens the inference routes.
     *
     * @param embed    the embedding options ({@code normalize} is per request)
     * @param classify the classification options, as {@code infer classify} takes them
     * @param version  the server version for {@code /info}
     */
    public static void open(InferServer server, Model model, ServeSettings settings, EmbedOptions embed,
                            ClassifyOptions classify, String version) throws Exception {
        Task embedTask = null;
        Task rawTask = null;
        if (model.info().outputKind().isEmbedding()) {
            embedTask = TaskInterceptor.wrapAll(TaskFactory.embed(model, new EmbedOptions(embed.pooling(), true, embed.prefix())));
            rawTask = TaskInterceptor.wrapAll(TaskFactory.embed(model, new EmbedOptions(embed.pooling(), false, embed.prefix())));
        } else if (embed.pooling() != null) {
            throw new OptionException("pooling", model.info().name() + " is a classification model, so {} cannot apply");
        }
        // top_k with every label: /predict answers every label, best first, as TEI does
        EmbeddingClassifiers.Prepared all = TaskFactory.prepare(classify.withTopK(Integer.MAX_VALUE), null);
        Task predictTask = TaskInterceptor.wrapAll(TaskFactory.classify(model, all, null));
        List<String> labelNames = all.head() != null ? all.head().labels()
                : all.labels() != null ? all.labels().labels() : null;
        InferenceService.Route embedRoute = embedTask == null ? null
                : new InferenceService.Route("embed", InferenceService.runner(embedTask, settings));
        InferenceService.Route rawRoute = rawTask == null ? null
                : new InferenceService.Route("embed", InferenceService.runner(rawTask, settings));
        InferenceService.Route predictRoute = new InferenceService.Route("predict",
                InferenceService.runner(predictTask, settings));
        BatchRunner first = embedRoute != null ? embedRoute.runner() : predictRoute.runner();
        int dimension = embedRoute != null ? warm(embedRoute.runner()) : -1;
        InferenceService service = new InferenceService(model, settings, server.metrics(), first,
                TaskFactory.tokenize(model, null));
        server.serve(new HttpApi.Routes(service, embedRoute, rawRoute, predictRoute,
                info(model, settings, dimension, labelNames, version), model.info().name()));
    }

    /** One call before serving: the first call of a session is slow, and it tells the dimension. */
    private static int warm(BatchRunner runner) {
        try (CallGuard guard = new CallGuard(true, null)) {
            WorkItem item = runner.encode(Row.ok(0, 1, null, "warm up"));
            List<RowOutcome> out = runner.run(List.of(item), guard, new CancelScope());
            if (out.isEmpty() || out.get(0).failed()) {
                throw new ModelException("the model failed its first call: "
                        + (out.isEmpty() ? "no result" : out.get(0).error()));
            }
            return ((float[]) out.get(0).values()[0]).length;
        }
    }

    private static Map<String, Object> info(Model model, ServeSettings s, int dimension, List<String> labels,
                                            String version) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", model.info().name());
        info.put("model_file", model.info().onnxFile());
        info.put("model_type", model.info().isClassifier() ? "classifier" : "embedding");
        info.put("tasks", dimension > 0 ? List.of("embed", "predict", "tokenize") : List.of("predict", "tokenize"));
        if (dimension > 0) {
            info.put("dimension", dimension);
        }
        info.put("labels", model.info().isClassifier() ? model.info().labels().names()
                : labels);
        info.put("max_input_length", model.info().maxLength());
        info.put("batch_sensitive", model.info().batchSensitive());
        info.put("workers", s.threads());
        info.put("rows_per_call", s.rowsPerCall());
        info.put("max_batch_tokens", s.maxBatchTokens());
        info.put("max_client_batch_size", s.maxBatchInputs());
        info.put("max_queued_inputs", s.maxQueuedInputs());
        info.put("payload_limit", s.payloadLimit());
        info.put("request_timeout_ms", s.requestTimeout() == null ? null : s.requestTimeout().toMillis());
        info.put("version", version);
        return info;
    }
}
