package dev.prunus.core.quantize.floatops;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Tensor;

/** Float CONV_2D (NHWC input, OHWI filter, optional bias, fused activation), as TFLite's reference kernel. */
public final class ConvFloat {

    private ConvFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        OpOptions.Conv2DOptions opt = o.options(OpOptions.Conv2DOptions.class);
        Tensor in = o.activationInput(0);
        Tensor filter = o.input(1);
        Tensor out = o.output(0);
        o.expectRank(in, 4);
        o.expectRank(filter, 4);
        int[] is = in.shape();
        int[] fs = filter.shape();
        if (fs[3] != is[3]) {
            throw o.fail("filter " + filter + " has " + fs[3] + " input channels but the input has " + is[3]
                    + " (grouped convolution is not supported)");
        }
        ConvGeometry g = ConvGeometry.of(opt.padding(), is[0], is[1], is[2], is[3], fs[0], fs[1], fs[2], opt.strideH(),
                opt.strideW(), opt.dilationH(), opt.dilationW());
        o.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        float[] w = o.constantFloats(1);
        float[] bias = o.hasInput(2) ? o.constantFloats(2) : new float[g.outC()];
        float[] act = o.activationBounds(opt.activation());
        int x = in.index();
        int y = out.index();
        return v -> run(g, v[x], w, bias, act[0], act[1], v[y]);
    }

    static void run(ConvGeometry g, float[] in, float[] w, float[] bias, float lo, float hi, float[] out) {
        int inC = g.inC();
        int kh = g.filterH();
        int kw = g.filterW();
        int at = 0;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int x0 = ox * g.strideW() - g.padW();
                    for (int oc = 0; oc < g.outC(); oc++) {
                        float sum = 0f;
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
                                int wa = ((oc * kh + fy) * kw + fx) * inC;
                                for (int c = 0; c < inC; c++) {
                                    sum += in[ia + c] * w[wa + c];
                                }
                            }
                        }
                        out[at++] = FloatOperands.clamp(sum + bias[oc], lo, hi);
                    }
                }
            }
        }
    }
}
