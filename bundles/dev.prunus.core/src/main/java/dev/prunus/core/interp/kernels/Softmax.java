package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.FixedPointMath;
import dev.prunus.core.quant.QuantMath;

/**
 * int8 SOFTMAX (int8 in, int8 out with scale 1/256 and zero point -128), as TFLM's reference_ops::Softmax for
 * quantized data: per row, {@code input - max} is rescaled to Q5.26 by the prepared multiplier, exponentiated in
 * fixed point (differences below {@code diffMin} count as zero), summed in Q12.19, and each exponent is scaled by
 * the fixed-point reciprocal of the sum.
 */
public final class Softmax {

    /** Integer bits of the rescaled input difference (Q5.26). */
    public static final int SCALED_DIFF_INTEGER_BITS = 5;
    private static final int ACCUMULATION_INTEGER_BITS = 12;

    private final int inputMultiplier;
    private final int inputLeftShift;
    private final int diffMin;

    /** Parameters as TFLM's SoftmaxPrepare derives them from beta and the input scale. */
    public Softmax(float beta, float inputScale) {
        QuantMath.Multiplier m = QuantMath.preprocessSoftmaxScaling(beta, inputScale, SCALED_DIFF_INTEGER_BITS);
        this.inputMultiplier = m.multiplier();
        this.inputLeftShift = m.shift();
        this.diffMin = -QuantMath.calculateInputRadius(SCALED_DIFF_INTEGER_BITS, inputLeftShift);
    }

    public int inputMultiplier() {
        return inputMultiplier;
    }

    public int inputLeftShift() {
        return inputLeftShift;
    }

    public int diffMin() {
        return diffMin;
    }

    /** Softmax over the last dimension ({@code depth}) of {@code rows} rows. */
    public void run(byte[] input, byte[] output, int rows, int depth) {
        for (int r = 0; r < rows; r++) {
            final int base = r * depth;
            int max = Byte.MIN_VALUE;
            for (int c = 0; c < depth; c++) {
                max = Math.max(max, input[base + c]);
            }
            int sumOfExps = 0; // Q12.19
            for (int c = 0; c < depth; c++) {
                int diff = input[base + c] - max;
                if (diff >= diffMin) {
                    sumOfExps += QuantMath.saturatingRoundingMultiplyByPOT(exp(diff), -ACCUMULATION_INTEGER_BITS);
                }
            }
            int bitsOverUnit = FixedPointMath.reciprocalBitsOverUnit(sumOfExps, ACCUMULATION_INTEGER_BITS);
            int shiftedScale = FixedPointMath.reciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
            int exponent = bitsOverUnit + 31 - 8;
            if (exponent < 0 || exponent > 31) {
                throw new IllegalStateException("softmax reciprocal exponent out of range: " + exponent);
            }
            for (int c = 0; c < depth; c++) {
                int diff = input[base + c] - max;
                if (diff >= diffMin) {
                    int unsat = QuantMath.roundingDivideByPOT(
                            QuantMath.saturatingRoundingDoublingHighMul(shiftedScale, exp(diff)), exponent);
                    output[base + c] = (byte) QuantMath.clamp(unsat - 128, -128, 127);
                } else {
                    output[base + c] = (byte) -128;
                }
            }
        }
    }

    /** exp(diff * input scale * beta) of a non-positive difference to the row maximum, Q0.31. */
    private int exp(int diff) {
        int rescaled = QuantMath.multiplyByQuantizedMultiplierGreaterThanOne(diff, inputMultiplier, inputLeftShift);
        return FixedPointMath.expOnNegativeValues(rescaled, SCALED_DIFF_INTEGER_BITS);
    }
}
