package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 MEAN as TFLM's reference_ops::QuantizedMeanOrSum (the path TFLM's MEAN takes for int8): int32 sums over
 * the reduced axes, then {@code requant(sum - inZp * n)} with the multiplier {@code inScale / outScale} folded with
 * {@code 1 / n} in integer arithmetic, plus the output zero point, clamped to int8.
 */
public final class Mean {

    private final int[] inShape;
    private final boolean[] reduced;
    private final int outSize;
    private final int inputZeroPoint;
    private final int outputZeroPoint;
    private final int multiplier;
    private final int shift;
    private final long count;
    private final int[] outIndexOfInput;

    /**
     * @param inShape input shape
     * @param axes    reduced axes (negative values count from the end; repeats are ignored)
     */
    public Mean(int[] inShape, int[] axes, float inputScale, int inputZeroPoint, float outputScale,
            int outputZeroPoint) {
        this.inShape = inShape.clone();
        this.reduced = new boolean[inShape.length];
        for (int a : axes) {
            int r = a < 0 ? a + inShape.length : a;
            if (r < 0 || r >= inShape.length) {
                throw new IllegalArgumentException("axis " + a + " is outside rank " + inShape.length);
            }
            reduced[r] = true;
        }
        long n = 1;
        int outs = 1;
        for (int d = 0; d < inShape.length; d++) {
            if (reduced[d]) {
                n *= inShape[d];
            } else {
                outs *= inShape[d];
            }
        }
        this.count = n;
        this.outSize = outs;
        this.inputZeroPoint = inputZeroPoint;
        this.outputZeroPoint = outputZeroPoint;
        QuantMath.Multiplier m = multiplier(inputScale, outputScale, n);
        this.multiplier = m.multiplier();
        this.shift = m.shift();
        // the output position of every input element (row-major, reduced axes dropped)
        int total = 1;
        for (int d : inShape) {
            total *= d;
        }
        outIndexOfInput = new int[total];
        int[] pos = new int[inShape.length];
        for (int i = 0; i < total; i++) {
            int o = 0;
            for (int d = 0; d < inShape.length; d++) {
                if (!reduced[d]) {
                    o = o * inShape[d] + pos[d];
                }
            }
            outIndexOfInput[i] = o;
            for (int d = inShape.length - 1; d >= 0; d--) {
                if (++pos[d] < inShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
    }

    /**
     * The requantization of a mean of {@code count} values: {@code inScale / outScale} folded with {@code 1 / count}
     * in integer arithmetic, as TFLM does (the generated C uses the same figures).
     */
    public static QuantMath.Multiplier multiplier(float inputScale, float outputScale, long count) {
        QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) inputScale / (double) outputScale);
        int mult = m.multiplier();
        int sh = m.shift();
        if (count > 0) {
            int s = 63 - Long.numberOfLeadingZeros(count);
            s = Math.min(s, 32);
            s = Math.min(s, 31 + sh);
            mult = (int) (((long) mult << s) / count);
            sh = sh - s;
        }
        return new QuantMath.Multiplier(mult, sh);
    }

    /** Output elements. */
    public int outputSize() {
        return outSize;
    }

    /** Computes the mean; {@code scratch} holds at least {@link #outputSize()} ints. */
    public void run(byte[] input, byte[] output, int[] scratch) {
        java.util.Arrays.fill(scratch, 0, outSize, 0);
        for (int i = 0; i < outIndexOfInput.length; i++) {
            scratch[outIndexOfInput[i]] += input[i];
        }
        if (count == 0) {
            java.util.Arrays.fill(output, 0, outSize, (byte) 0);
            return;
        }
        for (int o = 0; o < outSize; o++) {
            int shifted = (int) (scratch[o] - inputZeroPoint * count);
            int v = QuantMath.multiplyByQuantizedMultiplier(shifted, multiplier, shift) + outputZeroPoint;
            output[o] = (byte) QuantMath.clamp(v, -128, 127);
        }
    }
}
