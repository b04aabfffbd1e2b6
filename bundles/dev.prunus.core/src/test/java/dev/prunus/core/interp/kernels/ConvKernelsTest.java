package dev.prunus.core.interp.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prunus.core.ir.Padding;
import dev.prunus.core.quant.QuantMath;

import org.junit.jupiter.api.Test;

/** CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED on small tensors with hand-computed results. */
class ConvKernelsTest {

    /** Multiplier 1.0 = (2^30, shift 1): requantization is the identity. */
    static final int ONE_M = 1 << 30;
    static final int ONE_S = 1;

    static Requant identity(int channels, int zp, int min, int max) {
        int[] m = new int[channels];
        int[] s = new int[channels];
        java.util.Arrays.fill(m, ONE_M);
        java.util.Arrays.fill(s, ONE_S);
        return new Requant(m, s, zp, min, max);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void samePaddingSkipsTapsOutsideTheImageEvenWithAnInputZeroPoint() {
        // 3x3 image 1..9 stored with zero point 1 (q = v + 1), 3x3 all-ones filter, SAME, stride 1
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 3, 3, 1, 1, 3, 3, 1, 1, 1, 1);
        assertEquals(1, g.padH());
        assertEquals(1, g.padW());
        Conv2D k = new Conv2D(g, bytes(1, 1, 1, 1, 1, 1, 1, 1, 1), null, -1, identity(1, 0, -128, 127));
        byte[] out = new byte[9];
        k.run(bytes(2, 3, 4, 5, 6, 7, 8, 9, 10), out, new int[k.scratchSize()]);
        // corners sum 4 pixels, edges 6, centre 9 (padding contributes nothing, not -zp)
        assertArrayEquals(bytes(12, 21, 16, 27, 45, 33, 24, 39, 28), out);
    }

    @Test
    void saturatesAtInt8BoundsAndAppliesBiasAndActivation() {
        ConvGeometry g = ConvGeometry.of(Padding.VALID, 1, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1);
        // channel 0: all +1, channel 1: all -1
        Conv2D k = new Conv2D(g, bytes(1, 1, 1, 1, -1, -1, -1, -1), new int[] {0, 3}, 0, identity(2, 0, -128, 127));
        byte[] out = new byte[2];
        k.run(bytes(100, 100, 100, 100), out, new int[k.scratchSize()]);
        assertArrayEquals(bytes(127, -128), out); // 400 and -397 saturate
        Conv2D relu = new Conv2D(g, bytes(1, 1, 1, 1, -1, -1, -1, -1), new int[] {0, 3}, 0,
                identity(2, 5, 5, 127)); // output zero point 5, RELU folds to [5, 127]
        relu.run(bytes(1, 2, 3, 4), out, new int[relu.scratchSize()]);
        assertArrayEquals(bytes(15, 5), out); // 10 + 5, and -10 + 3 + 5 = -2 clamped to 5
    }

    @Test
    void perChannelShiftsRoundTwice() {
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 3, 3, 1, 2, 3, 3, 1, 1, 1, 1);
        byte[] ones = bytes(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        // channel 0 x 1.0, channel 1 x 0.25 = (2^30, -1)
        Requant rq = new Requant(new int[] {ONE_M, ONE_M}, new int[] {ONE_S, -1}, 0, -128, 127);
        Conv2D k = new Conv2D(g, ones, null, 0, rq);
        byte[] out = new byte[18];
        k.run(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9), out, new int[k.scratchSize()]);
        assertEquals(45, out[8]); // centre, channel 0
        assertEquals(12, out[9]); // 45 * 0.25 = 11.25, double rounding: 23 then 12
        assertEquals(3, out[1]); // corner 12 * 0.25 = 3
    }

    @Test
    void strideAndDilation() {
        // 4x4 image 0..15, 2x2 ones, stride 2, VALID: block sums
        ConvGeometry g = ConvGeometry.of(Padding.VALID, 1, 4, 4, 1, 1, 2, 2, 2, 2, 1, 1);
        assertEquals(2, g.outH());
        Conv2D k = new Conv2D(g, bytes(1, 1, 1, 1), null, 0, identity(1, 0, -128, 127));
        byte[] in = new byte[16];
        for (int i = 0; i < 16; i++) {
            in[i] = (byte) i;
        }
        byte[] out = new byte[4];
        k.run(in, out, new int[k.scratchSize()]);
        assertArrayEquals(bytes(0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15), out);
        // 5x5 image, 3x3 filter with dilation 2, VALID: one output from the 9 even positions
        ConvGeometry d = ConvGeometry.of(Padding.VALID, 1, 5, 5, 1, 1, 3, 3, 1, 1, 2, 2);
        assertEquals(1, d.outH());
        Conv2D kd = new Conv2D(d, bytes(1, 1, 1, 1, 1, 1, 1, 1, 1), null, 0, identity(1, 0, -128, 127));
        byte[] in5 = new byte[25];
        for (int i = 0; i < 25; i++) {
            in5[i] = (byte) (i % 5 + 1); // column index + 1
        }
        byte[] o1 = new byte[1];
        kd.run(in5, o1, new int[kd.scratchSize()]);
        assertEquals(3 * (1 + 3 + 5), o1[0]);
    }

    @Test
    void samePaddingWithStrideTwoPutsTheExtraPaddingBottomRight() {
        // 4x4 input, 3x3 filter, stride 2, SAME: output 2x2, total padding 1 -> 0 before, 1 after
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 4, 4, 1, 1, 3, 3, 2, 2, 1, 1);
        assertEquals(0, g.padH());
        assertEquals(2, g.outW());
        Conv2D k = new Conv2D(g, bytes(1, 1, 1, 1, 1, 1, 1, 1, 1), null, 0, identity(1, 0, -128, 127));
        byte[] in = new byte[16];
        java.util.Arrays.fill(in, (byte) 1);
        byte[] out = new byte[4];
        k.run(in, out, new int[k.scratchSize()]);
        assertArrayEquals(bytes(9, 6, 6, 4), out);
    }

    @Test
    void depthwiseWithDepthMultiplier() {
        // 2x2 image, 2 channels; multiplier 2 -> 4 output channels; 1x1 filter [1,1,1,4] = {1, 2, 3, -1}
        ConvGeometry g = ConvGeometry.of(Padding.VALID, 1, 2, 2, 2, 4, 1, 1, 1, 1, 1, 1);
        DepthwiseConv2D k = new DepthwiseConv2D(g, 2, bytes(1, 2, 3, -1), new int[] {0, 0, 0, 10}, 0,
                identity(4, 0, -128, 127));
        byte[] out = new byte[16];
        k.run(bytes(1, 10, 2, 20, 3, 30, 4, 40), out, new int[k.scratchSize()]);
        // pixel 0: c0=1 -> (1, 2); c1=10 -> (30, -10+10)
        assertArrayEquals(bytes(1, 2, 30, 0), java.util.Arrays.copyOf(out, 4));
        assertArrayEquals(bytes(4, 8, 120, -30), java.util.Arrays.copyOfRange(out, 12, 16));
    }

    @Test
    void depthwiseSamePaddingEdges() {
        ConvGeometry g = ConvGeometry.of(Padding.SAME, 1, 3, 3, 1, 1, 3, 3, 1, 1, 1, 1);
        DepthwiseConv2D k = new DepthwiseConv2D(g, 1, bytes(1, 1, 1, 1, 1, 1, 1, 1, 1), null, 3,
                identity(1, 0, -128, 127));
        byte[] out = new byte[9];
        // stored with zero point -3: value v is stored as v - 3
        k.run(bytes(-2, -1, 0, 1, 2, 3, 4, 5, 6), out, new int[k.scratchSize()]);
        assertArrayEquals(bytes(12, 21, 16, 27, 45, 33, 24, 39, 28), out);
    }

    @Test
    void fullyConnectedPerTensorAndPerChannel() {
        FullyConnected fc = new FullyConnected(1, 3, 2, bytes(1, 1, 1, 1, -1, 0), 0, new int[] {10, 0}, 0,
                identity(1, 5, -128, 127));
        byte[] out = new byte[2];
        fc.run(bytes(1, 2, 3), 0, out, 0, new int[fc.scratchSize()]);
        assertArrayEquals(bytes(21, 4), out); // 16 + 5, -1 + 5
        // per channel: output 1 scaled by 0.5 = (2^30, 0); input zero point 1
        Requant pc = new Requant(new int[] {ONE_M, ONE_M}, new int[] {ONE_S, 0}, 0, -128, 127);
        FullyConnected fc2 = new FullyConnected(2, 3, 2, bytes(1, 1, 1, 1, -1, 0), 0, null, -1, pc);
        byte[] out2 = new byte[4];
        fc2.run(bytes(2, 3, 4, 0, 0, 0), 0, out2, 0, new int[fc2.scratchSize()]);
        // batch 0 values (1,2,3): 6, -1 * 0.5 = -0.5 -> srdhm truncates to 0; batch 1 values (-1,-1,-1): -3, 0
        assertArrayEquals(bytes(6, 0, -3, 0), out2);
        short[] o16 = new short[2];
        FullyConnected wide = new FullyConnected(1, 2, 2, bytes(100, 100, -100, -100), 0, null, 0,
                identity(1, 0, Short.MIN_VALUE, Short.MAX_VALUE));
        wide.runInt16(bytes(127, 127), 0, o16, 0, new int[2]);
        assertEquals(25400, o16[0]);
        assertEquals(-25400, o16[1]);
    }

    @Test
    void requantApplyMatchesQuantMath() {
        Requant rq = new Requant(new int[] {1234567890}, new int[] {-3}, -7, -128, 127);
        assertEquals(QuantMath.clamp(QuantMath.multiplyByQuantizedMultiplier(999, 1234567890, -3) - 7, -128, 127),
                rq.apply(999, 5));
    }
}
