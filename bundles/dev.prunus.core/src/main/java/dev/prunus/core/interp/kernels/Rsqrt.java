package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * RSQRT int8 as TFLM's elementwise RsqrtEvalQuantized: value = q - zp_in (an input below its zero point is an
 * error), 1/sqrt(value) from {@link QuantMath#invSqrtQuantizedMultiplierExp}, applied to 1 with 20 extra bits,
 * then requantized by 1 / (sqrt(s_in) * s_out) and clamped; value 0 gives 127. An int8 input has 256 values, so
 * the function is evaluated once per value into a table that the step (and the C kernel) look up.
 */
public final class Rsqrt {

    /** TFLM's kShift: keeps the intermediate 1/sqrt an integer. */
    private static final int K_SHIFT = 20;

    private Rsqrt() {
    }

    /**
     * TFLM's output multiplier (SetRsqrtOutputMultiplier): sqrt and product in float32, the reciprocal in double.
     */
    public static QuantMath.Multiplier outputMultiplier(float inScale, float outScale) {
        float product = (float) Math.sqrt(inScale) * outScale;
        return QuantMath.quantizeMultiplier(1.0 / (double) product);
    }

    /** The output of every stored input value, indexed by {@code q + 128}; entries below the zero point are 0. */
    public static byte[] table(int inZp, QuantMath.Multiplier m, int outZp) {
        byte[] t = new byte[256];
        for (int q = Math.max(-128, inZp); q <= 127; q++) {
            int value = q - inZp;
            int out;
            if (value == 0) {
                out = 127;
            } else {
                QuantMath.Multiplier inv = QuantMath.invSqrtQuantizedMultiplierExp(value, -1);
                int data = QuantMath.multiplyByQuantizedMultiplier(1, inv.multiplier(), inv.shift() + K_SHIFT);
                out = QuantMath.multiplyByQuantizedMultiplier(data, m.multiplier(), m.shift() - K_SHIFT) + outZp;
            }
            t[q + 128] = (byte) QuantMath.clamp(out, -128, 127);
        }
        return t;
    }

    /**
     * Looks every input up; as TFLM, first checks that no input is below the zero point (output untouched then).
     *
     * @throws ArithmeticException naming the first such element
     */
    public static void apply(byte[] table, int inZp, byte[] input, byte[] output, int n) {
        for (int k = 0; k < n; k++) {
            if (input[k] < inZp) {
                throw new ArithmeticException("RSQRT input element " + k + " is " + input[k] + ", below the zero point "
                        + inZp + ": RSQRT is only defined for non-negative values (TFLM fails the same way)");
            }
        }
        for (int k = 0; k < n; k++) {
            output[k] = table[input[k] + 128];
        }
    }
}
