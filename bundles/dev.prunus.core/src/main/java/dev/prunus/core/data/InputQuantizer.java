package dev.prunus.core.data;

/**
 * The input tensor's own quantization of a real value: {@code q = clamp(round(x / s) + zp, -128, 127)}, with round
 * half away from zero, the rule of {@code std::round} in TensorFlow Lite's QUANTIZE kernel (NumPy's
 * {@code np.round} would round half to even: 0.5 -> 0, where this gives 1). The division is done in double
 * precision, so pixel mappings such as {@code x = p * s} come back to exactly {@code p}.
 */
public final class InputQuantizer {

    private InputQuantizer() {
    }

    /** Rounds half away from zero: 0.5 -> 1, -0.5 -> -1, 2.5 -> 3, -2.5 -> -3. */
    public static long roundHalfAwayFromZero(double v) {
        // floor(a + 0.5) would round 0.49999999999999994 up (the sum rounds to 1.0); the fraction is exact.
        double a = Math.abs(v);
        double r = Math.floor(a);
        if (a - r >= 0.5) {
            r += 1;
        }
        return (long) (v < 0 ? -r : r);
    }

    /** Quantizes one real value with the input's scale and zero point. */
    public static byte quantize(double x, double scale, int zeroPoint) {
        double v = x / scale;
        if (Double.isNaN(v)) {
            return (byte) Math.max(-128, Math.min(127, zeroPoint));
        }
        // Saturate before the long conversion so that huge or infinite values cannot wrap.
        if (v > 1e9) {
            return 127;
        }
        if (v < -1e9) {
            return -128;
        }
        long q = roundHalfAwayFromZero(v) + zeroPoint;
        return (byte) Math.max(-128, Math.min(127, q));
    }
}
