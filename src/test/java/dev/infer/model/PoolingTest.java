package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** Sentence vectors from a [batch, seq, dim] output: padding ignored, rows apart, native buffers as ORT gives them. */
class PoolingTest {
    // 2 rows x 3 positions x 2 dims; row 0 has 2 real tokens, row 1 has 3
    private static final float[] HIDDEN = {
        1, 2, 3, -4, 99, 99,
        0.5f, 0.25f, -1, 1, 2, 8,
    };

    private static FloatBuffer nativeBuffer() {
        FloatBuffer b = ByteBuffer.allocateDirect(HIDDEN.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(HIDDEN).flip();
        return b;
    }

    private static float[] pool(Pooling p, int row, int realLength) {
        float[] out = new float[2];
        p.pool(nativeBuffer(), row, 3, 2, realLength, out);
        return out;
    }

    @Test
    void meanAveragesTheRealTokensOnly() {
        assertArrayEquals(new float[] {2, -1}, pool(Pooling.MEAN, 0, 2));
        assertArrayEquals(new float[] {(0.5f + -1 + 2) / 3, (0.25f + 1 + 8) / 3}, pool(Pooling.MEAN, 1, 3));
    }

    @Test
    void maxTakesTheLargestRealValue() {
        assertArrayEquals(new float[] {3, 2}, pool(Pooling.MAX, 0, 2));
        assertArrayEquals(new float[] {2, 8}, pool(Pooling.MAX, 1, 3));
    }

    @Test
    void clsIsTheFirstToken() {
        assertArrayEquals(new float[] {0.5f, 0.25f}, pool(Pooling.CLS, 1, 3));
    }

    @Test
    void wideVectorsSumInTokenOrder() {
        int dim = 384;
        int seq = 5;
        FloatBuffer b = ByteBuffer.allocateDirect(seq * dim * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] expected = new float[dim];
        for (int t = 0; t < seq; t++) {
            for (int d = 0; d < dim; d++) {
                float v = (float) Math.sin(t * 31 + d * 0.7);
                b.put(t * dim + d, v);
                if (t < 4) {
                    expected[d] += v;
                }
            }
        }
        for (int d = 0; d < dim; d++) {
            expected[d] /= 4;
        }
        float[] out = new float[dim];
        Pooling.MEAN.pool(b, 0, seq, dim, 4, out);
        assertArrayEquals(expected, out, 0f);
    }
}
