package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * What of a graph can be pruned: its weight layers (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED with constant
 * int8 weights) and its <em>channel spaces</em>.
 *
 * <p>A channel space is a set of activation tensors that share one channel indexing: tensors joined by operators
 * that pass channels through unchanged (pools, ReLU, PAD, spatial MEAN, RESHAPE keeping the last axis, depthwise
 * convolution with multiplier 1) and by ADD (both addends and the sum must keep the same channel set). Removing
 * channel {@code c} of a space removes filter {@code c} of every CONV_2D / FULLY_CONNECTED that writes a tensor of
 * the space (its <em>sources</em>), channel {@code c} of every depthwise convolution inside it, and input channel
 * {@code c} of every convolution or fully connected layer that reads it (its <em>sinks</em>; a FULLY_CONNECTED
 * behind a flattening RESHAPE loses every input feature {@code i} with {@code i % C == c}). A space is frozen
 * (not prunable) when any tensor of it is a graph input or output, is read or written by an operator that does not
 * pass channels through (CONCATENATION, SOFTMAX, MUL, LSTM, ...), or has a producer other than the operators above.
 */
final class PrunableGraph {

    /** One weight layer. {@code outSpace}/{@code inSpace} are space ids or -1. */
    static final class Layer {
        final int op;
        final OpType type;
        final int input;
        final int weights;
        final int bias;
        final int output;
        /** Output channels (rows) of the weight tensor; channels for depthwise. */
        final int cout;
        final int kh;
        final int kw;
        /** Input channels per tap (conv), input features (FC), 1 for depthwise. */
        final int cin;
        int outSpace = -1;
        int inSpace = -1;
        /** For a FULLY_CONNECTED sink behind a flattening RESHAPE: features per channel position; else 1. */
        int inRepeat = 1;

        Layer(int op, OpType type, int input, int weights, int bias, int output, int cout, int kh, int kw, int cin) {
            this.op = op;
            this.type = type;
            this.input = input;
            this.weights = weights;
            this.bias = bias;
            this.output = output;
            this.cout = cout;
            this.kh = kh;
            this.kw = kw;
            this.cin = cin;
        }

        int weightCount() {
            return type == OpType.DEPTHWISE_CONV_2D ? cout * kh * kw : cout * kh * kw * cin;
        }

        int rowLength() {
            return kh * kw * cin;
        }

        /** Filterlets apply to a CONV_2D with more than one tap. */
        boolean filterletCapable() {
            return type == OpType.CONV_2D && kh * kw > 1;
        }

        /** Cin blocks apply to 1x1 CONV_2D and FULLY_CONNECTED. */
        boolean blockCapable() {
            return (type == OpType.CONV_2D && kh * kw == 1) || type == OpType.FULLY_CONNECTED;
        }

        /** Whether the layer has weights that unit masks can act on (not depthwise). */
        boolean maskable() {
            return type != OpType.DEPTHWISE_CONV_2D;
        }
    }

    /** One channel space. */
    static final class Space {
        final int id;
        final int channels;
        final List<Integer> tensors = new ArrayList<>();
        final List<Integer> sources = new ArrayList<>();
        final List<Integer> depthwise = new ArrayList<>();
        final List<Integer> sinks = new ArrayList<>();
        /** Flattening RESHAPE operators whose input is in this space. */
        final List<Integer> flattens = new ArrayList<>();
        boolean frozen;
        String frozenReason;

        Space(int id, int channels) {
            this.id = id;
            this.channels = channels;
        }

        boolean prunable() {
            return !frozen && !sources.isEmpty();
        }
    }

    final Graph graph;
    final List<Layer> layers;
    final List<Space> spaces;
    /** Layer position by operator index, -1 for other operators. */
    final int[] layerOfOp;
    /** Space id by tensor index, -1 for tensors outside every space. */
    final int[] spaceOfTensor;

    private PrunableGraph(Graph graph, List<Layer> layers, List<Space> spaces, int[] layerOfOp, int[] spaceOfTensor) {
        this.graph = graph;
        this.layers = Collections.unmodifiableList(layers);
        this.spaces = Collections.unmodifiableList(spaces);
        this.layerOfOp = layerOfOp;
        this.spaceOfTensor = spaceOfTensor;
    }

    Layer layerOfOperator(int op) {
        int l = layerOfOp[op];
        return l < 0 ? null : layers.get(l);
    }

    static PrunableGraph of(Graph g) {
        int nt = g.tensors().size();
        int[] parent = new int[nt];
        for (int i = 0; i < nt; i++) {
            parent[i] = i;
        }
        boolean[] frozen = new boolean[nt];
        String[] reason = new String[nt];
        boolean[] flattenOut = new boolean[nt];
        List<Layer> layers = new ArrayList<>();
        int[] layerOfOp = new int[g.operators().size()];
        java.util.Arrays.fill(layerOfOp, -1);

        for (int t : g.inputs()) {
            freeze(frozen, reason, t, "it is a graph input");
        }
        for (int t : g.outputs()) {
            freeze(frozen, reason, t, "it is a graph output");
        }
        for (Operator op : g.operators()) {
            Layer layer = layer(g, op);
            if (layer != null) {
                layerOfOp[op.index()] = layers.size();
                layers.add(layer);
            }
            OpType type = op.type();
            Tensor in0 = activation(g, op, 0);
            Tensor out0 = op.outputCount() > 0 ? op.output(g, 0) : null;
            boolean passThrough = false;
            switch (type) {
                case CONV_2D, FULLY_CONNECTED -> {
                    if (layer == null) {
                        freezeAll(g, op, frozen, reason);
                    }
                    continue;
                }
                case DEPTHWISE_CONV_2D -> passThrough = layer != null && in0 != null && out0 != null
                        && in0.dim(-1) == out0.dim(-1);
                case AVERAGE_POOL_2D, MAX_POOL_2D, RELU, RELU6, LOGISTIC, TANH -> passThrough = sameChannels(in0, out0);
                case PAD -> passThrough = sameChannels(in0, out0) && padKeepsChannels(g, op);
                case MEAN -> passThrough = sameChannels(in0, out0) && meanKeepsChannels(g, op, in0);
                case RESHAPE -> {
                    if (sameChannels(in0, out0)) {
                        passThrough = true;
                    } else if (in0 != null && out0 != null && out0.rank() == 2 && in0.rank() >= 2
                            && in0.elementCount() == out0.elementCount() && out0.dim(0) == 1
                            && in0.dim(-1) > 0 && out0.dim(1) % in0.dim(-1) == 0) {
                        flattenOut[out0.index()] = true;
                        continue;
                    }
                }
                case ADD -> {
                    Tensor in1 = activation(g, op, 1);
                    if (in0 != null && in1 != null && out0 != null
                            && java.util.Arrays.equals(in0.shape(), in1.shape())
                            && java.util.Arrays.equals(in0.shape(), out0.shape())) {
                        union(parent, in0.index(), in1.index());
                        union(parent, in0.index(), out0.index());
                        continue;
                    }
                }
                default -> {
                }
            }
            if (passThrough) {
                union(parent, in0.index(), out0.index());
            } else {
                freezeAll(g, op, frozen, reason);
            }
        }

        // Group tensors into spaces.
        int[] spaceOfTensor = new int[nt];
        java.util.Arrays.fill(spaceOfTensor, -1);
        int[] spaceOfRoot = new int[nt];
        java.util.Arrays.fill(spaceOfRoot, -1);
        List<Space> spaces = new ArrayList<>();
        for (Tensor t : g.tensors()) {
            if (t.isConstant() || t.isVariable() || t.rank() == 0 || t.type() != TensorType.INT8 || flattenOut[t.index()]) {
                continue;
            }
            int root = find(parent, t.index());
            if (spaceOfRoot[root] < 0) {
                spaceOfRoot[root] = spaces.size();
                spaces.add(new Space(spaces.size(), t.dim(-1)));
            }
            Space s = spaces.get(spaceOfRoot[root]);
            s.tensors.add(t.index());
            spaceOfTensor[t.index()] = s.id;
            if (t.dim(-1) != s.channels || t.quantization().perChannel()) {
                s.frozen = true;
                s.frozenReason = "tensor " + t + " does not share the space's " + s.channels + " channels";
            }
            if (frozen[t.index()] && !s.frozen) {
                s.frozen = true;
                s.frozenReason = "tensor " + t.index() + " '" + t.name() + "': " + reason[t.index()];
            }
        }
        // Sources, depthwise members, sinks and flattens.
        for (Operator op : g.operators()) {
            Layer layer = layers.isEmpty() || layerOfOp[op.index()] < 0 ? null : layers.get(layerOfOp[op.index()]);
            if (layer != null) {
                int so = spaceOfTensor[layer.output];
                if (layer.type == OpType.DEPTHWISE_CONV_2D) {
                    if (so >= 0) {
                        spaces.get(so).depthwise.add(op.index());
                        layer.outSpace = so;
                        layer.inSpace = so;
                    }
                    continue;
                }
                if (so >= 0) {
                    spaces.get(so).sources.add(op.index());
                    layer.outSpace = so;
                }
                int in = layer.input;
                int si = spaceOfTensor[in];
                if (si >= 0) {
                    spaces.get(si).sinks.add(op.index());
                    layer.inSpace = si;
                } else if (flattenOut[in] && layer.type == OpType.FULLY_CONNECTED) {
                    Operator reshape = g.producerOf(in).orElse(null);
                    int src = reshape == null ? -1 : reshape.inputIndex(0);
                    int ss = src < 0 ? -1 : spaceOfTensor[src];
                    if (ss >= 0 && g.consumersOf(in).size() == 1 && !g.isGraphOutput(in)) {
                        Space s = spaces.get(ss);
                        s.sinks.add(op.index());
                        s.flattens.add(reshape.index());
                        layer.inSpace = ss;
                        layer.inRepeat = layer.cin / s.channels;
                    } else if (ss >= 0) {
                        spaces.get(ss).frozen = true;
                        spaces.get(ss).frozenReason = "the flattened tensor " + g.tensor(in) + " has other readers";
                    }
                }
            }
        }
        // A flattening RESHAPE whose output is not read by exactly one FC freezes its input space.
        for (Operator op : g.operators()) {
            if (op.type() == OpType.RESHAPE && op.outputCount() > 0 && flattenOut[op.outputIndex(0)]) {
                int ss = spaceOfTensor[op.inputIndex(0)];
                if (ss >= 0 && !spaces.get(ss).flattens.contains(op.index())) {
                    spaces.get(ss).frozen = true;
                    spaces.get(ss).frozenReason = "operator " + op.index() + " (RESHAPE) flattens it for a reader "
                            + "that is not a fully connected layer";
                }
            }
        }
        for (Space s : spaces) {
            if (!s.frozen && s.sources.isEmpty()) {
                s.frozen = true;
                s.frozenReason = "no convolution or fully connected layer writes it";
            }
            if (!s.frozen && s.channels < 2) {
                s.frozen = true;
                s.frozenReason = "it has a single channel";
            }
        }
        return new PrunableGraph(g, layers, spaces, layerOfOp, spaceOfTensor);
    }

    private static Tensor activation(Graph g, Operator op, int i) {
        int t = op.inputIndex(i);
        return t < 0 ? null : g.tensor(t);
    }

    private static boolean sameChannels(Tensor in, Tensor out) {
        return in != null && out != null && in.rank() >= 1 && out.rank() >= 1 && in.dim(-1) == out.dim(-1)
                && in.type() == TensorType.INT8 && out.type() == TensorType.INT8;
    }

    private static boolean padKeepsChannels(Graph g, Operator op) {
        Tensor pads = activation(g, op, 1);
        if (pads == null || !pads.isConstant() || pads.rank() != 2) {
            return false;
        }
        java.nio.ByteBuffer b = pads.dataView();
        int rows = pads.dim(0);
        int last = rows - 1;
        if (pads.type() == TensorType.INT32) {
            return b.getInt(last * 8) == 0 && b.getInt(last * 8 + 4) == 0;
        }
        if (pads.type() == TensorType.INT64) {
            return b.getLong(last * 16) == 0 && b.getLong(last * 16 + 8) == 0;
        }
        return false;
    }

    private static boolean meanKeepsChannels(Graph g, Operator op, Tensor in) {
        Tensor axes = activation(g, op, 1);
        if (axes == null || !axes.isConstant() || axes.type() != TensorType.INT32) {
            return false;
        }
        java.nio.ByteBuffer b = axes.dataView();
        for (int i = 0; i < axes.elementCount(); i++) {
            int a = b.getInt(i * 4);
            if (a < 0) {
                a += in.rank();
            }
            if (a == in.rank() - 1) {
                return false;
            }
        }
        return true;
    }

    private static Layer layer(Graph g, Operator op) {
        OpType type = op.type();
        if (type != OpType.CONV_2D && type != OpType.DEPTHWISE_CONV_2D && type != OpType.FULLY_CONNECTED) {
            return null;
        }
        Tensor in = activation(g, op, 0);
        Tensor w = activation(g, op, 1);
        Tensor out = op.outputCount() > 0 ? op.output(g, 0) : null;
        if (in == null || w == null || out == null || !w.isConstant() || w.type() != TensorType.INT8
                || in.type() != TensorType.INT8 || out.type() != TensorType.INT8 || !w.quantization().isQuantized()) {
            return null;
        }
        for (long zp : w.quantization().zeroPoints()) {
            if (zp != 0) {
                return null;
            }
        }
        int biasIndex = op.inputIndex(2);
        if (biasIndex >= 0 && (!g.tensor(biasIndex).isConstant() || g.tensor(biasIndex).type() != TensorType.INT32)) {
            return null;
        }
        if (type == OpType.FULLY_CONNECTED) {
            if (w.rank() != 2 || op.options() instanceof OpOptions.FullyConnectedOptions o && o.keepNumDims()) {
                return null;
            }
            if (w.quantization().perChannel() && w.quantization().quantizedDimension() != 0) {
                return null;
            }
            return new Layer(op.index(), type, in.index(), w.index(), biasIndex, out.index(), w.dim(0), 1, 1, w.dim(1));
        }
        if (w.rank() != 4 || in.rank() != 4) {
            return null;
        }
        if (type == OpType.CONV_2D) {
            if (w.quantization().perChannel() && w.quantization().quantizedDimension() != 0) {
                return null;
            }
            if (in.dim(3) != w.dim(3)) {
                return null;
            }
            return new Layer(op.index(), type, in.index(), w.index(), biasIndex, out.index(), w.dim(0), w.dim(1),
                    w.dim(2), w.dim(3));
        }
        if (w.dim(0) != 1 || w.dim(3) != in.dim(3)
                || (w.quantization().perChannel() && w.quantization().quantizedDimension() != 3)) {
            return null;
        }
        return new Layer(op.index(), type, in.index(), w.index(), biasIndex, out.index(), w.dim(3), w.dim(1),
                w.dim(2), 1);
    }

    private static void freezeAll(Graph g, Operator op, boolean[] frozen, String[] reason) {
        String why = "operator " + op.index() + " (" + op.displayName() + ") does not pass channels through";
        for (int t : op.inputs()) {
            if (t >= 0) {
                freeze(frozen, reason, t, why);
            }
        }
        for (int t : op.outputs()) {
            freeze(frozen, reason, t, why);
        }
    }

    private static void freeze(boolean[] frozen, String[] reason, int t, String why) {
        if (!frozen[t]) {
            frozen[t] = true;
            reason[t] = why;
        }
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
