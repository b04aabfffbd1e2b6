package dev.prunus.core.finetune;

import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.quant.WeightQuantizer;

/**
 * One trainable constant (weights or bias) of the student, shared by every worker's {@link FloatGraph}: master
 * values, the values the forward pass uses ({@link #used}: weights fake-quantized to int8 like the final file),
 * the anchor (the compensated start), the mask of trainable elements and the optimizer state.
 */
final class Param {

    final int tensor;
    final int[] shape;
    final Quantization quantization;
    final boolean bias;
    final double[] value;
    final double[] used;
    final double[] anchor;
    /** False where the student's weight is exactly 0 (pruned): never updated, always 0. */
    final boolean[] trainable;
    final double[] m;
    final double[] v;
    /**
     * Step size unit: the root mean square of the non-zero start values. Adam moves every element by about the
     * learning rate, so an absolute rate is far too large for some layers and too small for others.
     */
    final double unit;

    Param(Tensor t, boolean bias, double[] value) {
        this.tensor = t.index();
        this.shape = t.shape();
        this.quantization = t.quantization();
        this.bias = bias;
        this.value = value;
        this.used = value.clone();
        this.anchor = value.clone();
        this.trainable = new boolean[value.length];
        for (int i = 0; i < value.length; i++) {
            trainable[i] = bias || value[i] != 0;
        }
        double sq = 0;
        int count = 0;
        for (double x : value) {
            if (x != 0) {
                sq += x * x;
                count++;
            }
        }
        this.unit = count > 0 ? Math.sqrt(sq / count) : 1e-3;
        this.m = new double[value.length];
        this.v = new double[value.length];
    }

    /**
     * Recomputes {@link #used}: weights rounded to the int8 grid of per-channel (or per-tensor) scales that the
     * final requantization will choose, so training sees the rounding (straight-through: gradients go to the master
     * values). Biases are used as they are (int32 rounding is negligible).
     */
    void refresh(boolean fakeQuant) {
        if (bias || !fakeQuant) {
            System.arraycopy(value, 0, used, 0, value.length);
            return;
        }
        WeightQuantizer.Int8 q = WeightQuantizer.quantizeWeights(value, shape, quantization);
        double[] back = WeightQuantizer.dequantizeInt8(q.data(), shape, q.quantization());
        System.arraycopy(back, 0, used, 0, back.length);
    }
}
