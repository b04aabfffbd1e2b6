package dev.prunus.core.prune;

import java.util.Arrays;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;

/**
 * What is pruned, on the original (unshrunk) model: a unit keep mask per maskable layer and the removed channels
 * per channel space. {@link #masked} realises it by zeroing weights, with the model's shapes unchanged: removing a
 * channel zeroes the source rows and the readers' input columns, which computes exactly what the physically shrunk
 * model computes (see {@link ChannelSurgery}).
 */
final class Plan {

    final boolean[][] keep;
    final boolean[][] removed;

    Plan(PrunableGraph pg) {
        this.keep = new boolean[pg.layers.size()][];
        this.removed = new boolean[pg.spaces.size()][];
    }

    Plan copy() {
        Plan p = new Plan(keep.length, removed.length);
        for (int i = 0; i < keep.length; i++) {
            p.keep[i] = keep[i] == null ? null : keep[i].clone();
        }
        for (int i = 0; i < removed.length; i++) {
            p.removed[i] = removed[i] == null ? null : removed[i].clone();
        }
        return p;
    }

    private Plan(int layers, int spaces) {
        this.keep = new boolean[layers][];
        this.removed = new boolean[spaces][];
    }

    /** The weights of a layer that survive both its unit mask and channel removal (true = kept). */
    boolean[] effective(PrunableGraph pg, int li) {
        PrunableGraph.Layer l = pg.layers.get(li);
        boolean[] e = new boolean[l.weightCount()];
        if (keep[li] != null) {
            System.arraycopy(keep[li], 0, e, 0, e.length);
        } else {
            Arrays.fill(e, true);
        }
        boolean[] outRemoved = l.outSpace >= 0 ? removed[l.outSpace] : null;
        boolean[] inRemoved = l.inSpace >= 0 && l.maskable() ? removed[l.inSpace] : null;
        if (outRemoved == null && inRemoved == null) {
            return e;
        }
        for (int i = 0; i < e.length; i++) {
            if (!l.maskable()) {
                if (outRemoved != null && outRemoved[i % l.cout]) {
                    e[i] = false;
                }
                continue;
            }
            if (outRemoved != null && outRemoved[Units.rowOf(l, i)]) {
                e[i] = false;
            } else if (inRemoved != null && inRemoved[Units.inOf(l, i) % inRemoved.length]) {
                e[i] = false;
            }
        }
        return e;
    }

    /** Channels a space still has. */
    int keptChannels(PrunableGraph pg, int space) {
        int c = pg.spaces.get(space).channels;
        if (removed[space] == null) {
            return c;
        }
        int k = 0;
        for (boolean r : removed[space]) {
            if (!r) {
                k++;
            }
        }
        return k;
    }

    /** The model with every pruned weight of every maskable layer set to 0 (shapes unchanged). */
    Model masked(Model model, PrunableGraph pg) {
        Graph g = model.main();
        java.util.List<Tensor> tensors = new java.util.ArrayList<>(g.tensors());
        for (int li = 0; li < pg.layers.size(); li++) {
            PrunableGraph.Layer l = pg.layers.get(li);
            if (!l.maskable()) {
                continue;
            }
            boolean[] e = effective(pg, li);
            Tensor w = tensors.get(l.weights);
            byte[] q = w.data();
            boolean changed = false;
            for (int i = 0; i < q.length; i++) {
                if (!e[i] && q[i] != 0) {
                    q[i] = 0;
                    changed = true;
                }
            }
            if (changed) {
                tensors.set(l.weights, w.withData(q));
            }
        }
        return model.withMain(g.withTensors(tensors));
    }
}
