package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.ClassLabels;
import dev.infer.model.Encoded;
import dev.infer.model.Model;
import dev.infer.model.Scoring;
import dev.infer.model.VectorMath;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infer classify} with a fine-tuned classifier: the model's own labels from its logits, scored like
 * Transformers' text-classification pipeline (softmax, sigmoid for multi-label, raw for regression).
 */
public final class ClassifyTask implements Task {
    private final Model model;
    private final ClassLabels labels;
    private final ScoredLabels results;
    private final double threshold;
    private final int topK;
    private final boolean allScores;
    /** Answer the logits themselves (TEI's raw_scores). */
    private final boolean raw;

    /**
     * @param labels    the model's labels, possibly switched to multi-label by the user
     * @param threshold multi-label: a label applies when its sigmoid score is above this
     * @param topK      0, or how many best labels to list in {@code top_k}
     * @param allScores add every label's score in {@code scores}
     */
    public ClassifyTask(Model model, ClassLabels labels, double threshold, int topK, boolean allScores) {
        this(model, labels, threshold, topK, allScores, false);
    }

    private ClassifyTask(Model model, ClassLabels labels, double threshold, int topK, boolean allScores, boolean raw) {
        this.model = model;
        this.threshold = threshold;
        this.topK = topK;
        this.allScores = allScores;
        this.raw = raw;
        this.labels = labels;
        this.results = new ScoredLabels(labels.names(), labels.multiLabel(), threshold, topK, allScores);
    }

    @Override
    public ResultSchema schema() {
        return results.schema();
    }

    @Override
    public Encoded encode(String text) {
        return model.tokenizer().encode(text);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
        int n = labels.names().size();
        double[][] logits = model.session().run(rows, model.info().output(), cancel, (data, shape) -> {
            if (shape.length != 2 || shape[1] != n) {
                throw new IllegalStateException("logits have shape " + java.util.Arrays.toString(shape)
                        + ", expected [" + rows.size() + ", " + n + "]");
            }
            double[][] out = new double[rows.size()][n];
            for (int r = 0; r < rows.size(); r++) {
                for (int j = 0; j < n; j++) {
                    out[r][j] = data.get(r * n + j);
                }
            }
            return out;
        });
        List<Object[]> out = new ArrayList<>(rows.size());
        for (double[] l : logits) {
            out.add(results.row(score(l)));
        }
        return out;
    }

    /** The same classifier answering the logits instead of the scores. */
    public ClassifyTask withRawScores() {
        return new ClassifyTask(model, labels, threshold, topK, allScores, true);
    }

    private double[] score(double[] logits) {
        if (raw) {
            return logits.clone();
        }
        Scoring scoring = labels.scoring();
        return switch (scoring) {
            case SOFTMAX -> VectorMath.softmax(logits, 1.0);
            case SIGMOID -> {
                double[] s = new double[logits.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = VectorMath.sigmoid(logits[i]);
                }
                yield s;
            }
            case NONE -> logits.clone();
        };
    }
}
