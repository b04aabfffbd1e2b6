package dev.prunus.core.quantize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import dev.prunus.core.ir.Quantization;
import dev.prunus.core.quant.QuantMath;

/** The arithmetic of post-training quantization: activation ranges, int8 weights and int32 biases. */
public final class QuantParams {

    /** int8 range of activations. */
    public static final int QMIN = -128;
    public static final int QMAX = 127;

    private QuantParams() {
    }

    /**
     * Asymmetric int8 parameters for the real range [min, max], widened to include 0 (so that 0, the padding value,
     * is exact), as TFLite's GetAsymmetricQuantizationParams: scale = (max - min) / 255, zero point = -128 - min /
     * scale rounded (half away from zero, as std::round) and kept in [-128, 127]. The recorded range is stored with the parameters, as the converter does.
     * An all-zero range gets scale 1/255 (any scale represents it exactly).
     */
    public static Quantization asymmetric(float min, float max) {
        // Float arithmetic throughout, as the converter's C++ (so that the stored scale matches it bit for bit).
        float lo = Math.min(0f, min);
        float hi = Math.max(0f, max);
        if (hi == lo) {
            return new Quantization(new float[] {1f / 255}, new long[] {QMIN}, 0, new float[] {lo}, new float[] {hi});
        }
        float scale = (hi - lo) / (float) (QMAX - QMIN);
        float zeroPointFromMin = QMIN - lo / scale;
        long zp;
        if (zeroPointFromMin < QMIN) {
            zp = QMIN;
        } else if (zeroPointFromMin > QMAX) {
            zp = QMAX;
        } else {
            zp = (long) QuantMath.round(zeroPointFromMin);
        }
        return new Quantization(new float[] {scale}, new long[] {zp}, 0, new float[] {lo}, new float[] {hi});
    }

    /** Int8 weights and the quantization that decodes them. */
    public record Int8Weights(byte[] data, Quantization quantization) {
    }

    /**
     * Symmetric int8 weights, zero point 0, values in [-127, 127]: one scale per index of {@code axis}
     * (scale = max |w| / 127 over that slice), or one for the tensor when {@code axis} is negative. A slice of
     * zeros gets scale 1 (its weights stay 0).
     */
    public static Int8Weights symmetricWeights(float[] w, int[] shape, int axis) {
        int channels = axis < 0 ? 1 : shape[axis];
        int inner = 1;
        if (axis >= 0) {
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
        }
        double[] maxAbs = new double[channels];
        for (int k = 0; k < w.length; k++) {
            int c = axis < 0 ? 0 : (k / inner) % channels;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[k]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = maxAbs[c] > 0 ? (float) (maxAbs[c] / 127.0) : 1f;
        }
        byte[] q = new byte[w.length];
        for (int k = 0; k < w.length; k++) {
            int c = axis < 0 ? 0 : (k / inner) % channels;
            long v = (long) QuantMath.round(w[k] / (double) scales[c]);
            q[k] = (byte) Math.max(-127, Math.min(127, v));
        }
        return new Int8Weights(q, new Quantization(scales, new long[channels], Math.max(axis, 0)));
    }

    /** Int32 biases and their quantization. */
    public record Int32Bias(byte[] data, Quantization quantization) {
    }

    /**
     * Int32 biases at scale {@code inputScale * weightScale[c]} (zero point 0), saturated to the int32 range. The
     * scale is rounded to float first: the kernels derive their multipliers from the float scales the file stores.
     */
    public static Int32Bias bias(float[] b, float inputScale, float[] weightScales) {
        boolean perChannel = weightScales.length > 1;
        float[] scales = new float[perChannel ? b.length : 1];
        ByteBuffer out = ByteBuffer.allocate(b.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < b.length; c++) {
            float s = (float) ((double) inputScale * weightScales[perChannel ? c : 0]);
            scales[perChannel ? c : 0] = s;
            long v = (long) QuantMath.round(b[c] / (double) s);
            out.putInt(4 * c, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        return new Int32Bias(out.array(), new Quantization(scales, new long[scales.length], 0));
    }

    /** Quantizes one real value with an int8 per-tensor quantization (round half away from zero, saturated). */
    public static byte quantize(float real, Quantization q) {
        long v = (long) QuantMath.round(real / (double) q.scale(0)) + q.zeroPoint(0);
        return (byte) Math.max(QMIN, Math.min(QMAX, v));
    }

    /** Whether two per-tensor quantizations have the same scale and zero point. */
    public static boolean sameParameters(Quantization a, Quantization b) {
        return a.scale(0) == b.scale(0) && a.zeroPoint(0) == b.zeroPoint(0);
    }
}
