package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.model.Model;
import dev.infer.model.Scoring;
import dev.infer.model.VectorMath;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infer rerank}: a cross-encoder reads (query, passage) as one pair and answers one relevance score, as
 * sentence-transformers' {@code CrossEncoder.predict} does: the sigmoid of a single logit, or the softmax
 * probability of the second label when the model has two (not-relevant / relevant).
 */
public final class RerankTask implements Task {
    private static final ResultSchema SCHEMA = ResultSchema.of(ResultField.SCORE);

    private final Model model;
    private final String query;
    private final boolean raw;
    private final int logits;

    RerankTask(Model model, String query, boolean raw) {
        this.model = model;
        this.query = query;
        this.raw = raw;
        this.logits = model.info().labels().names().size();
    }

    @Override
    public ResultSchema schema() {
        return SCHEMA;
    }

    /** The pair (query, passage); an empty passage fails its row (a score of nothing would look like an answer). */
    @Override
    public Encoded encode(String passage) {
        if (passage == null || passage.isBlank()) {
            throw new IllegalArgumentException("the passage is empty");
        }
        return model.tokenizer().encodePair(query, passage);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
        double[][] out = ClassifyTask.logits(model, rows, logits, cancel);
        List<Object[]> results = new ArrayList<>(rows.size());
        for (double[] l : out) {
            results.add(new Object[] {score(l)});
        }
        return results;
    }

    /** The relevance: the last logit (the only one, or the "relevant" label's) through the model's activation. */
    private double score(double[] l) {
        double logit = l[l.length - 1];
        if (raw) {
            return logit;
        }
        Scoring scoring = model.info().labels().scoring();
        return switch (scoring) {
            case SOFTMAX -> VectorMath.softmax(l, 1.0)[l.length - 1];
            case SIGMOID -> VectorMath.sigmoid(logit);
            case NONE -> logit;
        };
    }

    @Override
    public java.util.Map<String, String> identity() {
        return java.util.Map.of("scoring", raw ? "raw" : model.info().labels().scoring().label());
    }
}
