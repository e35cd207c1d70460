package dev.infer.serve;

import dev.infer.task.ResultField;
import dev.infer.task.ResultSchema;
import dev.infer.task.ScoredLabels;

import dev.infer.task.EmbedTask;
import dev.infer.task.EmbeddingClassifiers;
import dev.infer.task.LabelPrototypes;
import dev.infer.task.Task;
import dev.infer.task.ZeroShotClassifyTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Zero-shot classification with labels given per request (Hugging Face's {@code parameters.candidate_labels}):
 * the label sentences are embedded first, each alone, on the workers; then the texts are scored against them
 * exactly as {@code infer classify --labels} would. Nothing is cached: a request's labels are its own.
 */
final class ZeroShotLabels {
    /** What its answers hold: every label best first in top_k (the fields depend only on the options). */
    static final ResultSchema SCHEMA = new ScoredLabels(List.of(), false, 0, Integer.MAX_VALUE, false).schema();

    private final EmbeddingClassifiers.ZeroShotSetup setup;
    private final ServeSettings settings;
    private final UnaryOperator<Task> intercept;
    /** Label sentences one per call, as {@link ZeroShotClassifyTask#create} embeds them. */
    private final InferenceService.Route sentences;

    ZeroShotLabels(EmbeddingClassifiers.ZeroShotSetup setup, ServeSettings settings, UnaryOperator<Task> intercept) {
        this.setup = setup;
        this.settings = settings;
        this.intercept = intercept;
        this.sentences = new InferenceService.Route("predict", new dev.infer.pipeline.BatchRunner(
                intercept.apply(new EmbedTask(setup.labels())), 1, settings.maxBatchTokens(),
                new dev.infer.pipeline.RunStats()));
    }

    /**
     * @param template the request's template, or null for the server's
     * @param raw      answer cosine similarities instead of softmax scores
     */
    CompletableFuture<InferenceService.Answer> classify(InferenceService service, List<String> texts,
                                                        List<String> labels, String template, boolean raw) {
        LabelPrototypes prototypes = LabelPrototypes.plain(labels);
        String t = template != null ? template : setup.template();
        List<String> all = ZeroShotClassifyTask.sentences(prototypes, t);
        return service.submit(sentences, all).thenCompose(embedded -> {
            List<float[]> vectors = new ArrayList<>(all.size());
            for (Object[] v : embedded.values()) {
                vectors.add((float[]) sentences.runner().task().schema().value(v, ResultField.EMBEDDING).orElseThrow());
            }
            ZeroShotClassifyTask task = ZeroShotClassifyTask.fromSentenceVectors(setup.rows(), setup.labels().prefix(),
                    prototypes, t, vectors, setup.temperature(), Integer.MAX_VALUE, false);
            Task scored = intercept.apply(raw ? task.withRawScores() : task);
            return service.submit(new InferenceService.Route("predict", InferenceService.runner(scored, settings)),
                    texts);
        });
    }
}
