package dev.prunus.core.quantize.floatops;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Tensor;

/** Float DEPTHWISE_CONV_2D (filter [1, H, W, Cin x multiplier]), as TFLite's reference kernel. */
public final class DepthwiseConvFloat {

    private DepthwiseConvFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        OpOptions.DepthwiseConv2DOptions opt = o.options(OpOptions.DepthwiseConv2DOptions.class);
        Tensor in = o.activationInput(0);
        Tensor filter = o.input(1);
        Tensor out = o.output(0);
        o.expectRank(in, 4);
        o.expectRank(filter, 4);
        int[] is = in.shape();
        int[] fs = filter.shape();
        int outC = fs[3];
        if (fs[0] != 1 || outC % is[3] != 0) {
            throw o.fail("depthwise filter " + filter + " must be [1, H, W, Cin x multiplier] for " + is[3]
                    + " input channels");
        }
        int mult = outC / is[3];
        ConvGeometry g = ConvGeometry.of(opt.padding(), is[0], is[1], is[2], is[3], outC, fs[1], fs[2], opt.strideH(),
                opt.strideW(), opt.dilationH(), opt.dilationW());
        o.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        float[] w = o.constantFloats(1);
        float[] bias = o.hasInput(2) ? o.constantFloats(2) : new float[outC];
        float[] act = o.activationBounds(opt.activation());
        int x = in.index();
        int y = out.index();
        return v -> run(g, mult, v[x], w, bias, act[0], act[1], v[y]);
    }

    static void run(ConvGeometry g, int mult, float[] in, float[] w, float[] bias, float lo, float hi, float[] out) {
        int inC = g.inC();
        int outC = g.outC();
        int kh = g.filterH();
        int kw = g.filterW();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int x0 = ox * g.strideW() - g.padW();
                    int oa = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    for (int oc = 0; oc < outC; oc++) {
                        out[oa + oc] = 0f;
                    }
                    for (int fy = 0; fy < kh; fy++) {
                        int iy = y0 + fy * g.dilationH();
                        if (iy < 0 || iy >= g.inH()) {
                            continue;
                        }
                        for (int fx = 0; fx < kw; fx++) {
                            int ix = x0 + fx * g.dilationW();
                            if (ix < 0 || ix >= g.inW()) {
                                continue;
                            }
                            int ia = ((b * g.inH() + iy) * g.inW() + ix) * inC;
                            int wa = (fy * kw + fx) * outC;
                            for (int oc = 0; oc < outC; oc++) {
                                out[oa + oc] += in[ia + oc / mult] * w[wa + oc];
                            }
                        }
                    }
                    for (int oc = 0; oc < outC; oc++) {
                        out[oa + oc] = FloatOperands.clamp(out[oa + oc] + bias[oc], lo, hi);
                    }
                }
            }
        }
    }
}
