package dev.prunus.core.quantize.floatops;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Tensor;

/** Float AVERAGE_POOL_2D (mean over the taps inside the image) and MAX_POOL_2D, as TFLite's reference kernels. */
public final class PoolFloat {

    private PoolFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        OpOptions.Pool2DOptions opt = o.options(OpOptions.Pool2DOptions.class);
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        o.expectRank(in, 4);
        int[] is = in.shape();
        ConvGeometry g = ConvGeometry.of(opt.padding(), is[0], is[1], is[2], is[3], is[3], opt.filterHeight(),
                opt.filterWidth(), opt.strideH(), opt.strideW(), 1, 1);
        o.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        float[] act = o.activationBounds(opt.activation());
        boolean average = o.op().type() == OpType.AVERAGE_POOL_2D;
        int x = in.index();
        int y = out.index();
        return v -> run(g, average, v[x], act[0], act[1], v[y]);
    }

    static void run(ConvGeometry g, boolean average, float[] in, float lo, float hi, float[] out) {
        int c = g.inC();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int x0 = ox * g.strideW() - g.padW();
                    int yStart = Math.max(0, y0);
                    int yEnd = Math.min(g.inH(), y0 + g.filterH());
                    int xStart = Math.max(0, x0);
                    int xEnd = Math.min(g.inW(), x0 + g.filterW());
                    int count = (yEnd - yStart) * (xEnd - xStart);
                    int oa = ((b * g.outH() + oy) * g.outW() + ox) * c;
                    for (int ch = 0; ch < c; ch++) {
                        float acc = average ? 0f : Float.NEGATIVE_INFINITY;
                        for (int iy = yStart; iy < yEnd; iy++) {
                            for (int ix = xStart; ix < xEnd; ix++) {
                                float val = in[((b * g.inH() + iy) * g.inW() + ix) * c + ch];
                                acc = average ? acc + val : Math.max(acc, val);
                            }
                        }
                        out[oa + ch] = FloatOperands.clamp(average ? acc / count : acc, lo, hi);
                    }
                }
            }
        }
    }
}
