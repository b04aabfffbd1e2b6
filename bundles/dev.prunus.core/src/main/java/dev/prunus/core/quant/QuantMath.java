package dev.prunus.core.quant;

import dev.prunus.core.ir.Activation;

/**
 * Fixed-point arithmetic of TensorFlow Lite Micro's int8 reference kernels, bit for bit.
 *
 * <p>Real multipliers are represented as a Q31 {@code multiplier} and a power-of-two {@code shift}:
 * {@code real ~= multiplier * 2^(shift - 31)}. Requantization uses TFLM's "double rounding" (the build without
 * {@code TFLITE_SINGLE_ROUNDING}): a saturating rounding doubling high multiply, then a rounding arithmetic right
 * shift that rounds half away from zero. The same rounding is implemented in C by
 * {@code bundles/dev.prunus.runtime/c/include/pn_common.h}; the code generator calls
 * {@link #quantizeMultiplier(double)} here so that the generated constants equal the interpreter's.
 *
 * <p>Integer overflow wraps exactly as the two's complement arithmetic TFLM compiles to.
 */
public final class QuantMath {

    /** A quantized multiplier: {@code real ~= multiplier * 2^(shift - 31)}, multiplier in [2^30, 2^31) or 0. */
    public record Multiplier(int multiplier, int shift) {
    }

    /** Inclusive clamp range of a quantized output (the fused activation folded in). */
    public record ActivationRange(int min, int max) {
    }

    private QuantMath() {
    }

    // ---------------------------------------------------------------- integer primitives

    /**
     * gemmlowp SaturatingRoundingDoublingHighMul: {@code round(a * b / 2^31)}, rounding half away from zero, with
     * the single overflow case {@code MIN * MIN} saturated to {@code Integer.MAX_VALUE}.
     */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * (long) b;
        long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
        return (int) ((ab + nudge) / (1L << 31)); // Java long division truncates toward zero, as C does
    }

    /**
     * gemmlowp RoundingDivideByPOT: {@code x / 2^exponent} rounded to nearest, ties away from zero
     * (for example {@code -5 / 2 = -3}, {@code 5 / 2 = 3}, {@code -3 / 4 = -1}). {@code exponent} in [0, 31].
     */
    public static int roundingDivideByPOT(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException("exponent must be in [0, 31], was " + exponent);
        }
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /** {@link #roundingDivideByPOT} without the argument check, for hot loops whose exponent was checked. */
    static int rdivPot(int x, int exponent) {
        int mask = (int) ((1L << exponent) - 1);
        int remainder = x & mask;
        int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
        return (x >> exponent) + (remainder > threshold ? 1 : 0);
    }

    /**
     * TFLM MultiplyByQuantizedMultiplier (double rounding): a left shift for {@code shift > 0} (wrapping, as in
     * C), the doubling high multiply, then a rounding right shift by {@code -shift} when {@code shift < 0}.
     */
    public static int multiplyByQuantizedMultiplier(int x, int multiplier, int shift) {
        int left = shift > 0 ? shift : 0;
        int right = shift > 0 ? 0 : -shift;
        return rdivPot(saturatingRoundingDoublingHighMul(x * (1 << left), multiplier), right);
    }

    /** TFLM MultiplyByQuantizedMultiplierSmallerThanOneExp: {@code leftShift <= 0}. */
    public static int multiplyByQuantizedMultiplierSmallerThanOneExp(int x, int multiplier, int leftShift) {
        return rdivPot(saturatingRoundingDoublingHighMul(x, multiplier), -leftShift);
    }

    /** TFLM MultiplyByQuantizedMultiplierGreaterThanOne: {@code leftShift >= 0}, no right shift. */
    public static int multiplyByQuantizedMultiplierGreaterThanOne(int x, int multiplier, int leftShift) {
        return saturatingRoundingDoublingHighMul(x * (1 << leftShift), multiplier);
    }

    /**
     * gemmlowp SaturatingRoundingMultiplyByPOT: a saturating left shift for {@code exponent > 0}, a rounding
     * right shift for {@code exponent < 0}.
     */
    public static int saturatingRoundingMultiplyByPOT(int x, int exponent) {
        if (exponent == 0) {
            return x;
        }
        if (exponent < 0) {
            return rdivPot(x, -exponent);
        }
        int threshold = (1 << (31 - exponent)) - 1;
        if (x > threshold) {
            return Integer.MAX_VALUE;
        }
        if (x < -threshold) {
            return Integer.MIN_VALUE;
        }
        return x << exponent;
    }

    /**
     * TFLM GetInvSqrtQuantizedMultiplierExp (common.h): 1 / sqrt(input) as a multiplier and shift, by five
     * Newton-Raphson steps in gemmlowp fixed point (3 integer bits), the input first normalised by pairs of bits.
     * {@code reverseShift} is TFLM's kReverseShift (-1) for the MultiplyByQuantizedMultiplier convention
     * (positive shift = left). Inputs 0 and 1 give (INT32_MAX, 0), as TFLM.
     */
    public static Multiplier invSqrtQuantizedMultiplierExp(int input, int reverseShift) {
        if (input < 0) {
            throw new IllegalArgumentException("input must be >= 0, was " + input);
        }
        if (input <= 1) {
            return new Multiplier(Integer.MAX_VALUE, 0);
        }
        int shift = 11;
        while (input >= (1 << 29)) {
            input /= 4;
            shift++;
        }
        int maxLeftShiftBits = Integer.numberOfLeadingZeros(input) - 1;
        int leftShiftBitPairs = maxLeftShiftBits / 2 - 1;
        shift -= leftShiftBitPairs;
        input <<= 2 * leftShiftBitPairs;
        // F3 values (raw int32, 3 integer bits); a product of Fa and Fb is F(a+b) with the doubling high multiply.
        int fixedInput = input >> 1;
        int halfInput = saturatingRoundingMultiplyByPOT(fixedInput, -1);
        int halfThree = (1 << 28) + (1 << 27);
        int x = 1 << 28; // F3 one
        for (int i = 0; i < 5; i++) {
            int x2 = saturatingRoundingDoublingHighMul(x, x); // F6
            int x3 = saturatingRoundingMultiplyByPOT(saturatingRoundingDoublingHighMul(x2, x), 6); // F9 -> F3
            int a = saturatingRoundingDoublingHighMul(halfThree, x); // F6
            int b = saturatingRoundingDoublingHighMul(halfInput, x3); // F6
            x = saturatingRoundingMultiplyByPOT(a - b, 3); // F6 -> F3
        }
        int halfSqrt2 = 1518500250; // F0 sqrt(2) / 2
        int result = saturatingRoundingDoublingHighMul(x, halfSqrt2);
        if (shift < 0) {
            result <<= -shift;
            shift = 0;
        }
        return new Multiplier(result, shift * reverseShift);
    }

    // ---------------------------------------------------------------- multiplier derivation (Prepare time)

    /** C's std::round on doubles: round half away from zero, exactly. */
    public static double round(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double a = Math.abs(x);
        double t = Math.floor(a);
        if (a - t >= 0.5) {
            t += 1.0;
        }
        return Math.copySign(t, x);
    }

    /** C's std::round on floats: round half away from zero, exactly. */
    public static float round(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x)) {
            return x;
        }
        float a = Math.abs(x);
        float t = (float) Math.floor(a);
        if (a - t >= 0.5f) {
            t += 1.0f;
        }
        return Math.copySign(t, x);
    }

    /**
     * TFLM QuantizeMultiplier: {@code frexp} splits {@code real} into a fraction in [0.5, 1) and an exponent; the
     * fraction is rounded (half away from zero) to Q31; a fraction that rounds up to 2^31 is halved and the shift
     * incremented; a shift below -31 flushes the multiplier to zero (shift 0). Zero gives (0, 0).
     *
     * @param real a finite multiplier (the effective scale of an operator)
     */
    public static Multiplier quantizeMultiplier(double real) {
        if (Double.isNaN(real) || Double.isInfinite(real)) {
            throw new IllegalArgumentException("cannot quantize a non-finite multiplier: " + real);
        }
        if (real == 0.0) {
            return new Multiplier(0, 0);
        }
        int shift = frexpExponent(real);
        double q = Math.scalb(real, -shift); // in [0.5, 1) (or (-1, -0.5]) exactly
        long qFixed = (long) round(Math.scalb(q, 31));
        if (qFixed == (1L << 31)) {
            qFixed /= 2;
            shift++;
        }
        if (shift < -31) {
            shift = 0;
            qFixed = 0;
        }
        return new Multiplier((int) qFixed, shift);
    }

    /** TFLM QuantizeMultiplierSmallerThanOneExp: {@code real} in (0, 1); the shift is {@code <= 0}. */
    public static Multiplier quantizeMultiplierSmallerThanOneExp(double real) {
        if (!(real > 0.0 && real < 1.0)) {
            throw new IllegalArgumentException("multiplier must be in (0, 1), was " + real);
        }
        Multiplier m = quantizeMultiplier(real);
        if (m.shift() > 0) {
            throw new IllegalStateException("shift of a multiplier below one must not be positive: " + m);
        }
        return m;
    }

    /** TFLM QuantizeMultiplierGreaterThanOne: {@code real > 1}; the shift is {@code >= 0}. */
    public static Multiplier quantizeMultiplierGreaterThanOne(double real) {
        if (!(real > 1.0)) {
            throw new IllegalArgumentException("multiplier must be greater than 1, was " + real);
        }
        return quantizeMultiplier(real);
    }

    /** The exponent {@code e} of C's frexp: {@code x = f * 2^e} with {@code |f|} in [0.5, 1). */
    static int frexpExponent(double x) {
        int e = Math.getExponent(x);
        if (e == Double.MIN_EXPONENT - 1) { // subnormal: normalise first
            return Math.getExponent(x * 0x1p54) - 54 + 1;
        }
        return e + 1;
    }

    /**
     * Per-output-channel multipliers of CONV_2D / DEPTHWISE_CONV_2D / per-channel FULLY_CONNECTED, as TFLM's
     * PopulateConvolutionQuantizationParams: {@code (double) inputScale * (double) filterScale[c] / (double)
     * outputScale}. A single filter scale is broadcast to every channel.
     */
    public static Multiplier[] perChannelMultipliers(float inputScale, float[] filterScales, float outputScale,
            int channels) {
        Multiplier[] out = new Multiplier[channels];
        for (int c = 0; c < channels; c++) {
            float fs = filterScales.length == 1 ? filterScales[0] : filterScales[c];
            double effective = (double) inputScale * (double) fs / (double) outputScale;
            out[c] = quantizeMultiplier(effective);
        }
        return out;
    }

    /**
     * The per-tensor multiplier of FULLY_CONNECTED, as TFLM's GetQuantizedConvolutionMultipler: the product of
     * input and filter scale is formed in <em>float</em>, then divided in double by the output scale.
     */
    public static Multiplier fullyConnectedMultiplier(float inputScale, float filterScale, float outputScale) {
        double product = (double) (inputScale * filterScale);
        return quantizeMultiplier(product / (double) outputScale);
    }

    // ---------------------------------------------------------------- activation range

    /**
     * TFLM CalculateActivationRangeQuantized: 0, 6, -1 and 1 are quantized with float arithmetic
     * ({@code zp + (int) round(f / scale)}) and intersected with [qmin, qmax]. TANH and SIGN_BIT fused
     * activations are not folded by TFLM (the full range is kept); callers reject them.
     */
    public static ActivationRange activationRange(Activation activation, float scale, int zeroPoint, int qmin,
            int qmax) {
        switch (activation) {
            case RELU:
                return new ActivationRange(Math.max(qmin, quantizeFloat(0.0f, scale, zeroPoint)), qmax);
            case RELU6:
                return new ActivationRange(Math.max(qmin, quantizeFloat(0.0f, scale, zeroPoint)),
                        Math.min(qmax, quantizeFloat(6.0f, scale, zeroPoint)));
            case RELU_N1_TO_1:
                return new ActivationRange(Math.max(qmin, quantizeFloat(-1.0f, scale, zeroPoint)),
                        Math.min(qmax, quantizeFloat(1.0f, scale, zeroPoint)));
            default:
                return new ActivationRange(qmin, qmax);
        }
    }

    /** int8 range of {@link #activationRange(Activation, float, int, int, int)}. */
    public static ActivationRange activationRangeInt8(Activation activation, float scale, int zeroPoint) {
        return activationRange(activation, scale, zeroPoint, -128, 127);
    }

    /** {@code zp + (int) round(f / scale)} in float arithmetic, as TFLM's activation-range helper. */
    public static int quantizeFloat(float f, float scale, int zeroPoint) {
        float tmp = round(f / scale);
        return zeroPoint + (int) tmp;
    }

    // ---------------------------------------------------------------- softmax / logistic helpers

    /**
     * TFLM PreprocessSoftmaxScaling: the multiplier applied to {@code input - max} so that it lands in
     * Q{@code inputIntegerBits}.(31-{@code inputIntegerBits}), capped at {@code 2^31 - 1}; shift is {@code >= 0}.
     */
    public static Multiplier preprocessSoftmaxScaling(double beta, double inputScale, int inputIntegerBits) {
        double maxReal = (double) ((1L << 31) - 1);
        double real = Math.min(beta * inputScale * (double) (1 << (31 - inputIntegerBits)), maxReal);
        return quantizeMultiplierGreaterThanOne(real);
    }

    /**
     * TFLM CalculateInputRadius: the largest input difference whose rescaled value still fits, floored.
     */
    public static int calculateInputRadius(int inputIntegerBits, int inputLeftShift, int totalSignedBits) {
        double maxInputRescaled = 1.0 * ((1 << inputIntegerBits) - 1)
                * (double) (1L << (totalSignedBits - inputIntegerBits)) / (double) (1L << inputLeftShift);
        return (int) Math.floor(maxInputRescaled);
    }

    /** {@link #calculateInputRadius(int, int, int)} with 31 signed bits, TFLM's default. */
    public static int calculateInputRadius(int inputIntegerBits, int inputLeftShift) {
        return calculateInputRadius(inputIntegerBits, inputLeftShift, 31);
    }

    /** Clamps {@code v} to [lo, hi]. */
    public static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
