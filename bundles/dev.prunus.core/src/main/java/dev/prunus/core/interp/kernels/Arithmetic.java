package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 ADD, SUB, SQUARED_DIFFERENCE, MUL, MAXIMUM and MINIMUM, as TFLM's reference_integer_ops AddElementwise / MulElementwise and their broadcasting
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

        /**
         * SUB's parameters (TFLM CalculateOpDataSub for int8): ADD's, except that TFLM derives the three ratios in
         * float ({@code float} quotients, then widened), where ADD uses double.
         */
        public static AddParams ofSub(float s1, int zp1, float s2, int zp2, float sOut, int zpOut,
                QuantMath.ActivationRange range) {
            final int leftShift = 20;
            float twiceMax = 2 * Math.max(s1, s2);
            QuantMath.Multiplier m1 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) (s1 / twiceMax));
            QuantMath.Multiplier m2 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) (s2 / twiceMax));
            QuantMath.Multiplier mo = QuantMath.quantizeMultiplierSmallerThanOneExp(
                    (double) (twiceMax / ((1 << leftShift) * sOut)));
            return new AddParams(-zp1, -zp2, zpOut, leftShift, m1.multiplier(), m1.shift(), m2.multiplier(),
                    m2.shift(), mo.multiplier(), mo.shift(), range.min(), range.max());
        }

        /**
         * SQUARED_DIFFERENCE's parameters (TFLM's PrepareQuantized for int8): a left shift of 7, the input ratios of
         * ADD (in double), the output ratio twice_max^2 / (2^14 * s_out) quantized without the below-one limit,
         * the full int8 range.
         */
        public static AddParams ofSquaredDifference(float s1, int zp1, float s2, int zp2, float sOut, int zpOut) {
            final int leftShift = 7;
            double twiceMax = 2.0 * (double) Math.max(s1, s2);
            QuantMath.Multiplier m1 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) s1 / twiceMax);
            QuantMath.Multiplier m2 = QuantMath.quantizeMultiplierSmallerThanOneExp((double) s2 / twiceMax);
            QuantMath.Multiplier mo = QuantMath.quantizeMultiplier(twiceMax * twiceMax
                    / (double) ((1 << (leftShift * 2)) * sOut));
            return new AddParams(-zp1, -zp2, zpOut, leftShift, m1.multiplier(), m1.shift(), m2.multiplier(),
                    m2.shift(), mo.multiplier(), mo.shift(), -128, 127);
        }

        int apply(int a, int b) {
            return output(scaled1(a) + scaled2(b));
        }

        /**
         * SQUARED_DIFFERENCE (TFLM's quantized SquaredDifference): the difference of the rescaled inputs, squared,
         * through MultiplyByQuantizedMultiplier (double rounding), plus the output zero point, clamped.
         */
        int applySquaredDifference(int a, int b) {
            int d = scaled1(a) - scaled2(b);
            int out = QuantMath.multiplyByQuantizedMultiplier(d * d, outputMultiplier, outputShift) + outputOffset;
            return QuantMath.clamp(out, actMin, actMax);
        }

        /** SUB (TFLM SubElementwise): the rescaled inputs are subtracted instead of added. */
        int applySub(int a, int b) {
            return output(scaled1(a) - scaled2(b));
        }

        private int scaled1(int a) {
            return QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp((input1Offset + a) * (1 << leftShift),
                    input1Multiplier, input1Shift);
        }

        private int scaled2(int b) {
            return QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp((input2Offset + b) * (1 << leftShift),
                    input2Multiplier, input2Shift);
        }

        private int output(int raw) {
            int out = QuantMath.multiplyByQuantizedMultiplierSmallerThanOneExp(raw, outputMultiplier, outputShift)
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

    /** Element-wise SUB of equal-shaped int8 tensors (parameters from {@link AddParams#ofSub}). */
    public static void sub(AddParams p, byte[] in1, byte[] in2, byte[] out, int size) {
        for (int i = 0; i < size; i++) {
            out[i] = (byte) p.applySub(in1[i], in2[i]);
        }
    }

    /** Broadcasting SUB. */
    public static void sub(AddParams p, Broadcast bc, byte[] in1, byte[] in2, byte[] out) {
        for (int i = 0; i < bc.size(); i++) {
            out[i] = (byte) p.applySub(in1[bc.index1(i)], in2[bc.index2(i)]);
        }
    }

    /** SQUARED_DIFFERENCE, element-wise ({@code bc} null) or broadcasting (parameters from ofSquaredDifference). */
    public static void squaredDifference(AddParams p, Broadcast bc, byte[] in1, byte[] in2, byte[] out, int size) {
        for (int i = 0; i < size; i++) {
            out[i] = (byte) p.applySquaredDifference(in1[bc == null ? i : bc.index1(i)],
                    in2[bc == null ? i : bc.index2(i)]);
        }
    }

    /**
     * MAXIMUM or MINIMUM of int8 tensors sharing one quantization (TFLM MaximumMinimumBroadcastSlow: the stored
     * values are compared, nothing is rescaled).
     */
    public static void maxMin(boolean maximum, Broadcast bc, byte[] in1, byte[] in2, byte[] out, int size) {
        for (int i = 0; i < size; i++) {
            byte a = in1[bc == null ? i : bc.index1(i)];
            byte b = in2[bc == null ? i : bc.index2(i)];
            out[i] = maximum ? (byte) Math.max(a, b) : (byte) Math.min(a, b);
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
