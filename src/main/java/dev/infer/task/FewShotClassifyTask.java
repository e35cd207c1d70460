package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code infer classify --examples/--head}: a row's label is the few-shot head's most probable class; the scores
 * are the head's probabilities.
 */
public final class FewShotClassifyTask implements Task {
    private final Embedder embedder;
    private final LogisticHead head;
    private final ScoredLabels results;

    /** @param embedder embeds rows with the head's prefix */
    public FewShotClassifyTask(Embedder embedder, LogisticHead head, int topK, boolean allScores) {
        if (!embedder.prefix().equals(head.prefix())) {
            throw new IllegalArgumentException("the embedder's prefix must be the head's");
        }
        this.embedder = embedder;
        this.head = head;
        this.results = new ScoredLabels(head.labels(), false, 0, topK, allScores);
    }

    @Override
    public ResultSchema schema() {
        return results.schema();
    }

    @Override
    public Encoded encode(String text) {
        return embedder.encode(text);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
        float[][] vectors = embedder.embed(rows, cancel);
        List<Object[]> out = new ArrayList<>(rows.size());
        for (float[] v : vectors) {
            out.add(results.row(head.weights().probabilities(v)));
        }
        return out;
    }

    @Override
    public Map<String, String> identity() {
        return Map.of("few-shot head", head.sha256(), "row prefix", head.prefix());
    }

    @Override
    public Map<String, Object> summaryFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", head.examples());
        m.put("per_label", head.perLabel());
        m.put("cv_folds", head.cvFolds());
        m.put("cv_accuracy", head.cvAccuracy());
        m.put("examples_fingerprint", head.fingerprint());
        m.put("model", head.modelName());
        m.put("head", head.sha256());
        return m;
    }

    public LogisticHead head() {
        return head;
    }
}
