package dev.prunus.core.interp.kernels;

import static dev.prunus.core.interp.kernels.ConvKernelsTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prunus.core.ir.Padding;
import dev.prunus.core.quant.QuantMath;

import org.junit.jupiter.api.Test;

/** Pools, element-wise arithmetic, softmax, activations and data movement with hand-computed results. */
class OtherKernelsTest {

    static final QuantMath.ActivationRange FULL = new QuantMath.ActivationRange(-128, 127);

    @Test
    void averagePoolCountsOnlyTapsInsideAndRoundsAwayFromZero() {
        // 1x3 image (H=1, W=3), 1x2 window, stride 1, SAME: out W = 3, last window has one tap
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1);
        byte[] out = new byte[3];
        Pooling.averagePool(g, -128, 127, bytes(-1, -2, 5), out);
        assertArrayEquals(bytes(-2, 2, 5), out); // -1.5 -> -2, 1.5 -> 2, 5 alone
        Pooling.averagePool(g, -1, 1, bytes(-1, -2, 5), out);
        assertArrayEquals(bytes(-1, 1, 1), out); // clamped
    }

    @Test
    void maxPoolWithPaddingAndClamp() {
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 2, 2, 1, 1, 2, 2, 2, 2, 1, 1);
        byte[] out = new byte[1];
        Pooling.maxPool(g, -128, 127, bytes(-100, -50, -70, -90), out);
        assertEquals(-50, out[0]);
        Pooling.maxPool(g, 0, 127, bytes(-100, -50, -70, -90), out);
        assertEquals(0, out[0]);
    }

    @Test
    void addIsExactForEqualScalesAndSaturates() {
        Arithmetic.AddParams p = Arithmetic.AddParams.of(1f, 0, 1f, 0, 1f, 0, FULL);
        byte[] out = new byte[4];
        Arithmetic.add(p, bytes(1, -5, 100, -100), bytes(2, 3, 100, -100), out, 4);
        assertArrayEquals(bytes(3, -2, 127, -128), out);
        // different scales: 0.5 * 10 + 0.25 * 8 = 7 at output scale 1, output zero point 3
        Arithmetic.AddParams q = Arithmetic.AddParams.of(0.5f, 0, 0.25f, 0, 1f, 3, FULL);
        Arithmetic.add(q, bytes(10), bytes(8), out, 1);
        assertEquals(10, out[0]);
    }

    @Test
    void mulBroadcastsARowOverRows() {
        Arithmetic.MulParams p = Arithmetic.MulParams.of(1f, 0, 1f, 0, 1f, 0, FULL);
        int[] outShape = Broadcast.outputShape(new int[] {2, 3}, new int[] {3});
        assertArrayEquals(new int[] {2, 3}, outShape);
        Broadcast bc = Broadcast.of(new int[] {2, 3}, new int[] {3}, outShape);
        byte[] out = new byte[6];
        Arithmetic.mul(p, bc, bytes(1, 2, 3, 4, 5, 6), bytes(10, -1, 100), out);
        assertArrayEquals(bytes(10, -2, 127, 40, -5, 127), out);
        // input zero points are subtracted before multiplying
        Arithmetic.MulParams z = Arithmetic.MulParams.of(1f, 2, 1f, -1, 1f, 0, FULL);
        Arithmetic.mul(z, bytes(5), bytes(2), out, 1);
        assertEquals(9, out[0]); // (5 - 2) * (2 + 1)
        org.junit.jupiter.api.Assertions.assertNull(Broadcast.outputShape(new int[] {2, 3}, new int[] {2}));
    }

    @Test
    void softmaxOfEqualInputsIsUniformAndOneHotSaturates() {
        Softmax s = new Softmax(1f, 1f / 16);
        byte[] out = new byte[4];
        s.run(bytes(7, 7, 7, 7), out, 1, 4);
        assertArrayEquals(bytes(-64, -64, -64, -64), out); // 0.25 * 256 - 128
        Softmax wide = new Softmax(1f, 1f);
        byte[] o3 = new byte[6];
        wide.run(bytes(127, -128, -128, 0, 0, -128), o3, 2, 3);
        assertArrayEquals(bytes(127, -128, -128, 0, 0, -128), o3); // 1.0 -> 128 clamps to 127; 0.5 -> 0
    }

    @Test
    void logisticAndTanhInt8() {
        Activations.InputScaling s = Activations.InputScaling.of(0.1f);
        byte[] out = new byte[4];
        Activations.logistic(s, 0, bytes(0, 127, -128, 10), out, 4);
        assertEquals(0, out[0]); // 0.5 * 256 - 128
        assertEquals(127, out[1]); // sigmoid(12.7) * 256 - 128 rounds to 128, clamped
        assertEquals(-128, out[2]);
        assertEquals(Math.round(256 / (1 + Math.exp(-1.0)) - 128), out[3]); // 59
        Activations.tanh(s, 0, bytes(0, 127, -128, 10), out, 4);
        assertArrayEquals(bytes(0, 127, -128, (int) Math.round(128 * Math.tanh(1.0))), out);
    }

    @Test
    void reluAndRelu6() {
        byte[] out = new byte[4];
        Activations.relu(QuantMath.quantizeMultiplier(1.0), 3, 3, 1f, bytes(-10, 3, 4, 127), out, 4);
        assertArrayEquals(bytes(3, 3, 4, 127), out);
        Activations.relu6(0.1f, 0, bytes(-10, 30, 60, 100), out, 4);
        assertArrayEquals(bytes(0, 30, 60, 60), out);
    }

    @Test
    void padFillsWithTheGivenValue() {
        byte[] out = new byte[12];
        DataMovement.pad(bytes(1, 2, 3, 4), new int[] {2, 2}, new int[] {1, 0}, new int[] {0, 2}, (byte) -7, out);
        assertArrayEquals(bytes(-7, -7, -7, -7, 1, 2, -7, -7, 3, 4, -7, -7), out);
    }

    @Test
    void concatenateAlongTheLastAxis() {
        byte[] out = new byte[6];
        DataMovement.concatenate(new byte[][] {bytes(1, 2), bytes(3, 4, 5, 6)}, new int[] {1, 2}, 2, 1, out);
        assertArrayEquals(bytes(1, 3, 4, 2, 5, 6), out);
    }

    @Test
    void meanRoundsHalvesAwayFromZeroAndRescales() {
        Mean m = new Mean(new int[] {1, 2, 2, 1}, new int[] {1, 2}, 1f, 0, 1f, 0);
        assertEquals(1, m.outputSize());
        byte[] out = new byte[1];
        m.run(bytes(1, 2, 3, 4), out, new int[1]);
        assertEquals(3, out[0]); // 2.5 -> 3
        m.run(bytes(-1, -2, -3, -4), out, new int[1]);
        assertEquals(-3, out[0]); // -2.5 -> -3
        Mean z = new Mean(new int[] {2, 2}, new int[] {-1}, 0.5f, 10, 1f, -1);
        byte[] o2 = new byte[2];
        z.run(bytes(14, 16, 10, 0), o2, new int[2]);
        // row 0: mean of (4, 6) = 5 at scale 0.5 = 2.5 -> 3, minus 1; row 1: mean of (0, -10) = -5 -> -2.5 -> -3
        assertArrayEquals(bytes(2, -4), o2);
    }

    @Test
    void quantizeRequantizeDequantize() {
        byte[] q = new byte[3];
        QuantizeOps.quantize(new float[] {0.5f, -0.375f, 1000f}, 0.25f, 1, q, 3);
        assertArrayEquals(bytes(3, -1, 127), q); // 2 + 1, round(-1.5) = -2 + 1, saturated
        float[] f = new float[2];
        QuantizeOps.dequantize(bytes(3, -1), 0.25f, 1, f, 2);
        assertEquals(0.5f, f[0]);
        assertEquals(-0.5f, f[1]);
        byte[] r = new byte[2];
        QuantizeOps.requantize(bytes(10, -10), 0, QuantMath.quantizeMultiplier(0.5), 1, r, 2);
        assertArrayEquals(bytes(6, -4), r); // 5 + 1, -5 + 1
    }
}
