package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * QUANTIZE (float32 to int8, and int8 to int8 requantization) and DEQUANTIZE (int8 to float32), as TFLM's
 * AffineQuantize, Requantize and Dequantize reference functions.
 */
public final class QuantizeOps {

    private QuantizeOps() {
    }

    /** float -&gt; int8: {@code clamp(round(v / scale) + zp)} with the division and rounding in float. */
    public static void quantize(float[] input, float scale, int zeroPoint, byte[] output, int size) {
        for (int i = 0; i < size; i++) {
            int q = (int) QuantMath.round(input[i] / scale) + zeroPoint;
            output[i] = (byte) QuantMath.clamp(q, -128, 127);
        }
    }

    /** int8 -&gt; int8: {@code clamp(requant(v - inZp, inScale / outScale) + outZp)}. */
    public static void requantize(byte[] input, int inputZeroPoint, QuantMath.Multiplier m, int outputZeroPoint,
            byte[] output, int size) {
        for (int i = 0; i < size; i++) {
            int v = QuantMath.multiplyByQuantizedMultiplier(input[i] - inputZeroPoint, m.multiplier(), m.shift())
                    + outputZeroPoint;
            output[i] = (byte) QuantMath.clamp(v, -128, 127);
        }
    }

    /** int8 -&gt; float: {@code (float) ((double) scale * (v - zp))}. */
    public static void dequantize(byte[] input, float scale, int zeroPoint, float[] output, int size) {
        double s = scale;
        for (int i = 0; i < size; i++) {
            output[i] = (float) (s * (input[i] - zeroPoint));
        }
    }
}
