package dev.infer.task;

import java.util.Arrays;

/**
 * Fits a multinomial logistic regression (softmax) on sentence vectors: features standardized per dimension,
 * L2 penalty on the weights (not the biases), mean cross-entropy minimized by L-BFGS.
 *
 * <p>Why our own ~150 lines instead of a library: the problem is small (a few dozen to a few thousand vectors of
 * a few hundred floats), the objective is smooth and strictly convex so a plain quasi-Newton method finds the one
 * optimum, and byte-identical heads need full control of the arithmetic order. Every loop runs in a fixed order
 * on one thread, so the same vectors always give the same weights, bit for bit.
 */
public final class HeadFit {
    /** Penalty on the mean loss; chosen on samples/eval (README): small enough to fit 8 examples a class. */
    public static final double DEFAULT_L2 = 0.1;
    private static final int MAX_ITERATIONS = 500;
    private static final int MEMORY = 10;
    private static final double GRADIENT_TOLERANCE = 1e-6;

    private HeadFit() {
    }

    /**
     * @param vectors one vector per example, all of the same length
     * @param classes each example's class index, 0..k-1
     * @param k       number of classes (every one should have examples)
     * @param l2      penalty on the weights
     */
    public static Weights fit(float[][] vectors, int[] classes, int k, double l2) {
        int n = vectors.length;
        int d = vectors[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] v : vectors) {
            for (int j = 0; j < d; j++) {
                double c = v[j] - mean[j];
                scale[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-8 ? 1 / sd : 1.0; // a constant dimension carries nothing: leave it unscaled
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (vectors[i][j] - mean[j]) * scale[j];
            }
        }
        Objective f = new Objective(z, classes, k, l2);
        double[] theta = minimize(f, new double[k * (d + 1)]);
        double[][] w = new double[k][d];
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(theta, c * (d + 1), w[c], 0, d);
            b[c] = theta[c * (d + 1) + d];
        }
        return new Weights(mean, scale, w, b);
    }

    /** The fitted parameters; {@link #probabilities} applies them. */
    public record Weights(double[] mean, double[] scale, double[][] weights, double[] bias) {
        public int dimension() {
            return mean.length;
        }

        public double[] probabilities(float[] v) {
            if (v.length != mean.length) {
                throw new IllegalArgumentException("vector has " + v.length + " dimensions, the head "
                        + mean.length);
            }
            int k = bias.length;
            double[] logits = new double[k];
            for (int c = 0; c < k; c++) {
                double s = bias[c];
                double[] wc = weights[c];
                for (int j = 0; j < wc.length; j++) {
                    s += wc[j] * (v[j] - mean[j]) * scale[j];
                }
                logits[c] = s;
            }
            return softmaxInPlace(logits);
        }
    }

    static double[] softmaxInPlace(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(x[i] - max);
            sum += x[i];
        }
        for (int i = 0; i < x.length; i++) {
            x[i] /= sum;
        }
        return x;
    }

    /** Mean cross-entropy + l2/2 |W|^2 and its gradient; parameters are per class [w_0..w_{d-1}, b]. */
    private record Objective(double[][] z, int[] y, int k, double l2) {
        double valueAndGradient(double[] theta, double[] grad) {
            int n = z.length;
            int d = z[0].length;
            int stride = d + 1;
            Arrays.fill(grad, 0);
            double loss = 0;
            double[] p = new double[k];
            for (int i = 0; i < n; i++) {
                double[] zi = z[i];
                for (int c = 0; c < k; c++) {
                    int o = c * stride;
                    double s = theta[o + d];
                    for (int j = 0; j < d; j++) {
                        s += theta[o + j] * zi[j];
                    }
                    p[c] = s;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (double v : p) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(p[c] - max);
                }
                double logSum = max + Math.log(sum);
                loss += logSum - p[y[i]];
                for (int c = 0; c < k; c++) {
                    double g = Math.exp(p[c] - logSum) - (c == y[i] ? 1 : 0);
                    int o = c * stride;
                    for (int j = 0; j < d; j++) {
                        grad[o + j] += g * zi[j];
                    }
                    grad[o + d] += g;
                }
            }
            double penalty = 0;
            for (int c = 0; c < k; c++) {
                int o = c * stride;
                for (int j = 0; j < d; j++) {
                    grad[o + j] = grad[o + j] / n + l2 * theta[o + j];
                    penalty += theta[o + j] * theta[o + j];
                }
                grad[o + d] /= n;
            }
            return loss / n + 0.5 * l2 * penalty;
        }
    }

    /** L-BFGS with a backtracking (Armijo) line search. */
    private static double[] minimize(Objective f, double[] x) {
        int size = x.length;
        double[] g = new double[size];
        double fx = f.valueAndGradient(x, g);
        double[][] s = new double[MEMORY][];
        double[][] yv = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int next = 0;
        double[] xNew = new double[size];
        double[] gNew = new double[size];
        for (int iter = 0; iter < MAX_ITERATIONS && norm(g) > GRADIENT_TOLERANCE; iter++) {
            double[] dir = g.clone();
            double[] alpha = new double[MEMORY];
            for (int m = 0; m < stored; m++) {
                int idx = Math.floorMod(next - 1 - m, MEMORY);
                alpha[idx] = rho[idx] * dot(s[idx], dir);
                axpy(-alpha[idx], yv[idx], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(next - 1, MEMORY);
                double gamma = dot(s[last], yv[last]) / dot(yv[last], yv[last]);
                for (int i = 0; i < size; i++) {
                    dir[i] *= gamma;
                }
            } else {
                double scale = 1 / Math.max(1.0, norm(g));
                for (int i = 0; i < size; i++) {
                    dir[i] *= scale;
                }
            }
            for (int m = stored - 1; m >= 0; m--) {
                int idx = Math.floorMod(next - 1 - m, MEMORY);
                double beta = rho[idx] * dot(yv[idx], dir);
                axpy(alpha[idx] - beta, s[idx], dir);
            }
            // dir now approximates H^-1 g: step along -dir
            double slope = -dot(g, dir);
            if (!(slope < 0)) {
                dir = g.clone();
                slope = -dot(g, g);
                stored = 0;
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < size; i++) {
                    xNew[i] = x[i] - step * dir[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 40) {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew < fx)) {
                break; // no more progress at float precision
            }
            double[] sk = new double[size];
            double[] yk = new double[size];
            for (int i = 0; i < size; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[next] = sk;
                yv[next] = yk;
                rho[next] = 1 / sy;
                next = (next + 1) % MEMORY;
                stored = Math.min(stored + 1, MEMORY);
            }
            System.arraycopy(xNew, 0, x, 0, size);
            System.arraycopy(gNew, 0, g, 0, size);
            fx = fNew;
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
