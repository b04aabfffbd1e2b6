package dev.prunus.core.view;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;

/**
 * The units of one layer's weights as a grid for a heat map: one row per output channel, one column per unit
 * (a filterlet, i.e. one kernel tap over all input channels, for convolutions; a block of {@link #FC_BLOCK} inputs
 * for fully connected layers). A cell holds the unit's importance, its mean absolute real weight scaled to the
 * layer's largest (0..1), and whether it is kept (any non-zero weight).
 */
public record WeightMap(int operator, String unit, int rows, int cols, double[] importance, boolean[] kept) {

    /** Inputs per unit of a fully connected layer (the block size of its sparse format). */
    public static final int FC_BLOCK = 8;

    public double importance(int row, int col) {
        return importance[row * cols + col];
    }

    public boolean kept(int row, int col) {
        return kept[row * cols + col];
    }

    /** Fraction of units kept. */
    public double keptFraction() {
        int n = 0;
        for (boolean k : kept) {
            n += k ? 1 : 0;
        }
        return kept.length == 0 ? 1 : (double) n / kept.length;
    }

    /** The map of an operator's weights, or null when it has none (or they are not int8 constants). */
    public static WeightMap of(Graph g, int operatorIndex) {
        if (operatorIndex < 0 || operatorIndex >= g.operators().size()) {
            return null;
        }
        Operator op = g.operator(operatorIndex);
        Tensor w = op.inputCount() > 1 ? op.input(g, 1) : null;
        if (w == null || !w.isConstant() || w.byteSize() != w.elementCount()) {
            return null;
        }
        byte[] data = w.data();
        int[] s = w.shape();
        int rows;
        int cols;
        int per;
        String unit;
        if (op.type() == OpType.CONV_2D && s.length == 4) {
            rows = s[0];
            cols = s[1] * s[2];
            per = s[3];
            unit = "filterlet";
        } else if (op.type() == OpType.DEPTHWISE_CONV_2D && s.length == 4) {
            rows = s[3];
            cols = s[1] * s[2];
            per = 1;
            unit = "tap";
        } else if (op.type() == OpType.FULLY_CONNECTED && s.length == 2) {
            rows = s[0];
            cols = (s[1] + FC_BLOCK - 1) / FC_BLOCK;
            per = FC_BLOCK;
            unit = "block of " + FC_BLOCK;
        } else {
            return null;
        }
        double[] imp = new double[rows * cols];
        boolean[] kept = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double sum = 0;
                int n = 0;
                boolean any = false;
                for (int k = 0; k < per; k++) {
                    int i = index(op.type(), s, r, c, k);
                    if (i < 0) {
                        continue;
                    }
                    int q = data[i];
                    sum += Math.abs(q) * scale(w, op.type(), r);
                    any |= q != 0;
                    n++;
                }
                imp[r * cols + c] = n == 0 ? 0 : sum / n;
                kept[r * cols + c] = any;
            }
        }
        double max = 0;
        for (double v : imp) {
            max = Math.max(max, v);
        }
        for (int i = 0; i < imp.length && max > 0; i++) {
            imp[i] /= max;
        }
        return new WeightMap(operatorIndex, unit, rows, cols, imp, kept);
    }

    /** Flat index of weight k of unit (r, c), or -1 past the end of a partial block. */
    private static int index(OpType type, int[] s, int r, int c, int k) {
        switch (type) {
            case CONV_2D:
                return (r * s[1] * s[2] + c) * s[3] + k;
            case DEPTHWISE_CONV_2D:
                return c * s[3] + r;
            default:
                int in = c * FC_BLOCK + k;
                return in < s[1] ? r * s[1] + in : -1;
        }
    }

    private static double scale(Tensor w, OpType type, int row) {
        var q = w.quantization();
        if (!q.isQuantized()) {
            return 1;
        }
        return q.perChannel() && row < q.channelCount() ? q.scale(row) : q.scale(0);
    }
}
