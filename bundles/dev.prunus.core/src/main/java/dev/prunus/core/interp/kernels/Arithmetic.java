package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 ADD and MUL, as TFLM's reference_integer_ops AddElementwise / MulElementwise and their broadcasting
 * forms. ADD rescales both inputs to a common scale with 20 bits of headroom before summing; MUL requantizes the
 * product of the offset inputs with {@code s1 * s2 / sOut}.
 */
public final class Arithmetic {

    private Arithmetic() {
    }

    /** Prepared ADD parameters (TFLM CalculateOpDataAdd for int8). */
    public record AddParams(int input1Offset, int input2Offset, int outputOffset, int leftShift, int input1Multiplier,
            int input1Shift, int input2Multiplier, int input2Shift, int outputMultiplier, int outputShift, int actMin,
            int actMax) {

        public static AddParams of(float s1, int zp1, float s2, int zp2, float sOut, int zpOut,
                QuantMath.ActivationRange range) {
            final int leftShift = 20;
            double twiceMax = 2 * (double) Math.max(s1, s2);
            QuantMath.Multiplier m1 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) s1 / twiceMax);
            QuantMath.Multiplier m2 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) s2 / twiceMax);
            QuantMath.Multiplier mo = QuantMath.quantizeMultiplierSmallerThanOneExp(
                    twiceMax / ((1 << leftShift) * (double) sOut));
            return new AddParams(-zp1, -zp2, zpOut, leftShift, m1.multiplier(), m1.shift(), m2.multiplier(),
                    m2.shift(), mo.multiplier(), mo.shift(), range.min(), range.max());
        }

        int apply(int a, int b) {
            int x1 = (input1Offset + a) * (1 << leftShift);
            int x2 = (input2Offset + b) * (1 << leftShift);
            int y1 = QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp(x1, input1Multiplier, input1Shift);
            int y2 = QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp(x2, input2Multiplier, input2Shift);
            int out = QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp(y1 + y2, outputMultiplier, outputShift)
                    + outputOffset;
            return QuantMath.clamp(out, actMin, actMax);
        }
    }

    /** Prepared MUL parameters (TFLM CalculateOpDataMul for int8). */
    public record MulParams(int input1Offset, int input2Offset, int outputOffset, int outputMultiplier,
            int outputShift, int actMin, int actMax) {

        public static MulParams of(float s1, int zp1, float s2, int zp2, float sOut, int zpOut,
                QuantMath.ActivationRange range) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) s1 * (double) s2 / (double) sOut);
            return new MulParams(-zp1, -zp2, zpOut, m.multiplier(), m.shift(), range.min(), range.max());
        }

        int apply(int a, int b) {
            int out = outputOffset + QuantMath.multiplyByQuantizedMultiplier((input1Offset + a) * (input2Offset + b),
                    outputMultiplier, outputShift);
            return QuantMath.clamp(out, actMin, actMax);
        }
    }

    /** Element-wise ADD of equal-shaped int8 tensors. */
    public static void add(AddParams p, byte[] in1, byte[] in2, byte[] out, int size) {
        for (int i = 0; i < size; i++) {
            out[i] = (byte) p.apply(in1[i], in2[i]);
        }
    }

    /** Broadcasting ADD. */
    public static void add(AddParams p, Broadcast bc, byte[] in1, byte[] in2, byte[] out) {
        for (int i = 0; i < bc.size(); i++) {
            out[i] = (byte) p.apply(in1[bc.index1(i)], in2[bc.index2(i)]);
        }
    }

    /** Element-wise MUL of equal-shaped int8 tensors. */
    public static void mul(MulParams p, byte[] in1, byte[] in2, byte[] out, int size) {
        for (int i = 0; i < size; i++) {
            out[i] = (byte) p.apply(in1[i], in2[i]);
        }
    }

    /** Broadcasting MUL. */
    public static void mul(MulParams p, Broadcast bc, byte[] in1, byte[] in2, byte[] out) {
        for (int i = 0; i < bc.size(); i++) {
            out[i] = (byte) p.apply(in1[bc.index1(i)], in2[bc.index2(i)]);
        }
    }
}
