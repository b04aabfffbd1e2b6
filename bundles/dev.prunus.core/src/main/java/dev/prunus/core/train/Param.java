package dev.prunus.core.train;

import java.util.Arrays;

import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;

/**
 * One trainable constant: the weights or the bias of a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED, held as
 * float master values ({@link #value}, row-major as in the tensor) and seen by the forward pass as {@link #rows}
 * ({@code rowCount x cols}: weights fake-quantized to their int8 grid, biases as they are) and, where a layer needs
 * it, as {@link #transposed}. Masked elements ({@link #keep} false) are held at exactly zero.
 */
final class Param {

    final int tensor;
    final String name;
    final int[] shape;
    final boolean bias;
    final int rowCount;
    final int cols;
    /** Quantization read from the model: its per-channel scales are the floor of the fake-quant scales. */
    final Quantization original;
    /** Axis of the per-channel scales (weights only); -1 for per-tensor scales. */
    final int channelAxis;
    final float[] value;
    /** The values read from the model: where a value is still exactly this, write-back keeps the stored code. */
    final float[] initial;
    final float[] grad;
    final float[][] rows;
    float[][] transposed;
    /** Current weight scales (per channel, or one): max(original scale, max |w| / 127). */
    final float[] scales;
    boolean[] keep;
    /** Sum over updates of (w g)^2 per element (first-order Taylor importance), or null when not tracked. */
    float[] taylor;
    final float[] moment1;
    final float[] moment2;

    Param(Tensor t, boolean bias, float[] value, int rowCount, int cols, Quantization original) {
        this.tensor = t.index();
        this.name = t.name();
        this.shape = t.shape();
        this.bias = bias;
        this.rowCount = rowCount;
        this.cols = cols;
        this.original = original;
        this.value = value;
        this.initial = value.clone();
        this.grad = new float[value.length];
        this.rows = new float[rowCount][cols];
        this.channelAxis = !bias && original.perChannel() ? original.quantizedDimension() : -1;
        int channels = channelAxis >= 0 ? shape[channelAxis] : 1;
        this.scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = bias ? 1f : original.scale(c);
        }
        this.moment1 = new float[value.length];
        this.moment2 = new float[value.length];
    }

    int channelOf(int i) {
        if (channelAxis < 0) {
            return 0;
        }
        int inner = 1;
        for (int d = channelAxis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return (i / inner) % shape[channelAxis];
    }

    /**
     * Recomputes {@link #rows} (and {@link #transposed} when allocated) from the master values: symmetric int8
     * rounding with the current channel scales, straight-through in backward.
     */
    void refresh(boolean fakeQuant) {
        if (!bias) {
            float[] max = new float[scales.length];
            for (int i = 0; i < value.length; i++) {
                int c = channelOf(i);
                max[c] = Math.max(max[c], Math.abs(value[i]));
            }
            for (int c = 0; c < scales.length; c++) {
                scales[c] = keptScale(original.scale(channelAxis < 0 ? 0 : c), max[c]);
            }
        }
        for (int r = 0; r < rowCount; r++) {
            float[] row = rows[r];
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                float v = value[base + j];
                if (fakeQuant && !bias) {
                    float s = scales[channelOf(base + j)];
                    float q = Math.max(-127f, Math.min(127f, (float) Math.rint(v / s)));
                    v = q * s;
                }
                row[j] = v;
            }
        }
        if (transposed != null) {
            for (int r = 0; r < rowCount; r++) {
                for (int j = 0; j < cols; j++) {
                    transposed[j][r] = rows[r][j];
                }
            }
        }
    }

    /**
     * The model's scale while the channel still fits in [-127, 127] with it (a relative slack absorbs the float
     * rounding of dequantized weights, so untrained weights keep their exact codes), else max / 127.
     */
    static float keptScale(float originalScale, float max) {
        return max > 127.0 * originalScale * (1 + 1e-5) ? (float) (max / 127.0) : originalScale;
    }

    void useTransposed() {
        if (transposed == null) {
            transposed = new float[cols][rowCount];
        }
    }

    void applyMask() {
        if (keep == null) {
            return;
        }
        for (int i = 0; i < value.length; i++) {
            if (!keep[i]) {
                value[i] = 0;
                moment1[i] = 0;
                moment2[i] = 0;
            }
        }
    }

    @Override
    public String toString() {
        return (bias ? "bias " : "weights ") + "tensor " + tensor + " '" + name + "' " + Arrays.toString(shape);
    }
}
