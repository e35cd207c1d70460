package dev.infer.model;

/** Small float-vector helpers shared by pooling and the tasks. */
public final class VectorMath {
    private VectorMath() {
    }

    /** Scales {@code v} to unit length in place (a zero vector stays zero). */
    public static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
    }

    /**
     * The first {@code n} dimensions of {@code v} (Matryoshka-style, as OpenAI's and TEI's {@code dimensions}),
     * scaled back to unit length when {@code normalize}; {@code v} itself when it has no more than {@code n}.
     */
    public static float[] firstDimensions(float[] v, int n, boolean normalize) {
        if (n >= v.length) {
            return v;
        }
        float[] out = java.util.Arrays.copyOf(v, n);
        if (normalize) {
            normalize(out);
        }
        return out;
    }

    public static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    public static double cosine(float[] a, float[] b) {
        double na = Math.sqrt(dot(a, a));
        double nb = Math.sqrt(dot(b, b));
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    /** Softmax of {@code x / temperature}, computed stably. */
    public static double[] softmax(double[] x, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double[] out = new double[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp((x[i] - max) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
