package dev.infer.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds classification result rows from per-label probabilities. */
final class ScoredLabels {
    private ScoredLabels() {
    }

    /** {@code [label, score]} or {@code [label, score, scores]} for the most probable label. */
    static Object[] single(List<String> labels, double[] probabilities, boolean allScores) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        Object label = labels.get(best);
        Object score = round(probabilities[best]);
        if (!allScores) {
            return new Object[] {label, score};
        }
        return new Object[] {label, score, scoreMap(labels, probabilities)};
    }

    static Map<String, Double> scoreMap(List<String> labels, double[] probabilities) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            scores.put(labels.get(i), round(probabilities[i]));
        }
        return scores;
    }

    /** Six decimals: more would only print float noise. */
    static double round(double p) {
        return Math.round(p * 1e6) / 1e6;
    }
}
