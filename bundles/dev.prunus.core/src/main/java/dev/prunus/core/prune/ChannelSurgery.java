package dev.prunus.core.prune;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * Physically removes the channels a {@link Plan} drops: every tensor of the space shrinks along its last axis,
 * source filters (weights, bias, per-channel quantization) and depthwise channels disappear, readers lose the
 * matching input channels (or, behind a flattening RESHAPE, the matching input features, and the RESHAPE's target
 * shape shrinks). Tensor and operator indices do not change.
 */
final class ChannelSurgery {

    private ChannelSurgery() {
    }

    static Model apply(Model model, PrunableGraph pg, Plan plan) {
        Graph g = model.main();
        List<Tensor> t = new ArrayList<>(g.tensors());
        List<Operator> ops = new ArrayList<>(g.operators());
        boolean any = false;
        for (PrunableGraph.Space s : pg.spaces) {
            boolean[] rem = plan.removed[s.id];
            if (rem == null || plan.keptChannels(pg, s.id) == s.channels) {
                continue;
            }
            any = true;
            int[] kept = kept(rem);
            for (int ti : s.tensors) {
                Tensor x = t.get(ti);
                int[] shape = x.shape();
                shape[shape.length - 1] = kept.length;
                t.set(ti, x.withShape(shape));
            }
            for (int op : s.sources) {
                PrunableGraph.Layer l = pg.layerOfOperator(op);
                t.set(l.weights, t.get(l.weights).selectAlong(0, kept));
                if (l.bias >= 0) {
                    t.set(l.bias, t.get(l.bias).selectAlong(0, kept));
                }
            }
            for (int op : s.depthwise) {
                PrunableGraph.Layer l = pg.layerOfOperator(op);
                t.set(l.weights, t.get(l.weights).selectAlong(3, kept));
                if (l.bias >= 0) {
                    t.set(l.bias, t.get(l.bias).selectAlong(0, kept));
                }
            }
            for (int op : s.sinks) {
                PrunableGraph.Layer l = pg.layerOfOperator(op);
                Tensor w = t.get(l.weights);
                if (l.inRepeat > 1 || l.type == dev.prunus.core.ir.OpType.FULLY_CONNECTED) {
                    int[] features = new int[kept.length * l.inRepeat];
                    int k = 0;
                    for (int f = 0; f < l.cin; f++) {
                        if (!rem[f % s.channels]) {
                            features[k++] = f;
                        }
                    }
                    t.set(l.weights, w.selectAlong(1, features));
                } else {
                    t.set(l.weights, w.selectAlong(3, kept));
                }
            }
            for (Operator reshape : g.operators()) {
                // A RESHAPE inside the space (keeping the last axis) must ask for the new channel count.
                if (reshape.type() == dev.prunus.core.ir.OpType.RESHAPE && reshape.outputCount() > 0
                        && pg.spaceOfTensor[reshape.outputIndex(0)] == s.id && !s.flattens.contains(reshape.index())) {
                    ops.set(reshape.index(), withLastDim(ops.get(reshape.index()), t, kept.length));
                }
            }
            for (int op : s.flattens) {
                Operator reshape = ops.get(op);
                int out = reshape.outputIndex(0);
                Tensor o = t.get(out);
                int newLast = o.dim(1) / s.channels * kept.length;
                t.set(out, o.withShape(new int[] {o.dim(0), newLast}));
                if (reshape.options() instanceof OpOptions.ReshapeOptions ro && ro.newShape().length == 2) {
                    int[] ns = ro.newShape();
                    if (ns[1] > 0) {
                        ns[1] = newLast;
                    }
                    ops.set(op, reshape.withOptions(new OpOptions.ReshapeOptions(ns)));
                }
                int shapeInput = reshape.inputIndex(1);
                if (shapeInput >= 0 && t.get(shapeInput).isConstant() && t.get(shapeInput).type() == TensorType.INT32
                        && t.get(shapeInput).elementCount() == 2) {
                    Tensor st = t.get(shapeInput);
                    ByteBuffer b = ByteBuffer.wrap(st.data()).order(ByteOrder.LITTLE_ENDIAN);
                    if (b.getInt(4) > 0) {
                        b.putInt(4, newLast);
                    }
                    t.set(shapeInput, st.withData(b.array()));
                }
            }
        }
        if (!any) {
            return model;
        }
        return model.withMain(new Graph(g.name(), t, ops, g.inputs(), g.outputs()));
    }

    /** The RESHAPE with the last entry of its target shape (options and constant shape input) set to {@code last}. */
    private static Operator withLastDim(Operator reshape, List<Tensor> t, int last) {
        Operator out = reshape;
        if (reshape.options() instanceof OpOptions.ReshapeOptions ro && ro.newShape().length > 0) {
            int[] ns = ro.newShape();
            if (ns[ns.length - 1] > 0) {
                ns[ns.length - 1] = last;
                out = reshape.withOptions(new OpOptions.ReshapeOptions(ns));
            }
        }
        int shapeInput = reshape.inputIndex(1);
        if (shapeInput >= 0 && t.get(shapeInput).isConstant() && t.get(shapeInput).type() == TensorType.INT32
                && t.get(shapeInput).elementCount() > 0) {
            Tensor st = t.get(shapeInput);
            ByteBuffer b = ByteBuffer.wrap(st.data()).order(ByteOrder.LITTLE_ENDIAN);
            int at = 4 * (st.elementCount() - 1);
            if (b.getInt(at) > 0) {
                b.putInt(at, last);
                t.set(shapeInput, st.withData(b.array()));
            }
        }
        return out;
    }

    static int[] kept(boolean[] removed) {
        int n = 0;
        for (boolean r : removed) {
            if (!r) {
                n++;
            }
        }
        int[] k = new int[n];
        int j = 0;
        for (int i = 0; i < removed.length; i++) {
            if (!removed[i]) {
                k[j++] = i;
            }
        }
        return k;
    }
}
