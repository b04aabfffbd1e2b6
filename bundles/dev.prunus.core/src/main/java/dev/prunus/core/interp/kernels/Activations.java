package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.FixedPointMath;
import dev.prunus.core.quant.QuantMath;

/**
 * int8 element-wise activations as TFLM computes them: LOGISTIC and TANH (fixed point, Q4.27 input), RELU
 * (requantized, clamped at the quantized zero) and RELU6 (a clamp in the input's quantization).
 */
public final class Activations {

    private static final int INPUT_INTEGER_BITS = 4;

    private Activations() {
    }

    /**
     * Input rescaling of the int8 LOGISTIC/TANH kernels: {@code frexp(inputScale * 2^27)} with the fraction
     * rounded to Q31 (no 2^31 fix-up, as TFLM), plus the input radius beyond which the output saturates.
     *
     * @param multiplier  Q31 multiplier
     * @param leftShift   frexp exponent
     * @param rangeRadius inputs with {@code |x - zp| >= radius} saturate
     */
    public record InputScaling(int multiplier, int leftShift, int rangeRadius) {

        public static InputScaling of(float inputScale) {
            double real = (double) inputScale * (double) (1 << (31 - INPUT_INTEGER_BITS));
            if (real == 0.0) {
                return new InputScaling(0, 0, QuantMath.calculateInputRadius(INPUT_INTEGER_BITS, 0));
            }
            int shift = Math.getExponent(real) + 1;
            double q = Math.scalb(real, -shift);
            int mult = (int) (long) QuantMath.round(Math.scalb(q, 31));
            return new InputScaling(mult, shift, QuantMath.calculateInputRadius(INPUT_INTEGER_BITS, shift));
        }
    }

    /** LOGISTIC int8 -&gt; int8 (output scale 1/256, zero point -128). */
    public static void logistic(InputScaling s, int inputZeroPoint, byte[] input, byte[] output, int size) {
        sigmoidOrTanh(true, s, inputZeroPoint, input, output, size);
    }

    /** TANH int8 -&gt; int8 (output scale 1/128, zero point 0). */
    public static void tanh(InputScaling s, int inputZeroPoint, byte[] input, byte[] output, int size) {
        sigmoidOrTanh(false, s, inputZeroPoint, input, output, size);
    }

    /** The two share TFLM's input scaling and saturation; they differ in the function and the output scale. */
    private static void sigmoidOrTanh(boolean logistic, InputScaling s, int inputZeroPoint, byte[] input,
            byte[] output, int size) {
        for (int i = 0; i < size; i++) {
            int v = input[i] - inputZeroPoint;
            if (v <= -s.rangeRadius()) {
                output[i] = Byte.MIN_VALUE;
            } else if (v >= s.rangeRadius()) {
                output[i] = Byte.MAX_VALUE;
            } else {
                int q4 = QuantMath.multiplyByQuantizedMultiplier(v, s.multiplier(), s.leftShift());
                if (logistic) {
                    int r = QuantMath.roundingDivideByPOT(FixedPointMath.logistic(q4, INPUT_INTEGER_BITS), 31 - 8);
                    output[i] = (byte) QuantMath.clamp(r - 128, -128, 127);
                } else {
                    int r = QuantMath.roundingDivideByPOT(FixedPointMath.tanh(q4, INPUT_INTEGER_BITS), 31 - 7);
                    output[i] = (byte) QuantMath.clamp(r, -128, 127);
                }
            }
        }
    }

    /**
     * RELU int8 as TFLM's ReluQuantized: {@code outZp + requant(in - inZp)} clamped to [max(-128, outZp), 127].
     */
    public static void relu(QuantMath.Multiplier m, int inputZeroPoint, int outputZeroPoint, float outputScale,
            byte[] input, byte[] output, int size) {
        int actMin = Math.max(-128, outputZeroPoint + (int) QuantMath.round(0.0f / outputScale));
        for (int i = 0; i < size; i++) {
            int v = outputZeroPoint + QuantMath.multiplyByQuantizedMultiplier(input[i] - inputZeroPoint,
                    m.multiplier(), m.shift());
            output[i] = (byte) QuantMath.clamp(v, actMin, 127);
        }
    }

    /**
     * RELU6 int8 as TFLM's Relu6Quantized: a clamp to [inZp, quantized 6] in the input's quantization (TFLM
     * assumes the output shares it).
     */
    public static void relu6(float inputScale, int inputZeroPoint, byte[] input, byte[] output, int size) {
        int six = QuantMath.clamp((int) (QuantMath.round(6.0f / inputScale) + inputZeroPoint), -128, 127);
        int zero = inputZeroPoint;
        for (int i = 0; i < size; i++) {
            int v = input[i];
            output[i] = (byte) Math.min(Math.max(v, zero), six);
        }
    }

    /**
     * LEAKY_RELU int8 as TFLM's QuantizeLeakyRelu: with v = in - zp_in, out = zp_out + MultiplyByQuantizedMultiplier(v,
     * identity) for v >= 0, else with alpha (identity = s_in / s_out, alpha = s_in * alpha / s_out, both computed in
     * float then quantized), clamped to [-128, 127]. Rounding: TFLM's double rounding (a saturating rounding
     * doubling high multiply, then a rounding right shift, half away from zero).
     */
    public static void leakyRelu(QuantMath.Multiplier identity, QuantMath.Multiplier alpha, int inputZeroPoint,
            int outputZeroPoint, byte[] input, byte[] output, int size) {
        for (int i = 0; i < size; i++) {
            int v = input[i] - inputZeroPoint;
            QuantMath.Multiplier m = v >= 0 ? identity : alpha;
            int y = outputZeroPoint + QuantMath.multiplyByQuantizedMultiplier(v, m.multiplier(), m.shift());
            output[i] = (byte) QuantMath.clamp(y, -128, 127);
        }
    }
}
