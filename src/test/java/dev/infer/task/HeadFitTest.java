package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadFitTest {

    /** Three noisy clusters in 16 dimensions, unit-normalized like sentence vectors. */
    static float[][] clusters(int perClass, long seed, int[] classesOut) {
        Random r = new Random(seed);
        float[][] centers = new float[3][16];
        for (float[] c : centers) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) r.nextGaussian();
            }
        }
        float[][] v = new float[3 * perClass][16];
        for (int i = 0; i < v.length; i++) {
            int c = i % 3;
            classesOut[i] = c;
            double norm = 0;
            for (int j = 0; j < 16; j++) {
                v[i][j] = centers[c][j] + (float) (0.6 * r.nextGaussian());
                norm += v[i][j] * v[i][j];
            }
            for (int j = 0; j < 16; j++) {
                v[i][j] /= (float) Math.sqrt(norm);
            }
        }
        return v;
    }

    @Test
    void separatesClustersAndGivesProbabilities() {
        int[] y = new int[60];
        float[][] x = clusters(20, 1, y);
        HeadFit.Weights w = HeadFit.fit(x, y, 3, HeadFit.DEFAULT_L2);
        int[] yTest = new int[90];
        float[][] test = clusters(30, 1, yTest); // same centres (same seed), new noise draws after them
        int correct = 0;
        for (int i = 0; i < test.length; i++) {
            double[] p = w.probabilities(test[i]);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
            correct += FewShot.argmax(p) == yTest[i] ? 1 : 0;
        }
        assertTrue(correct >= 85, correct + " of 90");
    }

    @Test
    void sameExamplesGiveTheSameHeadBitForBit() {
        int[] y = new int[30];
        float[][] x = clusters(10, 7, y);
        HeadFit.Weights a = HeadFit.fit(x, y, 3, 0.1);
        HeadFit.Weights b = HeadFit.fit(x, y, 3, 0.1);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(a.weights()[c], b.weights()[c]);
        }
        assertArrayEquals(a.bias(), b.bias());
        LogisticHead ha = head(a, 0.9);
        LogisticHead hb = head(b, 0.9);
        assertArrayEquals(ha.toJson(), hb.toJson());
        assertEquals(ha.sha256(), hb.sha256());
    }

    @Test
    void strongerPenaltyGivesSmallerWeightsAndSofterScores() {
        int[] y = new int[30];
        float[][] x = clusters(10, 3, y);
        double weak = maxProbability(HeadFit.fit(x, y, 3, 1e-3), x[0]);
        double strong = maxProbability(HeadFit.fit(x, y, 3, 10), x[0]);
        assertTrue(strong < weak, strong + " vs " + weak);
        assertTrue(strong > 1.0 / 3, "still leans the right way");
    }

    @Test
    void crossValidationIsStratifiedAndDeterministic() {
        int[] y = new int[30];
        float[][] x = clusters(10, 11, y);
        double a = FewShot.crossValidate(x, y, 3, 5, 0.1);
        double b = FewShot.crossValidate(x, y, 3, 5, 0.1);
        assertEquals(a, b);
        assertTrue(a >= 0.8, "accuracy " + a);
    }

    private static double maxProbability(HeadFit.Weights w, float[] v) {
        double[] p = w.probabilities(v);
        return Math.max(p[0], Math.max(p[1], p[2]));
    }

    static LogisticHead head(HeadFit.Weights w, double cv) {
        return new LogisticHead("e5-small", "id", "query: ", List.of("a", "b", "c"), w, 0.1, 30,
                Map.of("a", 10), "sha256:00", 5, cv);
    }
}
