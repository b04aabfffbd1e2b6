package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 DEPTHWISE_CONV_2D with per-channel requantization, as TFLM's reference_integer_ops::DepthwiseConvPerChannel:
 * output channel {@code oc = ic * depthMultiplier + m} sums {@code filter[fy][fx][oc] * (input[iy][ix][ic] +
 * inputOffset)} over the taps inside the image, adds the bias and is requantized with channel {@code oc}'s
 * multiplier.
 *
 * <p>Layouts: input NHWC, filter 1HWO (O = inC * depthMultiplier), output NHWC.
 */
public final class DepthwiseConv2D {

    private final ConvGeometry g;
    private final int depthMultiplier;
    private final int[] filter;
    private final int[] bias;
    private final Requant rq;
    private final int inputOffset;
    private final int[] acc;

    /**
     * @param g               geometry; {@code outC == inC * depthMultiplier}
     * @param depthMultiplier output channels per input channel
     * @param filter          1HWO weights
     * @param bias            int32 bias per output channel, or null
     * @param inputOffset     minus the input zero point
     * @param rq              per-channel requantization
     */
    public DepthwiseConv2D(ConvGeometry g, int depthMultiplier, byte[] filter, int[] bias, int inputOffset,
            Requant rq) {
        if (g.outC() != g.inC() * depthMultiplier) {
            throw new IllegalArgumentException("output channels " + g.outC() + " != input channels " + g.inC()
                    + " x depth multiplier " + depthMultiplier);
        }
        int expected = g.filterH() * g.filterW() * g.outC();
        if (filter.length != expected) {
            throw new IllegalArgumentException("filter has " + filter.length + " values, geometry needs " + expected);
        }
        if (bias != null && bias.length != g.outC()) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, need " + g.outC());
        }
        this.g = g;
        this.depthMultiplier = depthMultiplier;
        this.filter = Conv2D.widen(filter);
        this.bias = bias == null ? null : bias.clone();
        this.inputOffset = inputOffset;
        this.rq = rq;
        this.acc = new int[g.outC()];
    }

    /** Scratch ints {@link #run} needs. */
    public int scratchSize() {
        return g.batches() * g.inH() * g.inW() * g.inC();
    }

    /** Computes the output; {@code scratch} holds at least {@link #scratchSize()} ints. */
    public void run(byte[] input, byte[] output, int[] scratch) {
        final int n = scratchSize();
        for (int i = 0; i < n; i++) {
            scratch[i] = input[i] + inputOffset;
        }
        final int inH = g.inH(), inW = g.inW(), inC = g.inC();
        final int outH = g.outH(), outW = g.outW(), outC = g.outC();
        final int fH = g.filterH(), fW = g.filterW();
        final int sH = g.strideH(), sW = g.strideW(), dH = g.dilationH(), dW = g.dilationW();
        final int mult = depthMultiplier;
        final int[] w = filter;
        final int[] x = scratch;
        final int[] a = acc;
        final int[] ms = rq.multipliers(), ss = rq.shifts();
        final boolean perChannel = ms.length > 1;
        final int outOffset = rq.outputOffset(), actMin = rq.actMin(), actMax = rq.actMax();
        int o = 0;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < outH; oy++) {
                final int iy0 = oy * sH - g.padH();
                for (int ox = 0; ox < outW; ox++) {
                    final int ix0 = ox * sW - g.padW();
                    if (bias != null) {
                        System.arraycopy(bias, 0, a, 0, outC);
                    } else {
                        java.util.Arrays.fill(a, 0);
                    }
                    for (int fy = 0; fy < fH; fy++) {
                        final int iy = iy0 + dH * fy;
                        if (iy < 0 || iy >= inH) {
                            continue;
                        }
                        for (int fx = 0; fx < fW; fx++) {
                            final int ix = ix0 + dW * fx;
                            if (ix < 0 || ix >= inW) {
                                continue;
                            }
                            final int xo = ((b * inH + iy) * inW + ix) * inC;
                            final int wo = (fy * fW + fx) * outC;
                            if (mult == 1) {
                                for (int c = 0; c < outC; c++) {
                                    a[c] += w[wo + c] * x[xo + c];
                                }
                            } else {
                                for (int ic = 0, oc = 0; ic < inC; ic++) {
                                    final int xv = x[xo + ic];
                                    for (int m = 0; m < mult; m++, oc++) {
                                        a[oc] += w[wo + oc] * xv;
                                    }
                                }
                            }
                        }
                    }
                    for (int oc = 0; oc < outC; oc++) {
                        int v = a[oc]; // bias already included (integer addition is associative, as in TFLM)
                        final int ci = perChannel ? oc : 0;
                        v = QuantMath.multiplyByQuantizedMultiplier(v, ms[ci], ss[ci]) + outOffset;
                        output[o++] = (byte) (v < actMin ? actMin : (v > actMax ? actMax : v));
                    }
                }
            }
        }
    }
}
