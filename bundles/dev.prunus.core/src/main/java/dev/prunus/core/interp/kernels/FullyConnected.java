package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 FULLY_CONNECTED, as TFLM's reference_integer_ops::FullyConnected (per-tensor) and
 * FullyConnectedPerChannel: {@code out[b][o] = requant(sum_d (w[o][d] + filterOffset) * (in[b][d] + inputOffset)
 * + bias[o])}. Weights are [outDepth, accumDepth] row-major; the filter offset (minus the weight zero point,
 * 0 for TFLite's symmetric weights) is folded into the widened weights at construction.
 *
 * <p>The int16-output form ({@link #runInt16}) is the gate FC of TFLM's integer LSTM.
 */
public final class FullyConnected {

    private final int batches;
    private final int accumDepth;
    private final int outDepth;
    private final int[] weights;
    private final int[] bias;
    private final int inputOffset;
    private final Requant rq;

    /**
     * @param batches      rows of the input (flat size / accumDepth)
     * @param accumDepth   input features
     * @param outDepth     output features
     * @param weights      [outDepth * accumDepth] int8 weights
     * @param filterOffset minus the weight zero point
     * @param bias         int32 bias per output, or null
     * @param inputOffset  minus the input zero point
     * @param rq           per-tensor (length 1) or per-channel requantization
     */
    public FullyConnected(int batches, int accumDepth, int outDepth, byte[] weights, int filterOffset, int[] bias,
            int inputOffset, Requant rq) {
        if (weights.length < outDepth * accumDepth) {
            throw new IllegalArgumentException("weights have " + weights.length + " values, need " + outDepth
                    + " x " + accumDepth);
        }
        if (bias != null && bias.length != outDepth) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, need " + outDepth);
        }
        this.batches = batches;
        this.accumDepth = accumDepth;
        this.outDepth = outDepth;
        this.weights = new int[outDepth * accumDepth];
        for (int i = 0; i < this.weights.length; i++) {
            this.weights[i] = weights[i] + filterOffset;
        }
        this.bias = bias == null ? null : bias.clone();
        this.inputOffset = inputOffset;
        this.rq = rq;
    }

    /** Scratch ints the runs need. */
    public int scratchSize() {
        return batches * accumDepth;
    }

    /** int8 output. */
    public void run(byte[] input, int inOff, byte[] output, int outOff, int[] scratch) {
        widenInput(input, inOff, scratch);
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outDepth; o++) {
                output[outOff + b * outDepth + o] = (byte) output(scratch, b, o);
            }
        }
    }

    /** int16 output (the output offset and clamp of {@code rq} apply, typically 0 and the int16 range). */
    public void runInt16(byte[] input, int inOff, short[] output, int outOff, int[] scratch) {
        widenInput(input, inOff, scratch);
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outDepth; o++) {
                output[outOff + b * outDepth + o] = (short) output(scratch, b, o);
            }
        }
    }

    /** One requantized, clamped output of batch {@code b}, unit {@code o}, from the widened input. */
    private int output(int[] widened, int b, int o) {
        int acc = Conv2D.dot(weights, o * accumDepth, widened, b * accumDepth, accumDepth);
        if (bias != null) {
            acc += bias[o];
        }
        int ci = rq.multipliers().length > 1 ? o : 0;
        int v = QuantMath.multiplyByQuantizedMultiplier(acc, rq.multipliers()[ci], rq.shifts()[ci]) + rq.outputOffset();
        return QuantMath.clamp(v, rq.actMin(), rq.actMax());
    }

    private void widenInput(byte[] input, int inOff, int[] scratch) {
        final int n = batches * accumDepth;
        for (int i = 0; i < n; i++) {
            scratch[i] = input[inOff + i] + inputOffset;
        }
    }
}
