package dev.infer.model;

import java.nio.FloatBuffer;
import java.util.Locale;

/** How token vectors become one sentence vector. Padding positions (right of the real tokens) are ignored. */
public enum Pooling {
    MEAN, CLS, MAX;

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
        switch (this) {
            case CLS -> hidden.get(base, out, 0, dim);
            case MEAN -> {
                java.util.Arrays.fill(out, 0f);
                for (int t = 0; t < realLength; t++) {
                    int off = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        out[d] += hidden.get(off + d);
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
                    int off = base + t * dim;
                    for (int d = 0; d < dim; d++) {
                        out[d] = Math.max(out[d], hidden.get(off + d));
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
