package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class GemmTest {

    @Test
    void matchesTheNaiveLoopOnOddShapesWithZeros() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 27, 16}, {9, 144, 33}, {16, 3, 130}, {7, 64, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[][] a = random(m, k, r, true);
            float[][] b = random(k, n + 3, r, false);
            float[][] c = random(m, n + 3, r, false);
            float[][] expected = new float[m][];
            for (int i = 0; i < m; i++) {
                expected[i] = c[i].clone();
            }
            Gemm.multiplyAdd(m, k, n, a, b, c);
            Gemm.reference(m, k, n, a, b, expected);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n + 3; j++) {
                    // Columns beyond n stay untouched; the rest agree up to float rounding of k products.
                    assertEquals(expected[i][j], c[i][j], 1e-5 * k, "C[" + i + "][" + j + "] of " + m + "x" + k + "x" + n);
                }
            }
        }
    }

    private static float[][] random(int rows, int cols, SplittableRandom r, boolean zeros) {
        float[][] x = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i][j] = zeros && r.nextInt(3) == 0 ? 0f : (float) (r.nextDouble() * 2 - 1);
            }
        }
        return x;
    }
}
