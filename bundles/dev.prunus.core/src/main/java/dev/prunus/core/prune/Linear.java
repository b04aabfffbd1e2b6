package dev.prunus.core.prune;

import dev.prunus.core.progress.Progress;

/** Dense symmetric positive definite linear algebra for the importance criterion and the compensation. */
final class Linear {

    private Linear() {
    }

    /**
     * Lower Cholesky factor of {@code a[idx][idx] + ridge I}, or null when that is not positive definite.
     * {@code idx} null means all rows.
     */
    static double[][] cholesky(double[][] a, int[] idx, double ridge, Progress progress) {
        int k = idx == null ? a.length : idx.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            if ((i & 15) == 0) {
                progress.checkCanceled();
            }
            double[] ai = a[idx == null ? i : idx[i]];
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double s = ai[idx == null ? j : idx[j]] + (i == j ? ridge : 0);
                double[] lj = l[j];
                for (int t = 0; t < j; t++) {
                    s -= li[t] * lj[t];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** Solves {@code L L^T x = b}. */
    static double[] solve(double[][] l, double[] b) {
        int k = b.length;
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            double[] li = l[i];
            for (int t = 0; t < i; t++) {
                s -= li[t] * z[t];
            }
            z[i] = s / li[i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int t = i + 1; t < k; t++) {
                s -= l[t][i] * x[t];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** Mean of the diagonal of {@code a[idx][idx]} ({@code idx} null: all). */
    static double meanDiagonal(double[][] a, int[] idx) {
        int k = idx == null ? a.length : idx.length;
        double t = 0;
        for (int i = 0; i < k; i++) {
            int r = idx == null ? i : idx[i];
            t += a[r][r];
        }
        return t / Math.max(1, k);
    }

    /**
     * Inverse of {@code a + damping * mean(diag a) * I} (a symmetric, positive semi-definite). Rows and columns of
     * an all-zero diagonal (inputs that are always 0) still invert thanks to the absolute floor of the damping.
     */
    static double[][] inverseDamped(double[][] a, double damping, Progress progress) {
        int n = a.length;
        double ridge = damping * meanDiagonal(a, null) + 1e-12;
        double[][] l = cholesky(a, null, ridge, progress);
        return l == null ? null : inverseOf(l, n, progress);
    }

    /** Inverse of a small symmetric positive definite matrix, or null when it is not. */
    static double[][] inverse(double[][] a) {
        double[][] l = cholesky(a, null, 0, Progress.NONE);
        return l == null ? null : inverseOf(l, a.length, Progress.NONE);
    }

    /** The inverse of {@code L L^T} from its Cholesky factor, column by column. */
    private static double[][] inverseOf(double[][] l, int n, Progress progress) {
        double[][] inv = new double[n][n];
        double[] e = new double[n];
        for (int c = 0; c < n; c++) {
            if ((c & 15) == 0) {
                progress.checkCanceled();
            }
            e[c] = 1;
            double[] x = solve(l, e);
            e[c] = 0;
            for (int r = 0; r < n; r++) {
                inv[r][c] = x[r];
            }
        }
        return inv;
    }
}
