package dev.infer.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-label scores into a classification row. The fields depend only on the options, never on the
 * scores, so a CSV header stays the same for every row:
 * <ul>
 * <li>single-label: {@code label}, {@code score} (the best label);</li>
 * <li>multi-label: {@code labels}, every label scoring above the threshold as {@code {label, score}}, best first;</li>
 * <li>then {@code top_k} (with {@code topK > 0}): the K best as {@code {label, score}}, best first;</li>
 * <li>then {@code scores} (with {@code allScores}): every label's score, in label order.</li>
 * </ul>
 */
public final class ScoredLabels {
    private final List<String> labels;
    private final boolean multiLabel;
    private final double threshold;
    private final int topK;
    private final boolean allScores;

    /**
     * @param threshold multi-label only: a label applies when its score is above this
     * @param topK      0 for no {@code top_k} field; larger than the label count means all labels
     */
    public ScoredLabels(List<String> labels, boolean multiLabel, double threshold, int topK, boolean allScores) {
        this.labels = List.copyOf(labels);
        this.multiLabel = multiLabel;
        this.threshold = threshold;
        this.topK = topK;
        this.allScores = allScores;
    }

    public ResultSchema schema() {
        List<ResultField> fields = new ArrayList<>(multiLabel ? List.of(ResultField.LABELS)
                : List.of(ResultField.LABEL, ResultField.SCORE));
        if (topK > 0) {
            fields.add(ResultField.TOP_K);
        }
        if (allScores) {
            fields.add(ResultField.SCORES);
        }
        return new ResultSchema(fields);
    }

    /** One result row, aligned with {@link #schema()}. */
    public Object[] row(double[] scores) {
        if (scores.length != labels.size()) {
            throw new IllegalStateException("got " + scores.length + " scores for " + labels.size() + " labels");
        }
        List<Object> row = new ArrayList<>(4);
        List<Integer> ranked = ranked(scores);
        if (multiLabel) {
            List<Map<String, Object>> applying = new ArrayList<>();
            for (int i : ranked) {
                if (scores[i] > threshold) {
                    applying.add(pair(i, scores));
                }
            }
            row.add(applying);
        } else {
            int best = ranked.get(0);
            row.add(labels.get(best));
            row.add(round(scores[best]));
        }
        if (topK > 0) {
            List<Map<String, Object>> top = new ArrayList<>();
            for (int i : ranked.subList(0, Math.min(topK, ranked.size()))) {
                top.add(pair(i, scores));
            }
            row.add(top);
        }
        if (allScores) {
            Map<String, Double> all = new LinkedHashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                all.put(labels.get(i), round(scores[i]));
            }
            row.add(all);
        }
        return row.toArray();
    }

    /** Label indexes, best score first; ties keep label order (like a stable sort in Python). */
    private static List<Integer> ranked(double[] scores) {
        List<Integer> idx = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return idx;
    }

    private Map<String, Object> pair(int i, double[] scores) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("label", labels.get(i));
        m.put("score", round(scores[i]));
        return m;
    }

    /** Six decimals: more would only print float noise. */
    static double round(double p) {
        return Math.round(p * 1e6) / 1e6;
    }
}
