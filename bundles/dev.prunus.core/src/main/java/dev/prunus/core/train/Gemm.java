package dev.prunus.core.train;

/**
 * Single-precision matrix multiply on row arrays: {@code C[i][0..n) += sum_l A[i][l] * B[l][0..n)}.
 * Every matrix is an array of rows, and every inner loop runs from index 0 of a row: HotSpot C2 (JDK 17) only
 * vectorizes {@code c[j] += a * b[j]} when the arrays are indexed without offsets (with offsets it cannot rule out
 * overlap and stays scalar, 5-8x slower). Four rows of C share each load of a B row. Zeros in A are skipped:
 * pruned weights and ReLU-clamped gradients are common.
 */
final class Gemm {

    private Gemm() {
    }

    /**
     * @param m rows of A and C
     * @param k columns of A, rows of B
     * @param n columns of B and C used
     */
    static void multiplyAdd(int m, int k, int n, float[][] a, float[][] b, float[][] c) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            float[] a0 = a[i];
            float[] a1 = a[i + 1];
            float[] a2 = a[i + 2];
            float[] a3 = a[i + 3];
            float[] c0 = c[i];
            float[] c1 = c[i + 1];
            float[] c2 = c[i + 2];
            float[] c3 = c[i + 3];
            for (int l = 0; l < k; l++) {
                float x0 = a0[l];
                float x1 = a1[l];
                float x2 = a2[l];
                float x3 = a3[l];
                if (x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0) {
                    continue;
                }
                rank1x4(x0, x1, x2, x3, b[l], c0, c1, c2, c3, n);
            }
        }
        for (; i < m; i++) {
            float[] ai = a[i];
            float[] ci = c[i];
            for (int l = 0; l < k; l++) {
                float x = ai[l];
                if (x != 0) {
                    axpy(x, b[l], ci, n);
                }
            }
        }
    }

    private static void rank1x4(float x0, float x1, float x2, float x3, float[] b, float[] c0, float[] c1,
            float[] c2, float[] c3, int n) {
        for (int j = 0; j < n; j++) {
            float v = b[j];
            c0[j] += x0 * v;
            c1[j] += x1 * v;
            c2[j] += x2 * v;
            c3[j] += x3 * v;
        }
    }

    /** {@code y[0..n) += a * x[0..n)}. */
    static void axpy(float a, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += a * x[j];
        }
    }

    /** The naive triple loop (tests compare against it). */
    static void reference(int m, int k, int n, float[][] a, float[][] b, float[][] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += (double) a[i][l] * b[l][j];
                }
                c[i][j] += (float) s;
            }
        }
    }
}
