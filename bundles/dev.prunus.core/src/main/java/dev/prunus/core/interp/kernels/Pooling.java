package dev.prunus.core.interp.kernels;

/**
 * int8 AVERAGE_POOL_2D and MAX_POOL_2D, as TFLM's reference_integer_ops::AveragePool / MaxPool: the window is
 * cut to the image (padding is never counted); the average divides the int32 sum by the number of taps inside,
 * rounding half away from zero; both clamp to the activation range.
 */
public final class Pooling {

    private Pooling() {
    }

    /** Average pool over NHWC int8 ({@code g.inC() == g.outC()}, dilation 1). */
    public static void averagePool(ConvGeometry g, int actMin, int actMax, byte[] input, byte[] output) {
        pool(g, true, actMin, actMax, input, output);
    }

    /** Max pool over NHWC int8. */
    public static void maxPool(ConvGeometry g, int actMin, int actMax, byte[] input, byte[] output) {
        pool(g, false, actMin, actMax, input, output);
    }

    /** Both pools share the window walk (cut to the image); only the reduction differs. */
    private static void pool(ConvGeometry g, boolean average, int actMin, int actMax, byte[] input, byte[] output) {
        final int depth = g.outC();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    final int iy0 = oy * g.strideH() - g.padH();
                    final int ix0 = ox * g.strideW() - g.padW();
                    final int fyStart = Math.max(0, -iy0);
                    final int fyEnd = Math.min(g.filterH(), g.inH() - iy0);
                    final int fxStart = Math.max(0, -ix0);
                    final int fxEnd = Math.min(g.filterW(), g.inW() - ix0);
                    for (int c = 0; c < depth; c++) {
                        int acc = average ? 0 : Byte.MIN_VALUE;
                        int count = 0;
                        for (int fy = fyStart; fy < fyEnd; fy++) {
                            for (int fx = fxStart; fx < fxEnd; fx++) {
                                int v = input[(((b * g.inH()) + iy0 + fy) * g.inW() + ix0 + fx) * depth + c];
                                acc = average ? acc + v : Math.max(acc, v);
                                count++;
                            }
                        }
                        if (average) {
                            if (count == 0) {
                                throw new IllegalStateException("average pool window at (" + oy + ", " + ox
                                        + ") covers no input element");
                            }
                            acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                        }
                        acc = Math.max(acc, actMin);
                        acc = Math.min(acc, actMax);
                        output[((b * g.outH() + oy) * g.outW() + ox) * depth + c] = (byte) acc;
                    }
                }
            }
        }
    }
}
