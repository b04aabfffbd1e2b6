package dev.prunus.core.prune;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;

/**
 * The receptive fields ("patches") a conv or FC layer multiplies with one weight row, in real units
 * ({@code scale * (q - zeroPoint)}; padding contributes 0, as in TFLite). Patch element {@code j} pairs with
 * weight {@code j} of a row in the tensor's layout ((kh, kw, cin) for conv, features for FC).
 */
final class Patches {

    final PrunableGraph.Layer layer;
    final int positions;
    final int length;
    private final ConvGeometry geo;
    private final double scale;
    private final int zeroPoint;

    Patches(Graph g, PrunableGraph.Layer l) {
        this.layer = l;
        Tensor in = g.tensor(l.input);
        Tensor out = g.tensor(l.output);
        this.scale = in.quantization().scale(0);
        this.zeroPoint = (int) in.quantization().zeroPoint(0);
        Operator op = g.operator(l.op);
        if (l.type == OpType.FULLY_CONNECTED) {
            this.geo = null;
            this.positions = in.elementCount() / l.cin;
            this.length = l.cin;
        } else {
            OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
            this.geo = ConvGeometry.of(o.padding(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), out.dim(3), l.kh, l.kw,
                    o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
            this.positions = geo.batches() * geo.outH() * geo.outW();
            this.length = l.kh * l.kw * l.cin;
        }
    }

    /** Fills {@code dst[0..length)} with the patch of output position {@code pos} from an input tensor's bytes. */
    void patch(byte[] input, int pos, double[] dst) {
        if (geo == null) {
            int base = pos * length;
            for (int j = 0; j < length; j++) {
                dst[j] = scale * (input[base + j] - zeroPoint);
            }
            return;
        }
        int perImage = geo.outH() * geo.outW();
        int b = pos / perImage;
        int oy = (pos % perImage) / geo.outW();
        int ox = pos % geo.outW();
        int cin = geo.inC();
        int j = 0;
        for (int ky = 0; ky < geo.filterH(); ky++) {
            int y = oy * geo.strideH() - geo.padH() + ky * geo.dilationH();
            for (int kx = 0; kx < geo.filterW(); kx++) {
                int x = ox * geo.strideW() - geo.padW() + kx * geo.dilationW();
                if (y < 0 || y >= geo.inH() || x < 0 || x >= geo.inW()) {
                    java.util.Arrays.fill(dst, j, j + cin, 0.0);
                } else {
                    int base = ((b * geo.inH() + y) * geo.inW() + x) * cin;
                    for (int c = 0; c < cin; c++) {
                        dst[j + c] = scale * (input[base + c] - zeroPoint);
                    }
                }
                j += cin;
            }
        }
    }

    /** Up to {@code max} evenly spread positions, deterministic (the same for every record). */
    int[] sample(int max) {
        int n = Math.min(max, positions);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = (int) (((long) i * positions + positions / (2L * n)) / n);
        }
        return p;
    }
}
