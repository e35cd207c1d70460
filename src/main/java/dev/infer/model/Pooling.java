package dev.infer.model;

import java.nio.FloatBuffer;
import java.util.Locale;

/** How token vectors become one sentence vector. Padding positions (right of the real tokens) are ignored. */
public enum Pooling {
    MEAN, CLS, MAX;

    /** One token's vector, copied out of the native output in bulk (per-element reads cost more than the sums). */
    private static final ThreadLocal<float[]> TOKEN = ThreadLocal.withInitial(() -> new float[0]);

    public static Pooling parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Pools row {@code row} of a [batch, seq, dim] tensor into {@code out}.
     *
     * @param realLength the row's real token count; positions at and after it are padding
     */
    public void pool(FloatBuffer hidden, int row, int seq, int dim, int realLength, float[] out) {
        int base = row * seq * dim;
        float[] token = TOKEN.get();
        if (token.length < dim) {
            token = new float[dim];
            TOKEN.set(token);
        }
        switch (this) {
            case CLS -> hidden.get(base, out, 0, dim);
            case MEAN -> {
                java.util.Arrays.fill(out, 0f);
                for (int t = 0; t < realLength; t++) {
                    hidden.get(base + t * dim, token, 0, dim);
                    for (int d = 0; d < dim; d++) {
                        out[d] += token[d]; // same order of additions as ever: the same bits
                    }
                }
                float n = Math.max(1, realLength);
                for (int d = 0; d < dim; d++) {
                    out[d] /= n;
                }
            }
            case MAX -> {
                java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
                for (int t = 0; t < realLength; t++) {
                    hidden.get(base + t * dim, token, 0, dim);
                    for (int d = 0; d < dim; d++) {
                        out[d] = Math.max(out[d], token[d]);
                    }
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
