package dev.infer.task;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fits a few-shot head: embeds the examples (one at a time, so each vector is the one the row would get alone),
 * estimates accuracy by stratified k-fold cross-validation, then fits on all examples.
 */
public final class FewShot {
    /** At most 5 folds; fewer when the smallest label has fewer examples. */
    static final int MAX_FOLDS = 5;

    private FewShot() {
    }

    public static LogisticHead fit(Examples examples, Embedder embedder, String modelName, String modelIdentity,
                                   double l2) throws OrtException {
        float[][] vectors = new float[examples.texts().size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embedder.embed(List.of(embedder.encode(examples.texts().get(i))), dev.infer.model.Cancellation.NONE)[0];
        }
        List<String> names = examples.labelNames();
        int[] classes = new int[vectors.length];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = names.indexOf(examples.labels().get(i));
        }
        Map<String, Integer> counts = examples.counts();
        int folds = Math.min(MAX_FOLDS, counts.values().stream().mapToInt(Integer::intValue).min().orElse(0));
        double cv = crossValidate(vectors, classes, names.size(), folds, l2);
        HeadFit.Weights weights = HeadFit.fit(vectors, classes, names.size(), l2);
        return new LogisticHead(modelName, modelIdentity, embedder.prefix(), names, weights, l2, vectors.length,
                counts, examples.fingerprint(), folds, cv);
    }

    /**
     * Stratified k-fold: each label's examples, in file order, go to folds 0, 1, ..., k-1, 0, ... — deterministic,
     * and every fold sees every label.
     */
    static double crossValidate(float[][] vectors, int[] classes, int k, int folds, double l2) {
        int[] fold = new int[vectors.length];
        int[] seen = new int[k];
        for (int i = 0; i < vectors.length; i++) {
            fold[i] = seen[classes[i]]++ % folds;
        }
        int correct = 0;
        for (int f = 0; f < folds; f++) {
            List<float[]> trainV = new ArrayList<>();
            List<Integer> trainC = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                if (fold[i] != f) {
                    trainV.add(vectors[i]);
                    trainC.add(classes[i]);
                }
            }
            HeadFit.Weights w = HeadFit.fit(trainV.toArray(new float[0][]),
                    trainC.stream().mapToInt(Integer::intValue).toArray(), k, l2);
            for (int i = 0; i < vectors.length; i++) {
                if (fold[i] == f && argmax(w.probabilities(vectors[i])) == classes[i]) {
                    correct++;
                }
            }
        }
        return (double) correct / vectors.length;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** One line for stderr: counts and cross-validated accuracy. */
    public static String describe(LogisticHead head, String source) {
        StringBuilder per = new StringBuilder();
        head.perLabel().forEach((l, n) -> per.append(per.length() == 0 ? "" : ", ").append(l).append(' ').append(n));
        return String.format(java.util.Locale.ROOT, "few-shot head %s: %d examples, %d labels (%s), %d-fold"
                        + " cross-validated accuracy %.3f", source, head.examples(), head.labels().size(), per,
                head.cvFolds(), head.cvAccuracy());
    }
}
