package dev.prunus.core.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.OpType;
import dev.prunus.core.progress.Progress;

class ImportanceTest {

    /** A 1x3 convolution, one input channel, one filter. */
    private static final PrunableGraph.Layer LAYER = new PrunableGraph.Layer(0, OpType.CONV_2D, 0, 1, 2, 3, 1, 1, 3,
            1);

    /**
     * Taps 0 and 1 always see the same input, tap 2 an independent one. Either of the pair alone can be removed
     * for free (the other takes over its weight), but not both; tap 2 carries a small weight. Scored one at a time,
     * both taps of the pair look free and would go first; the sequential pass removes one of them, then tap 2.
     */
    @Test
    void sequentialFilterletScoresDoNotRemoveBothOfACorrelatedPair() {
        double[][] h = {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}};
        double[][] hinv = Linear.inverseDamped(h, 1e-6, Progress.NONE);
        double[] w = {1.0, 1.0, 0.1};
        double[] s = Importance.sequentialFilterletScores(hinv, LAYER, w, Progress.NONE);
        int last = s[0] > s[1] ? 0 : 1;
        int first = 1 - last;
        assertTrue(s[first] < s[2] && s[2] < s[last], java.util.Arrays.toString(s));
        // Removing one of the pair costs (nearly) nothing; removing tap 2 costs its energy 0.1^2.
        assertEquals(0.0, s[first], 1e-4);
        assertEquals(0.01, s[2], 1e-3);
        // The survivor of the pair then carries weight 2 alone: removing it costs 2^2 (inputs have unit energy).
        assertEquals(4.0, s[last], 1e-2);
    }

    @Test
    void dampedInverseInvertsAPositiveDefiniteMatrix() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[][] inv = Linear.inverseDamped(a, 0, Progress.NONE);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += a[i][k] * inv[k][j];
                }
                assertEquals(i == j ? 1.0 : 0.0, v, 1e-9);
            }
        }
    }
}
