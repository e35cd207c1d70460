package dev.infer.serve;

import dev.infer.job.JobSpec;
import dev.infer.model.Model;
import dev.infer.task.OptionValues;
import dev.infer.task.RerankKind;
import dev.infer.task.ResultField;

/**
 * TEI's {@code POST /rerank} on a cross-encoder: the query comes with each request, so each request gets its own
 * rerank task, built through the registry exactly as {@code infer rerank --query Q} builds it (a task is cheap:
 * the model is shared). Only offered when the loaded model is one rerank accepts.
 */
final class RerankRoutes {
    private final Model model;
    private final ServeSettings settings;

    RerankRoutes(Model model, ServeSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** The route for one request: its query, and its raw_scores (the logit instead of the probability). */
    InferenceService.Route route(String query, boolean raw) {
        OptionValues.Builder v = OptionValues.builder().set(RerankKind.QUERY, query);
        if (raw) {
            v.set(RerankKind.RAW_SCORES, true);
        }
        JobSpec job = JobSpec.of(RerankKind.INSTANCE, v.build());
        try {
            return new InferenceService.Route("rerank",
                    InferenceService.runner(job.bind(model, job.prepareTask(null)).task(), settings));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row's score, by the task's schema. */
    static double score(InferenceService.Route route, Object[] values) {
        return (Double) route.runner().task().schema().value(values, ResultField.SCORE).orElseThrow();
    }
}
