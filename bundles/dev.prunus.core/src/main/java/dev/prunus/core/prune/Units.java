package dev.prunus.core.prune;

import java.util.Arrays;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.SparsePacker;

/**
 * Pruning units of a layer and the masks they give. Every mask is over the layer's dense weight tensor in
 * TFLite's layout (OHWI for CONV_2D, [out][in] for FULLY_CONNECTED), {@code true} = kept.
 * <ul>
 * <li>{@link Kind#FILTERLET}: the Cin weights at one tap {@code (kh, kw)} of one filter of a KxK conv, K &gt; 1
 *     (contiguous in OHWI);</li>
 * <li>{@link Kind#BLOCK}: {@code B} consecutive weights along Cin of one row of a 1x1 conv or FC, B in {4, 8}
 *     (the last block of a row is partial when Cin is not a multiple of B);</li>
 * <li>{@link Kind#WEIGHT}: one weight (unstructured, a comparison point only: stored dense).</li>
 * </ul>
 * Whole output channels are not units of one layer: they belong to a channel space (see {@link PrunableGraph}).
 */
final class Units {

    enum Kind {
        FILTERLET, BLOCK, WEIGHT
    }

    private Units() {
    }

    /** Number of units of this kind in the layer (0 when the kind does not apply). */
    static int count(PrunableGraph.Layer l, Kind kind, int block) {
        return switch (kind) {
            case FILTERLET -> l.filterletCapable() ? l.cout * l.kh * l.kw : 0;
            case BLOCK -> l.blockCapable() ? l.cout * blocksPerRow(l, block) : 0;
            case WEIGHT -> l.maskable() ? l.weightCount() : 0;
        };
    }

    static int blocksPerRow(PrunableGraph.Layer l, int block) {
        return (l.cin + block - 1) / block;
    }

    /** The weight index range [from, to) of unit {@code u}. */
    static int from(PrunableGraph.Layer l, Kind kind, int block, int u) {
        return switch (kind) {
            case FILTERLET -> u * l.cin;
            case BLOCK -> {
                int nb = blocksPerRow(l, block);
                yield (u / nb) * l.cin + (u % nb) * block;
            }
            case WEIGHT -> u;
        };
    }

    static int to(PrunableGraph.Layer l, Kind kind, int block, int u) {
        return switch (kind) {
            case FILTERLET -> (u + 1) * l.cin;
            case BLOCK -> {
                int nb = blocksPerRow(l, block);
                int row = u / nb;
                yield Math.min(row * l.cin + (u % nb + 1) * block, (row + 1) * l.cin);
            }
            case WEIGHT -> u + 1;
        };
    }

    /** Output row of the weight at flat index {@code i}. */
    static int rowOf(PrunableGraph.Layer l, int i) {
        return i / l.rowLength();
    }

    /** Input channel (conv) or input feature (FC) of the weight at flat index {@code i}. */
    static int inOf(PrunableGraph.Layer l, int i) {
        return i % l.cin;
    }

    /**
     * Keeps all but the {@code round(ratio * live)} lowest-scored live units, where live units are those with at
     * least one weight still allowed by {@code allowed} (channel removal already took the others). Ties go to the
     * lower unit index, so the result is deterministic.
     *
     * @param scores  one score per unit
     * @param allowed weights not already removed by channel pruning, or null for all
     * @return the keep mask (a weight is kept when its unit is kept and it is allowed)
     */
    static boolean[] mask(PrunableGraph.Layer l, Kind kind, int block, double[] scores, double ratio, boolean[] allowed) {
        int n = count(l, kind, block);
        boolean[] keep = new boolean[l.weightCount()];
        if (allowed == null) {
            Arrays.fill(keep, true);
        } else {
            System.arraycopy(allowed, 0, keep, 0, keep.length);
        }
        if (n == 0 || ratio <= 0) {
            return keep;
        }
        if (kind == Kind.FILTERLET) {
            int group = filterletGroup(l.cin, l.kh * l.kw, liveRows(l, keep).length, ratio);
            if (group > 1) {
                return groupedFilterlets(l, scores, ratio, keep, group);
            }
        }
        Integer[] live = new Integer[n];
        int m = 0;
        for (int u = 0; u < n; u++) {
            int a = from(l, kind, block, u);
            int b = to(l, kind, block, u);
            boolean any = false;
            for (int i = a; i < b && !any; i++) {
                any = keep[i];
            }
            if (any) {
                live[m++] = u;
            }
        }
        Integer[] order = Arrays.copyOf(live, m);
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(scores[x], scores[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int drop = (int) Math.round(Math.min(1.0, ratio) * m);
        for (int k = 0; k < drop; k++) {
            int u = order[k];
            Arrays.fill(keep, from(l, kind, block, u), to(l, kind, block, u), false);
        }
        return keep;
    }

    /** Largest share of the kept weight bytes a filterlet layer's index may take (issue target: 3% for Cin >= 16). */
    static final double INDEX_SHARE = 0.03;

    /**
     * Output channels per shared tap mask for a filterlet layer pruned at {@code ratio}: 1 (a mask per channel)
     * unless that index would exceed {@link #INDEX_SHARE} of the kept weight bytes, then the smallest power of two
     * that brings it within (at most 32). Below Cin 16 a filterlet is too short for any mask to stay under 3%, and
     * coarser groups would only cost accuracy, so those layers keep one mask per channel.
     */
    static int filterletGroup(int cin, int taps, int channels, double ratio) {
        if (cin < 16 || channels <= 1) {
            return 1;
        }
        double keptBytes = (1.0 - ratio) * channels * taps * cin;
        int g = 1;
        while (g < 32 && g < channels && SparsePacker.filterletIndexBytes(channels, taps, g) > INDEX_SHARE * keptBytes) {
            g *= 2;
        }
        return g;
    }

    /** Output rows with at least one weight still allowed (channel pruning removes the others), in order. */
    private static int[] liveRows(PrunableGraph.Layer l, boolean[] keep) {
        int n = l.rowLength();
        int[] rows = new int[l.cout];
        int m = 0;
        for (int o = 0; o < l.cout; o++) {
            for (int i = o * n; i < (o + 1) * n; i++) {
                if (keep[i]) {
                    rows[m++] = o;
                    break;
                }
            }
        }
        return Arrays.copyOf(rows, m);
    }

    /**
     * Filterlet pruning with one tap mask per group of {@code group} consecutive live channels (consecutive after
     * channel removal, as the packer sees them): a unit is one tap of a whole group, scored by the sum of its
     * members' scores.
     */
    private static boolean[] groupedFilterlets(PrunableGraph.Layer l, double[] scores, double ratio, boolean[] keep,
            int group) {
        int taps = l.kh * l.kw;
        int[] rows = liveRows(l, keep);
        int groups = (rows.length + group - 1) / group;
        double[] gs = new double[groups * taps];
        for (int k = 0; k < rows.length; k++) {
            for (int t = 0; t < taps; t++) {
                gs[(k / group) * taps + t] += scores[rows[k] * taps + t];
            }
        }
        Integer[] order = new Integer[gs.length];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(gs[x], gs[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int drop = (int) Math.round(Math.min(1.0, ratio) * order.length);
        for (int k = 0; k < drop; k++) {
            int g = order[k] / taps;
            int t = order[k] % taps;
            for (int r = g * group; r < Math.min(rows.length, (g + 1) * group); r++) {
                int u = rows[r] * taps + t;
                Arrays.fill(keep, u * l.cin, (u + 1) * l.cin, false);
            }
        }
        return keep;
    }

    /** Real-valued weights {@code scale[o] * q} of a layer, flat in the tensor's layout. */
    static double[] realWeights(Graph g, PrunableGraph.Layer l) {
        Tensor w = g.tensor(l.weights);
        byte[] q = w.data();
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            int ch = l.type == dev.prunus.core.ir.OpType.DEPTHWISE_CONV_2D ? i % l.cout : i / l.rowLength();
            r[i] = w.quantization().scale(ch) * (q[i] - w.quantization().zeroPoint(ch));
        }
        return r;
    }
}
