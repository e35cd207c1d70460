package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Result fields of classification: fixed per options, values ranked and thresholded. */
class ScoredLabelsTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    @Test
    void singleLabelFields() {
        assertEquals(List.of("label", "score"), new ScoredLabels(LABELS, false, 0.5, 0, false).schema().names());
        assertEquals(List.of("label", "score", "top_k", "scores"),
                new ScoredLabels(LABELS, false, 0.5, 2, true).schema().names());
        assertEquals(List.of("labels", "top_k"), new ScoredLabels(LABELS, true, 0.5, 1, false).schema().names());
    }

    @Test
    void bestLabelTopKAndAllScores() {
        Object[] row = new ScoredLabels(LABELS, false, 0.5, 2, true).row(new double[] {0.2, 0.5, 0.3});
        assertEquals("b", row[0]);
        assertEquals(0.5, row[1]);
        assertEquals(List.of(Map.of("label", "b", "score", 0.5), Map.of("label", "c", "score", 0.3)), row[2]);
        assertEquals(Map.of("a", 0.2, "b", 0.5, "c", 0.3), row[3]);
        assertEquals(List.of("a", "b", "c"), List.copyOf(((Map<?, ?>) row[3]).keySet()), "scores in label order");
    }

    @Test
    void topKLargerThanTheLabelsListsThemAll() {
        Object[] row = new ScoredLabels(LABELS, false, 0.5, 10, false).row(new double[] {0.2, 0.5, 0.3});
        assertEquals(3, ((List<?>) row[2]).size());
    }

    @Test
    void tiesKeepLabelOrder() {
        Object[] row = new ScoredLabels(LABELS, false, 0.5, 3, false).row(new double[] {0.25, 0.5, 0.25});
        assertEquals(List.of("b", "a", "c"), ((List<?>) row[2]).stream().map(m -> ((Map<?, ?>) m).get("label")).toList());
    }

    @Test
    void multiLabelListsTheLabelsAboveTheThresholdBestFirst() {
        ScoredLabels s = new ScoredLabels(LABELS, true, 0.5, 0, false);
        assertArrayEquals(new Object[] {List.of(Map.of("label", "c", "score", 0.9), Map.of("label", "a", "score", 0.6))},
                s.row(new double[] {0.6, 0.5, 0.9}));
        assertArrayEquals(new Object[] {List.of()}, s.row(new double[] {0.1, 0.2, 0.3}), "none applies: empty list");
    }
}
