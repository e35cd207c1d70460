package dev.infer.serve;

import dev.infer.io.Row;
import dev.infer.model.Model;
import dev.infer.model.ModelException;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CallGuard;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.WorkItem;
import dev.infer.model.Pooling;
import dev.infer.job.JobSpec;
import dev.infer.task.ClassifyKind;
import dev.infer.task.ResultField;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import dev.infer.task.ClassifyOptions;
import dev.infer.task.CommonOptions;
import dev.infer.task.EmbedKind;
import dev.infer.task.OptionValues;
import dev.infer.task.ClassifyTask;
import dev.infer.task.ZeroShotClassifyTask;
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
     * @param options the server's task options, as the task registry declares them ({@code normalize},
     *                {@code dimensions} and {@code top_k} are per request)
     * @param version the server version for {@code /info}
     */
    public static void open(InferServer server, Model model, ServeSettings settings, OptionValues options,
                            String version) throws Exception {
        // the server's prefix: --prefix, else the card's prompt --prompt-name names, else the card's default
        String rowPrefix = dev.infer.task.Prompts.prefix(model.info(), options.get(CommonOptions.PREFIX),
                options.get(CommonOptions.PROMPT_NAME));
        EmbedOptions given = EmbedKind.options(options);
        EmbedOptions embed = new EmbedOptions(given.pooling(), given.normalize(), rowPrefix, given.dimensions());
        ClassifyOptions classify = ClassifyKind.options(options).withPrefix(rowPrefix);
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
        Task classifier = TaskFactory.classify(model, all, null);
        Task predictTask = TaskInterceptor.wrapAll(classifier);
        // raw_scores: logits of a fine-tuned classifier, cosine similarities of zero-shot; a few-shot head has none
        Task rawPredictTask = classifier instanceof ClassifyTask c ? TaskInterceptor.wrapAll(c.withRawScores())
                : classifier instanceof ZeroShotClassifyTask z ? TaskInterceptor.wrapAll(z.withRawScores()) : null;
        List<String> labelNames = all.head() != null ? all.head().labels()
                : all.labels() != null ? all.labels().labels() : null;
        InferenceService.Route embedRoute = embedTask == null ? null
                : new InferenceService.Route("embed", InferenceService.runner(embedTask, settings));
        InferenceService.Route rawRoute = rawTask == null ? null
                : new InferenceService.Route("embed", InferenceService.runner(rawTask, settings));
        InferenceService.Route predictRoute = new InferenceService.Route("predict",
                InferenceService.runner(predictTask, settings));
        InferenceService.Route rawPredictRoute = rawPredictTask == null ? null
                : new InferenceService.Route("predict", InferenceService.runner(rawPredictTask, settings));
        ZeroShotLabels perRequest = classifier instanceof ZeroShotClassifyTask
                ? new ZeroShotLabels(EmbeddingClassifiers.zeroShot(all.options(), model), settings,
                TaskInterceptor::wrapAll) : null;
        PromptRoutes prompts = PromptRoutes.of(model, embed.pooling(), settings);
        Map<String, InferenceService.Route> tasks = taskRoutes(model, settings, options);
        BatchRunner first = embedRoute != null ? embedRoute.runner() : predictRoute.runner();
        int dimension = embedRoute != null ? warm(embedRoute.runner()) : -1;
        InferenceService service = new InferenceService(model, settings, server.metrics(), first);
        server.serve(new HttpApi.Routes(service, embedRoute, rawRoute, predictRoute, rawPredictRoute, perRequest,
                tasks, new RequestReader(settings.maxBatchInputs(), model.info().maxLength(), dimension,
                prompts.names()), info(model, settings, dimension, labelNames, version, tasks.keySet()),
                model.info().name(), dimension > 0, prompts));
    }

    /**
     * The registry tasks answered at {@code POST /NAME} (see {@link ServeRoutes#TASKS}) that can run on this
     * model, each built from the server's flags as the CLI builds it.
     */
    private static Map<String, InferenceService.Route> taskRoutes(Model model, ServeSettings settings,
                                                                 OptionValues options) throws Exception {
        Map<String, InferenceService.Route> routes = new LinkedHashMap<>();
        for (String path : ServeRoutes.TASKS) {
            TaskKind kind = TaskKinds.named(path.substring(1));
            if (kind.accepts(model.info())) {
                JobSpec job = JobSpec.forKind(kind, options);
                Task task = job.bind(model, job.prepareTask(null)).task();
                routes.put(kind.name(), new InferenceService.Route(kind.name(), InferenceService.runner(task, settings)));
            }
        }
        return routes;
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
            return ((float[]) runner.task().schema().value(out.get(0).values(), ResultField.EMBEDDING)
                    .orElseThrow()).length;
        }
    }

    private static java.util.Set<String> prompts(Model model) {
        return model.info().outputKind().isEmbedding() ? model.info().card().prompts().keySet() : java.util.Set.of();
    }

    /** TEI's {@code /info} fields, then infer's own. */
    private static Map<String, Object> info(Model model, ServeSettings s, int dimension, List<String> labels,
                                            String version, java.util.Set<String> tasks) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", model.info().name());
        info.put("model_sha", null);
        info.put("model_dtype", model.info().batchSensitive() ? "int8" : "float32");
        info.put("served_model_name", model.info().name());
        if (model.info().isClassifier()) {
            Map<String, Object> id2label = new LinkedHashMap<>();
            Map<String, Object> label2id = new LinkedHashMap<>();
            List<String> names = model.info().labels().names();
            for (int i = 0; i < names.size(); i++) {
                id2label.put(Integer.toString(i), names.get(i));
                label2id.put(names.get(i), i);
            }
            info.put("model_type", Map.of("classifier", Map.of("id2label", id2label, "label2id", label2id)));
        } else {
            Pooling pooling = model.info().pooling().pooling();
            info.put("model_type", Map.of("embedding", Map.of("pooling",
                    pooling == null ? "mean" : pooling.name().toLowerCase(java.util.Locale.ROOT))));
        }
        info.put("max_concurrent_requests", s.maxQueuedInputs());
        info.put("max_input_length", model.info().maxLength());
        info.put("max_batch_tokens", s.maxBatchTokens());
        info.put("max_batch_requests", null);
        info.put("max_client_batch_size", s.maxBatchInputs());
        info.put("auto_truncate", true);
        info.put("tokenization_workers", s.threads());
        info.put("version", version);
        info.put("sha", null);
        info.put("docker_label", null);
        // infer's own
        info.put("model_file", model.info().onnxFile());
        List<String> routes = new java.util.ArrayList<>(dimension > 0
                ? List.of("embed", "predict", "similarity", "tokenize", "decode") : List.of("predict", "tokenize", "decode"));
        routes.addAll(tasks); // the registry's tasks at POST /NAME
        info.put("tasks", routes);
        if (dimension > 0) {
            info.put("dimension", dimension);
        }
        info.put("labels", model.info().isClassifier() ? model.info().labels().names() : labels);
        info.put("prompts", List.copyOf(prompts(model)));
        info.put("batch_sensitive", model.info().batchSensitive());
        info.put("workers", s.threads());
        info.put("rows_per_call", s.rowsPerCall());
        info.put("max_queued_inputs", s.maxQueuedInputs());
        info.put("payload_limit", s.payloadLimit());
        info.put("request_timeout_ms", s.requestTimeout() == null ? null : s.requestTimeout().toMillis());
        return info;
    }
}
