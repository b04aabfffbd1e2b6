package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * int8 CONV_2D with per-channel requantization, as TFLM's reference_integer_ops::ConvPerChannel: for every
 * output pixel and channel, the sum over the taps inside the image of {@code filter * (input + inputOffset)}
 * (taps falling into the padding contribute nothing), plus the int32 bias, requantized per output channel.
 *
 * <p>Layouts: input NHWC, filter OHWI, output NHWC. The filter is widened to int once at construction and the
 * offset input is widened into caller-provided scratch, so that the inner loop is a plain int dot product.
 */
public final class Conv2D {

    private final ConvGeometry g;
    private final int[] filter;
    private final int[] bias;
    private final Requant rq;
    private final int inputOffset;
    private final int[] patch;
    private final int[] accs;

    /**
     * @param g           geometry (input channels = filter input channels)
     * @param filter      OHWI weights, {@code outC * filterH * filterW * inC} values
     * @param bias        int32 bias per output channel, or null
     * @param inputOffset minus the input zero point
     * @param rq          per-channel requantization of the output
     */
    public Conv2D(ConvGeometry g, byte[] filter, int[] bias, int inputOffset, Requant rq) {
        int expected = g.outC() * g.filterH() * g.filterW() * g.inC();
        if (filter.length != expected) {
            throw new IllegalArgumentException("filter has " + filter.length + " values, geometry needs " + expected);
        }
        if (bias != null && bias.length != g.outC()) {
            throw new IllegalArgumentException("bias has " + bias.length + " values, need " + g.outC());
        }
        this.g = g;
        this.filter = widen(filter);
        this.bias = bias == null ? null : bias.clone();
        this.inputOffset = inputOffset;
        this.rq = rq;
        this.patch = new int[g.filterH() * g.filterW() * g.inC()];
        this.accs = new int[g.outC()];
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
        final int k = fH * fW * inC;
        final boolean pointwise = fH == 1 && fW == 1;
        final int[] w = filter;
        final int[] x = scratch;
        final int[] p = patch;
        final int[] ms = rq.multipliers(), ss = rq.shifts();
        final boolean perChannel = ms.length > 1;
        final int outOffset = rq.outputOffset(), actMin = rq.actMin(), actMax = rq.actMax();
        int o = 0;
        for (int b = 0; b < g.batches(); b++) {
            final int batchBase = b * inH;
            for (int oy = 0; oy < outH; oy++) {
                final int iy0 = oy * sH - g.padH();
                for (int ox = 0; ox < outW; ox++) {
                    final int ix0 = ox * sW - g.padW();
                    // The receptive field as one contiguous vector (taps in the padding are 0, which is exactly
                    // TFLM's "skip taps outside the image"), so that each output channel is a single dot product.
                    final int[] src;
                    final int so;
                    if (pointwise && iy0 >= 0 && iy0 < inH && ix0 >= 0 && ix0 < inW) {
                        src = x;
                        so = ((batchBase + iy0) * inW + ix0) * inC;
                    } else {
                        int q = 0;
                        for (int fy = 0; fy < fH; fy++) {
                            final int iy = iy0 + dH * fy;
                            for (int fx = 0; fx < fW; fx++, q += inC) {
                                final int ix = ix0 + dW * fx;
                                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) {
                                    java.util.Arrays.fill(p, q, q + inC, 0);
                                } else {
                                    System.arraycopy(x, ((batchBase + iy) * inW + ix) * inC, p, q, inC);
                                }
                            }
                        }
                        src = p;
                        so = 0;
                    }
                    final int[] acc = accs;
                    int oc = 0;
                    for (; oc + 4 <= outC; oc += 4) {
                        dot4(w, oc * k, k, src, so, acc, oc);
                    }
                    for (; oc < outC; oc++) {
                        acc[oc] = dot(w, oc * k, src, so, k);
                    }
                    for (oc = 0; oc < outC; oc++) {
                        int a = acc[oc];
                        if (bias != null) {
                            a += bias[oc];
                        }
                        final int ci = perChannel ? oc : 0;
                        int v = QuantMath.multiplyByQuantizedMultiplier(a, ms[ci], ss[ci]) + outOffset;
                        output[o++] = (byte) (v < actMin ? actMin : (v > actMax ? actMax : v));
                    }
                }
            }
        }
    }

    /** Four dot products of consecutive filter rows with the same input vector (one pass over the input). */
    private static void dot4(int[] w, int wo, int len, int[] x, int xo, int[] acc, int oc) {
        int a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        final int w1 = wo + len, w2 = w1 + len, w3 = w2 + len;
        for (int i = 0; i < len; i++) {
            final int xv = x[xo + i];
            a0 += w[wo + i] * xv;
            a1 += w[w1 + i] * xv;
            a2 += w[w2 + i] * xv;
            a3 += w[w3 + i] * xv;
        }
        acc[oc] = a0;
        acc[oc + 1] = a1;
        acc[oc + 2] = a2;
        acc[oc + 3] = a3;
    }

    static int dot(int[] a, int ao, int[] b, int bo, int len) {
        int acc = 0;
        for (int i = 0; i < len; i++) {
            acc += a[ao + i] * b[bo + i];
        }
        return acc;
    }

    static int[] widen(byte[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
