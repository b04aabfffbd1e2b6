package dev.prunus.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.FloatLayers;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.quant.WeightQuantizer;

/**
 * The float32 training graph of an int8 model: one node per operator, batched NHWC activations (one sample after
 * the other; the IR's batch dimension of 1 becomes the batch), weights dequantized with their per-channel scales.
 * Convolutions run as im2col + {@link Gemm} on chunks of output positions; every node has a backward pass.
 * With fake quantization, each int8 activation is rounded to its range group's grid and clamped to the int8 /
 * fused-activation range as the int8 kernels do (straight-through backward: gradient 1 inside, 0 where clamped).
 * The network holds parameters and ranges shared by all threads; each thread brings a {@link Workspace}.
 */
final class Network {

    /** Operators the engine models: those whose catalogue definition names a layer ({@link Layers}). */
    static final Set<OpType> SUPPORTED = OperatorCatalogue.FLOAT_LAYERS;

    /** 1.5 * 2^23: float addition of it rounds to an integer. */
    private static final float ROUNDER = 12582912f;

    /** Floats of one im2col chunk (positions x taps): about 512 KB, so a chunk stays in L2 while GEMM reuses it. */
    private static final int CHUNK_FLOATS = 128 * 1024;

    final Graph graph;
    final List<Param> params = new ArrayList<>();
    final List<RangeGroup> groups = new ArrayList<>();
    /** Per tensor: elements per sample of an activation, 0 for constants and unused tensors. */
    final int[] perSample;
    /** Per tensor: the tensor whose buffers it shares (itself unless a RESHAPE output). */
    final int[] alias;
    /** Per tensor: its range group, or null (float tensors, constants). */
    final RangeGroup[] groupOf;
    final int input;
    /** The tensor losses read: the input of a final SOFTMAX (the logits), else the graph output. */
    final int logits;
    final int output;
    /** Whether {@link #logits} feeds a final SOFTMAX (a classifier). */
    final boolean classifier;
    private final List<Node> nodes = new ArrayList<>();
    /** Nodes up to the producer of {@link #logits}. */
    final int trainNodes;
    private final Map<Integer, Param> paramByTensor = new HashMap<>();
    private boolean fakeQuant = true;

    /** @throws TrainingException naming the first operator or tensor the engine cannot model */
    Network(Model model) {
        this.graph = model.main();
        int n = graph.tensors().size();
        if (graph.inputs().length != 1 || graph.outputs().length != 1) {
            throw new TrainingException("training needs a model with one input and one output; this one has "
                    + graph.inputs().length + " inputs and " + graph.outputs().length + " outputs");
        }
        input = graph.inputs()[0];
        output = graph.outputs()[0];
        perSample = new int[n];
        alias = new int[n];
        for (int t = 0; t < n; t++) {
            alias[t] = t;
        }
        Tensor in = graph.tensor(input);
        if (in.rank() > 0 && in.dim(0) != 1) {
            throw new TrainingException("the model's input " + in + " has batch " + in.dim(0)
                    + "; training needs a model with batch 1 (the engine batches itself)");
        }
        perSample[input] = in.elementCount();
        groupOf = new RangeGroup[n];
        int[] parent = new int[n];
        for (int t = 0; t < n; t++) {
            parent[t] = t;
        }
        for (Operator op : graph.operators()) {
            if (!SUPPORTED.contains(op.type())) {
                throw new TrainingException("training supports " + supportedList() + "; operator "
                        + op.displayName() + " at index " + op.index() + " is not supported");
            }
            for (int t : op.outputs()) {
                perSample[t] = graph.tensor(t).elementCount();
            }
            switch (op.type()) {
                case RESHAPE, SQUEEZE, EXPAND_DIMS, AVERAGE_POOL_2D, MAX_POOL_2D, PAD -> union(parent, op.inputIndex(0), op.outputIndex(0));
                case CONCATENATION -> {
                    for (int t : op.inputs()) {
                        union(parent, t, op.outputIndex(0));
                    }
                }
                default -> {
                }
            }
        }
        // One range group per set of tied int8 activations, starting at the model's quantization.
        Map<Integer, RangeGroup> byRoot = new HashMap<>();
        for (int t = 0; t < n; t++) {
            Tensor tensor = graph.tensor(t);
            if (perSample[t] == 0 || tensor.type() != TensorType.INT8) {
                continue;
            }
            Quantization q = tensor.quantization();
            if (!q.isQuantized() || q.perChannel()) {
                throw new TrainingException("activation " + tensor + " needs one int8 scale and zero point");
            }
            int root = find(parent, t);
            RangeGroup g = byRoot.get(root);
            if (g == null) {
                Quantization rq = graph.tensor(root).quantization();
                g = new RangeGroup(groups.size(), rq.scale(0), (int) rq.zeroPoint(0));
                groups.add(g);
                byRoot.put(root, g);
            }
            groupOf[t] = g;
        }
        if (groupOf[input] != null) {
            groupOf[input].fixed = true; // the data's own domain
        }
        for (Operator op : graph.operators()) {
            nodes.add(node(op));
        }
        int producer = graph.producerOf(output).map(Operator::index).orElse(-1);
        if (producer < 0) {
            throw new TrainingException("the model's output " + graph.tensor(output) + " is not computed by any operator");
        }
        if (graph.operator(producer).type() == OpType.SOFTMAX) {
            logits = graph.operator(producer).inputIndex(0);
            classifier = true;
        } else {
            logits = output;
            classifier = false;
        }
        trainNodes = logits == input ? 0 : graph.producerOf(logits).map(Operator::index).orElse(-1) + 1;
    }

    private static int find(int[] parent, int t) {
        while (parent[t] != t) {
            parent[t] = parent[parent[t]];
            t = parent[t];
        }
        return t;
    }

    private static void union(int[] parent, int a, int b) {
        if (a >= 0 && b >= 0) {
            parent[find(parent, a)] = find(parent, b);
        }
    }

    static String supportedList() {
        return SUPPORTED.stream().map(Enum::name).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    int nodeCount() {
        return nodes.size();
    }

    Param param(int tensor) {
        return paramByTensor.get(tensor);
    }

    Workspace workspace(int capacity) {
        return new Workspace(this, capacity);
    }

    // ------------------------------------------------------------------------------------------ building nodes
    private TrainingException cannotModel(Operator op, String why) {
        return new TrainingException("training cannot model operator " + op.index() + " (" + op.displayName() + "): "
                + why);
    }

    private int activation(Operator op, int i) {
        int t = op.inputIndex(i);
        if (t < 0) {
            throw cannotModel(op, "input " + i + " is absent");
        }
        if (perSample[t] == 0) {
            throw cannotModel(op, "input " + i + " " + graph.tensor(t)
                    + " is a constant or is never computed; only computed activations are supported there");
        }
        return t;
    }

    private int weights(Operator op, int rowCount, int cols) {
        Tensor w = op.input(graph, 1);
        if (w == null || !w.isConstant() || w.type() != TensorType.INT8 || !w.quantization().isQuantized()) {
            throw cannotModel(op, "needs constant int8 quantized weights; its weights are "
                    + (w == null ? "absent" : w.toString()));
        }
        Param p = paramByTensor.get(w.index());
        if (p == null) {
            double[] d = WeightQuantizer.dequantizeInt8(w.data(), w.shape(), w.quantization());
            p = new Param(w, false, toFloat(d), rowCount, cols, w.quantization());
            add(p);
        }
        return params.indexOf(p);
    }

    private int bias(Operator op, int count) {
        Tensor b = op.input(graph, 2);
        if (b == null) {
            return -1;
        }
        if (!b.isConstant() || b.type() != TensorType.INT32 || !b.quantization().isQuantized()
                || b.elementCount() != count) {
            throw cannotModel(op, "needs a constant int32 quantized bias of " + count + " values; its bias is " + b);
        }
        Param p = paramByTensor.get(b.index());
        if (p == null) {
            // Dequantized in double from the stored codes: re-quantizing an untrained bias gives its codes back.
            double[] d = WeightQuantizer.dequantizeInt32(b.data(), b.quantization());
            p = new Param(b, true, toFloat(d), 1, count, b.quantization());
            add(p);
        }
        return params.indexOf(p);
    }

    private void add(Param p) {
        params.add(p);
        paramByTensor.put(p.tensor, p);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private Node node(Operator op) {
        return OperatorCatalogue.floatLayer(new Layers(), op);
    }

    /** The engine's layer for each kind of operator, picked by the operator's catalogue definition. */
    private final class Layers implements FloatLayers<Node> {

        @Override
        public Node convolution(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
            Tensor in = graph.tensor(activation(op, 0));
            Tensor w = op.input(graph, 1);
            if (in.rank() != 4 || w == null || w.rank() != 4 || w.dim(3) != in.dim(3)) {
                throw cannotModel(op, "needs a [1,H,W,C] input and [O,KH,KW,C] weights");
            }
            ConvGeometry g = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), w.dim(0), w.dim(1),
                    w.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
            int wp = weights(op, w.dim(0), w.dim(1) * w.dim(2) * w.dim(3));
            params.get(wp).useTransposed();
            return new Conv(op, in.index(), out, g, wp, bias(op, w.dim(0)), o.activation());
        }

        @Override
        public Node depthwiseConvolution(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
            Tensor in = graph.tensor(activation(op, 0));
            Tensor w = op.input(graph, 1);
            if (in.rank() != 4 || w == null || w.rank() != 4 || w.dim(0) != 1 || w.dim(3) % in.dim(3) != 0) {
                throw cannotModel(op, "needs a [1,H,W,C] input and [1,KH,KW,C*multiplier] weights");
            }
            ConvGeometry g = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), w.dim(3), w.dim(1),
                    w.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
            int wp = weights(op, w.dim(1) * w.dim(2), w.dim(3));
            return new Depthwise(op, in.index(), out, g, wp, bias(op, w.dim(3)), o.activation());
        }

        @Override
        public Node fullyConnected(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.FullyConnectedOptions o = op.options(OpOptions.FullyConnectedOptions.class);
            if (o.weightsFormat() != 0) {
                throw cannotModel(op, "shuffled weights are not supported");
            }
            int in = activation(op, 0);
            Tensor w = op.input(graph, 1);
            if (w == null || w.rank() != 2 || perSample[in] % w.dim(1) != 0
                    || perSample[out] != perSample[in] / w.dim(1) * w.dim(0)) {
                throw cannotModel(op, "input " + graph.tensor(in) + " does not fit weights " + w);
            }
            int wp = weights(op, w.dim(0), w.dim(1));
            params.get(wp).useTransposed();
            return new Fc(op, in, out, perSample[in] / w.dim(1), w.dim(1), w.dim(0), wp, bias(op, w.dim(0)),
                    o.activation());
        }

        @Override
        public Node add(Operator op) {
            int out = op.outputIndex(0);
            int a = activation(op, 0);
            int b = activation(op, 1);
            if (perSample[a] != perSample[out] || perSample[b] != perSample[out]) {
                throw cannotModel(op, "broadcasting ADD is not supported (inputs " + graph.tensor(a) + " and "
                        + graph.tensor(b) + ")");
            }
            return new Add(op, a, b, out, op.options(OpOptions.AddOptions.class).activation());
        }

        @Override
        public Node pooling(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.Pool2DOptions o = op.options(OpOptions.Pool2DOptions.class);
            Tensor in = graph.tensor(activation(op, 0));
            if (in.rank() != 4) {
                throw cannotModel(op, "needs a [1,H,W,C] input");
            }
            ConvGeometry g = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), in.dim(3),
                    o.filterHeight(), o.filterWidth(), o.strideH(), o.strideW(), 1, 1);
            return new Pool(op, in.index(), out, g, op.type() == OpType.MAX_POOL_2D, o.activation());
        }

        @Override
        public Node reshape(Operator op) {
            int out = op.outputIndex(0);
            int in = activation(op, 0);
            if (perSample[in] != perSample[out]) {
                throw cannotModel(op, "input and output sizes differ");
            }
            alias[out] = alias[in]; // the same values in another shape: share the buffers
            return new Identity(op, in, out, null, false);
        }

        @Override
        public Node passThrough(Operator op, Activation clamp) {
            int out = op.outputIndex(0);
            int in = activation(op, 0);
            if (perSample[in] != perSample[out]) {
                throw cannotModel(op, "input and output sizes differ");
            }
            return new Identity(op, in, out, clamp, true);
        }

        @Override
        public Node softmax(Operator op) {
            int out = op.outputIndex(0);
            int in = activation(op, 0);
            if (perSample[in] != perSample[out]) {
                throw cannotModel(op, "input and output sizes differ");
            }
            if (groupOf[out] != null) {
                groupOf[out].fixed = true; // TFLite Micro requires 1/256 and -128
            }
            float beta = op.options() instanceof OpOptions.SoftmaxOptions s ? s.beta() : 1f;
            return new Softmax(op, in, out, graph.tensor(in).dim(-1), beta);
        }

        @Override
        public Node mean(Operator op) {
            return new Mean(op, activation(op, 0), op.outputIndex(0), axes(op));
        }

        @Override
        public Node pad(Operator op) {
            return new Pad(op, activation(op, 0), op.outputIndex(0));
        }

        @Override
        public Node concatenation(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.ConcatenationOptions o = op.options(OpOptions.ConcatenationOptions.class);
            int[] ins = new int[op.inputCount()];
            for (int i = 0; i < ins.length; i++) {
                ins[i] = activation(op, i);
            }
            return new Concat(op, ins, out, o.axis(), o.activation());
        }

        @Override
        public Node unsupported(Operator op) {
            throw cannotModel(op, "not supported");
        }
    }

    private int[] axes(Operator op) {
        Tensor a = op.input(graph, 1);
        if (a == null || !a.isConstant() || a.type() != TensorType.INT32) {
            throw cannotModel(op, "needs constant int32 axes");
        }
        ByteBuffer b = ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN);
        int rank = graph.tensor(op.inputIndex(0)).rank();
        int[] axes = new int[a.elementCount()];
        for (int i = 0; i < axes.length; i++) {
            int x = b.getInt(i * 4);
            axes[i] = x < 0 ? x + rank : x;
            if (axes[i] == 0) {
                throw cannotModel(op, "reducing over the batch axis is not supported");
            }
        }
        return axes;
    }

    // ------------------------------------------------------------------------------------------ running
    /**
     * Refreshes what the forward pass uses after an update or a range change: fake-quantized weights and the
     * output grid of every node.
     */
    void prepare(boolean quantize) {
        this.fakeQuant = quantize;
        for (Param p : params) {
            p.refresh(quantize);
        }
        for (Node node : nodes) {
            node.refreshGrid();
        }
    }

    boolean fakeQuant() {
        return fakeQuant;
    }

    /** Copies {@code n} samples into the input buffer, rounded to the input's int8 grid under fake quantization. */
    void setInput(Workspace ws, float[] x, int n) {
        float[] v = ws.val[input];
        System.arraycopy(x, 0, v, 0, n * perSample[input]);
        RangeGroup g = groupOf[input];
        if (fakeQuant && g != null) {
            float s = g.scale;
            float inv = 1f / s;
            int zp = g.zeroPoint;
            for (int i = 0; i < n * perSample[input]; i++) {
                float q = Math.max(-128f, Math.min(127f, (float) Math.rint(v[i] * inv) + zp));
                v[i] = (q - zp) * s;
            }
        }
    }

    /** Runs the first {@code nodeCount} nodes on {@code n} samples; {@code observe} records activation ranges. */
    void forward(Workspace ws, int n, int nodeCount, boolean observe) {
        for (int k = 0; k < nodeCount; k++) {
            Node node = nodes.get(k);
            node.forward(ws, n);
            node.finish(ws, n, observe);
        }
    }

    /**
     * Backpropagates from {@code dOut} (the loss gradient at the output of node {@code nodeCount - 1}, {@code n}
     * samples) through the first {@code nodeCount} nodes, adding parameter gradients into the workspace.
     */
    void backward(Workspace ws, int n, int nodeCount, float[] dOut) {
        for (int k = 0; k < nodeCount; k++) {
            Node node = nodes.get(k);
            Arrays.fill(ws.grad[node.out], 0, n * perSample[node.out], 0f);
            for (int in : node.ins) {
                Arrays.fill(ws.grad[in], 0, n * perSample[in], 0f);
            }
        }
        int last = nodes.get(nodeCount - 1).out;
        System.arraycopy(dOut, 0, ws.grad[last], 0, n * perSample[last]);
        for (int k = nodeCount - 1; k >= 0; k--) {
            Node node = nodes.get(k);
            node.straightThrough(ws, n);
            node.backward(ws, n);
        }
    }

    /** Nodes up to and including the producer of tensor {@code t}. */
    int nodesUpTo(int t) {
        return graph.producerOf(t).map(Operator::index).orElse(-1) + 1;
    }

    private boolean wantsGrad(Workspace ws, int t) {
        return t != input || ws.inputGrad;
    }

    // ------------------------------------------------------------------------------------------ nodes
    /** One operator: forward and backward on a batch, plus the rounding of its output. */
    private abstract class Node {
        final Operator op;
        final int[] ins;
        final int out;
        /** Output range group (null: no rounding, e.g. a float output or a buffer-sharing RESHAPE). */
        final RangeGroup group;
        /** Fused activation bounds in real values. */
        final float actLo;
        final float actHi;
        final boolean clamps;
        float scale;
        float zeroPoint;
        float qLo;
        float qHi;

        Node(Operator op, int[] ins, int out, Activation act, boolean rounds) {
            this.op = op;
            this.ins = ins;
            this.out = out;
            this.group = rounds ? groupOf[out] : null;
            float lo = Float.NEGATIVE_INFINITY;
            float hi = Float.POSITIVE_INFINITY;
            if (act != null) {
                switch (act) {
                    case NONE -> {
                    }
                    case RELU -> lo = 0;
                    case RELU6 -> {
                        lo = 0;
                        hi = 6;
                    }
                    case RELU_N1_TO_1 -> {
                        lo = -1;
                        hi = 1;
                    }
                    default -> throw cannotModel(op, "fused activation " + act
                            + " is not supported (NONE, RELU, RELU6, RELU_N1_TO_1 are)");
                }
            }
            this.actLo = lo;
            this.actHi = hi;
            this.clamps = act != null && act != Activation.NONE;
        }

        abstract void forward(Workspace ws, int n);

        abstract void backward(Workspace ws, int n);

        void refreshGrid() {
            if (group == null) {
                return;
            }
            scale = group.scale;
            zeroPoint = group.zeroPoint;
            // The int8 kernels clamp to the activation's range in the quantized domain (TFLM's
            // CalculateActivationRangeQuantized), intersected with [-128, 127].
            qLo = Float.isInfinite(actLo) ? -128 : Math.max(-128, zeroPoint + Math.round(actLo / scale));
            qHi = Float.isInfinite(actHi) ? 127 : Math.min(127, zeroPoint + Math.round(actHi / scale));
        }

        /** Fused activation, range observation and rounding of the output, recording the straight-through flags. */
        void finish(Workspace ws, int n, boolean observe) {
            if (group == null && !clamps) {
                return;
            }
            float[] x = ws.val[out];
            byte[] p = ws.pass[out];
            int count = n * perSample[out];
            boolean record = observe && group != null && !group.fixed;
            float mn = record ? ws.observedMin[group.id] : 0;
            float mx = record ? ws.observedMax[group.id] : 0;
            if (fakeQuant && group != null) {
                float inv = 1f / scale;
                float zp = zeroPoint;
                float lo = qLo;
                float hi = qHi;
                float s = scale;
                for (int i = 0; i < count; i++) {
                    float v = x[i];
                    if (record) {
                        float a = Math.max(actLo, Math.min(actHi, v));
                        mn = Math.min(mn, a);
                        mx = Math.max(mx, a);
                    }
                    // Adding and subtracting 1.5 * 2^23 rounds half to even like Math.rint, without a conversion
                    // to double (|v / scale| stays far below 2^22 for any sane range).
                    float q = (v * inv + ROUNDER) - ROUNDER + zp;
                    float c = Math.max(lo, Math.min(hi, q));
                    p[i] = (byte) (c == q ? 1 : 0);
                    x[i] = (c - zp) * s;
                }
            } else {
                for (int i = 0; i < count; i++) {
                    float v = x[i];
                    float c = Math.max(actLo, Math.min(actHi, v));
                    if (record) {
                        mn = Math.min(mn, c);
                        mx = Math.max(mx, c);
                    }
                    p[i] = (byte) (c == v ? 1 : 0);
                    x[i] = c;
                }
            }
            if (record) {
                ws.observedMin[group.id] = mn;
                ws.observedMax[group.id] = mx;
            }
        }

        /** Zeroes the output gradient where {@link #finish} clamped. */
        void straightThrough(Workspace ws, int n) {
            if (group == null && !clamps) {
                return;
            }
            float[] d = ws.grad[out];
            byte[] p = ws.pass[out];
            int count = n * perSample[out];
            for (int i = 0; i < count; i++) {
                if (p[i] == 0) {
                    d[i] = 0;
                }
            }
        }
    }

    /** Scratch of one convolution in one workspace: a chunk of im2col columns and of output columns. */
    private static final class ConvScratch {
        final int chunk;
        final float[][] colsT;
        final float[][] colRows;
        final float[][] outT;
        final float[][] dColsT;
        final int[] offsets;

        ConvScratch(int chunk, int taps, int cout) {
            offsets = new int[chunk];
            this.chunk = chunk;
            colsT = new float[taps][chunk];
            colRows = new float[chunk][taps];
            outT = new float[cout][chunk];
            dColsT = new float[taps][chunk];
        }
    }

    /**
     * CONV_2D as GEMM on chunks of output positions: {@code Y^T[cout][pos] = W[cout][taps] . X^T[taps][pos]}
     * (long rows over positions for the vector loop), {@code dX^T = W^T . dY^T}, {@code dW += dY^T . X}.
     */
    private final class Conv extends Node {
        final ConvGeometry g;
        final int w;
        final int b;
        final int taps;

        Conv(Operator op, int in, int out, ConvGeometry g, int w, int b, Activation act) {
            super(op, new int[] {in}, out, act, true);
            this.g = g;
            this.w = w;
            this.b = b;
            this.taps = g.filterH() * g.filterW() * g.inC();
        }

        ConvScratch scratch(Workspace ws) {
            ConvScratch s = (ConvScratch) ws.scratch[op.index()];
            if (s == null) {
                int positions = ws.capacity * g.outH() * g.outW();
                int chunk = Math.max(64, Math.min(1024, CHUNK_FLOATS / taps / 16 * 16));
                s = new ConvScratch(Math.min(chunk, positions), taps, g.outC());
                ws.scratch[op.index()] = s;
            }
            return s;
        }

        /**
         * For each position of a chunk and one filter tap: the input offset it reads, or -1 where the filter leaves
         * the image. Computed once per tap, so the gather loops below do no index arithmetic.
         */
        void tapOffsets(int p0, int len, int fy, int fx, int[] offsets) {
            int plane = g.outH() * g.outW();
            for (int j = 0; j < len; j++) {
                int p = p0 + j;
                int bi = p / plane;
                int r = p - bi * plane;
                int oh = r / g.outW();
                int ow = r - oh * g.outW();
                int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                offsets[j] = ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW() ? -1
                        : ((bi * g.inH() + ih) * g.inW() + iw) * g.inC();
            }
        }

        /** Columns {@code p0 .. p0+len} of the transposed im2col matrix (0 where the filter leaves the image). */
        void im2colT(float[] x, int p0, int len, float[][] colsT, int[] offsets) {
            int cin = g.inC();
            for (int fy = 0; fy < g.filterH(); fy++) {
                for (int fx = 0; fx < g.filterW(); fx++) {
                    tapOffsets(p0, len, fy, fx, offsets);
                    int k0 = (fy * g.filterW() + fx) * cin;
                    for (int c = 0; c < cin; c++) {
                        float[] row = colsT[k0 + c];
                        for (int j = 0; j < len; j++) {
                            int o = offsets[j];
                            row[j] = o < 0 ? 0f : x[o + c];
                        }
                    }
                }
            }
        }

        /** Rows {@code p0 .. p0+len} of the im2col matrix. */
        void im2colRows(float[] x, int p0, int len, float[][] rows) {
            int cin = g.inC();
            int plane = g.outH() * g.outW();
            for (int j = 0; j < len; j++) {
                int p = p0 + j;
                int bi = p / plane;
                int r = p - bi * plane;
                int oh = r / g.outW();
                int ow = r - oh * g.outW();
                float[] row = rows[j];
                for (int fy = 0; fy < g.filterH(); fy++) {
                    int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                    for (int fx = 0; fx < g.filterW(); fx++) {
                        int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                        int k0 = (fy * g.filterW() + fx) * cin;
                        if (ih < 0 || ih >= g.inH() || iw < 0 || iw >= g.inW()) {
                            Arrays.fill(row, k0, k0 + cin, 0f);
                        } else {
                            System.arraycopy(x, ((bi * g.inH() + ih) * g.inW() + iw) * cin, row, k0, cin);
                        }
                    }
                }
            }
        }

        /** Adds the columns of {@code dColsT} back to the input positions they were gathered from. */
        void col2imT(float[][] dColsT, int p0, int len, float[] dx, int[] offsets) {
            int cin = g.inC();
            for (int fy = 0; fy < g.filterH(); fy++) {
                for (int fx = 0; fx < g.filterW(); fx++) {
                    tapOffsets(p0, len, fy, fx, offsets);
                    int k0 = (fy * g.filterW() + fx) * cin;
                    for (int c = 0; c < cin; c++) {
                        float[] row = dColsT[k0 + c];
                        for (int j = 0; j < len; j++) {
                            int o = offsets[j];
                            if (o >= 0) {
                                dx[o + c] += row[j];
                            }
                        }
                    }
                }
            }
        }

        @Override
        void forward(Workspace ws, int n) {
            ConvScratch s = scratch(ws);
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            Param wp = params.get(w);
            float[] bias = b >= 0 ? params.get(b).rows[0] : null;
            int cout = g.outC();
            int positions = n * g.outH() * g.outW();
            for (int p0 = 0; p0 < positions; p0 += s.chunk) {
                int len = Math.min(s.chunk, positions - p0);
                im2colT(x, p0, len, s.colsT, s.offsets);
                for (int o = 0; o < cout; o++) {
                    Arrays.fill(s.outT[o], 0, len, bias == null ? 0f : bias[o]);
                }
                Gemm.multiplyAdd(cout, taps, len, wp.rows, s.colsT, s.outT);
                for (int o = 0; o < cout; o++) {
                    float[] row = s.outT[o];
                    for (int j = 0; j < len; j++) {
                        y[(p0 + j) * cout + o] = row[j];
                    }
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            ConvScratch s = scratch(ws);
            float[] x = ws.val[ins[0]];
            float[] dy = ws.grad[out];
            boolean needDx = wantsGrad(ws, ins[0]);
            float[] dx = ws.grad[ins[0]];
            Param wp = params.get(w);
            float[][] dw = ws.paramGrad[w];
            float[] db = b >= 0 ? ws.paramGrad[b][0] : null;
            int cout = g.outC();
            int positions = n * g.outH() * g.outW();
            for (int p0 = 0; p0 < positions; p0 += s.chunk) {
                int len = Math.min(s.chunk, positions - p0);
                float[][] dyT = s.outT;
                for (int o = 0; o < cout; o++) {
                    float[] row = dyT[o];
                    float sum = 0;
                    for (int j = 0; j < len; j++) {
                        float d = dy[(p0 + j) * cout + o];
                        row[j] = d;
                        sum += d;
                    }
                    if (db != null) {
                        db[o] += sum;
                    }
                }
                im2colRows(x, p0, len, s.colRows);
                Gemm.multiplyAdd(cout, len, taps, dyT, s.colRows, dw);
                if (needDx) {
                    for (int k = 0; k < taps; k++) {
                        Arrays.fill(s.dColsT[k], 0, len, 0f);
                    }
                    Gemm.multiplyAdd(taps, cout, len, wp.transposed, dyT, s.dColsT);
                    col2imT(s.dColsT, p0, len, dx, s.offsets);
                }
            }
        }
    }

    /** DEPTHWISE_CONV_2D, direct: per output position and tap, a vector loop over the channels. */
    private final class Depthwise extends Node {
        final ConvGeometry g;
        final int w;
        final int b;
        final int mult;

        Depthwise(Operator op, int in, int out, ConvGeometry g, int w, int b, Activation act) {
            super(op, new int[] {in}, out, act, true);
            this.g = g;
            this.w = w;
            this.b = b;
            this.mult = g.outC() / g.inC();
        }

        float[][] rowScratch(Workspace ws) {
            float[][] s = (float[][]) ws.scratch[op.index()];
            if (s == null) {
                s = new float[3][g.outC()];
                ws.scratch[op.index()] = s;
            }
            return s;
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            float[][] wt = params.get(w).rows;
            float[] bias = b >= 0 ? params.get(b).rows[0] : null;
            float[][] s = rowScratch(ws);
            float[] acc = s[0];
            float[] xr = s[1];
            int cin = g.inC();
            int cout = g.outC();
            for (int bi = 0; bi < n; bi++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        if (bias != null) {
                            System.arraycopy(bias, 0, acc, 0, cout);
                        } else {
                            Arrays.fill(acc, 0f);
                        }
                        for (int fy = 0; fy < g.filterH(); fy++) {
                            int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                            if (ih < 0 || ih >= g.inH()) {
                                continue;
                            }
                            for (int fx = 0; fx < g.filterW(); fx++) {
                                int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                                if (iw < 0 || iw >= g.inW()) {
                                    continue;
                                }
                                int xo = ((bi * g.inH() + ih) * g.inW() + iw) * cin;
                                float[] wr = wt[fy * g.filterW() + fx];
                                if (mult == 1) {
                                    System.arraycopy(x, xo, xr, 0, cin);
                                    for (int c = 0; c < cout; c++) {
                                        acc[c] += xr[c] * wr[c];
                                    }
                                } else {
                                    for (int c = 0; c < cout; c++) {
                                        acc[c] += x[xo + c / mult] * wr[c];
                                    }
                                }
                            }
                        }
                        System.arraycopy(acc, 0, y, ((bi * g.outH() + oh) * g.outW() + ow) * cout, cout);
                    }
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] dy = ws.grad[out];
            float[] dx = ws.grad[ins[0]];
            boolean needDx = wantsGrad(ws, ins[0]);
            float[][] wt = params.get(w).rows;
            float[][] dw = ws.paramGrad[w];
            float[] db = b >= 0 ? ws.paramGrad[b][0] : null;
            float[][] s = rowScratch(ws);
            float[] dyr = s[0];
            float[] xr = s[1];
            float[] dxr = s[2];
            int cin = g.inC();
            int cout = g.outC();
            for (int bi = 0; bi < n; bi++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        System.arraycopy(dy, ((bi * g.outH() + oh) * g.outW() + ow) * cout, dyr, 0, cout);
                        if (db != null) {
                            for (int c = 0; c < cout; c++) {
                                db[c] += dyr[c];
                            }
                        }
                        for (int fy = 0; fy < g.filterH(); fy++) {
                            int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                            if (ih < 0 || ih >= g.inH()) {
                                continue;
                            }
                            for (int fx = 0; fx < g.filterW(); fx++) {
                                int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                                if (iw < 0 || iw >= g.inW()) {
                                    continue;
                                }
                                int xo = ((bi * g.inH() + ih) * g.inW() + iw) * cin;
                                int tap = fy * g.filterW() + fx;
                                float[] wr = wt[tap];
                                float[] dwr = dw[tap];
                                if (mult == 1) {
                                    System.arraycopy(x, xo, xr, 0, cin);
                                    for (int c = 0; c < cout; c++) {
                                        dwr[c] += dyr[c] * xr[c];
                                    }
                                    if (needDx) {
                                        for (int c = 0; c < cout; c++) {
                                            dxr[c] = dyr[c] * wr[c];
                                        }
                                        for (int c = 0; c < cin; c++) {
                                            dx[xo + c] += dxr[c];
                                        }
                                    }
                                } else {
                                    for (int c = 0; c < cout; c++) {
                                        dwr[c] += dyr[c] * x[xo + c / mult];
                                        if (needDx) {
                                            dx[xo + c / mult] += dyr[c] * wr[c];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** FULLY_CONNECTED on {@code rows x depth} per sample, as GEMM on row copies. */
    private final class Fc extends Node {
        final int rowsPerSample;
        final int depth;
        final int cout;
        final int w;
        final int b;

        Fc(Operator op, int in, int out, int rowsPerSample, int depth, int cout, int w, int b, Activation act) {
            super(op, new int[] {in}, out, act, true);
            this.rowsPerSample = rowsPerSample;
            this.depth = depth;
            this.cout = cout;
            this.w = w;
            this.b = b;
        }

        float[][][] scratch(Workspace ws) {
            float[][][] s = (float[][][]) ws.scratch[op.index()];
            if (s == null) {
                int rows = ws.capacity * rowsPerSample;
                s = new float[][][] {new float[rows][depth], new float[rows][cout], new float[cout][rows],
                        new float[rows][depth]};
                ws.scratch[op.index()] = s;
            }
            return s;
        }

        @Override
        void forward(Workspace ws, int n) {
            float[][][] s = scratch(ws);
            float[][] xr = s[0];
            float[][] yr = s[1];
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            float[] bias = b >= 0 ? params.get(b).rows[0] : null;
            int rows = n * rowsPerSample;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, r * depth, xr[r], 0, depth);
                if (bias != null) {
                    System.arraycopy(bias, 0, yr[r], 0, cout);
                } else {
                    Arrays.fill(yr[r], 0f);
                }
            }
            Gemm.multiplyAdd(rows, depth, cout, xr, params.get(w).transposed, yr);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(yr[r], 0, y, r * cout, cout);
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            float[][][] s = scratch(ws);
            float[][] xr = s[0];
            float[][] dyr = s[1];
            float[][] dyT = s[2];
            float[][] dxr = s[3];
            float[] x = ws.val[ins[0]];
            float[] dy = ws.grad[out];
            float[] db = b >= 0 ? ws.paramGrad[b][0] : null;
            int rows = n * rowsPerSample;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(x, r * depth, xr[r], 0, depth);
                System.arraycopy(dy, r * cout, dyr[r], 0, cout);
                for (int o = 0; o < cout; o++) {
                    dyT[o][r] = dyr[r][o];
                    if (db != null) {
                        db[o] += dyr[r][o];
                    }
                }
            }
            Gemm.multiplyAdd(cout, rows, depth, dyT, xr, ws.paramGrad[w]);
            if (wantsGrad(ws, ins[0])) {
                for (int r = 0; r < rows; r++) {
                    Arrays.fill(dxr[r], 0f);
                }
                Gemm.multiplyAdd(rows, cout, depth, dyr, params.get(w).rows, dxr);
                float[] dx = ws.grad[ins[0]];
                for (int r = 0; r < rows; r++) {
                    float[] d = dxr[r];
                    int base = r * depth;
                    for (int i = 0; i < depth; i++) {
                        dx[base + i] += d[i];
                    }
                }
            }
        }
    }

    private final class Add extends Node {
        Add(Operator op, int a, int b, int out, Activation act) {
            super(op, new int[] {a, b}, out, act, true);
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] a = ws.val[ins[0]];
            float[] b = ws.val[ins[1]];
            float[] y = ws.val[out];
            int count = n * perSample[out];
            for (int i = 0; i < count; i++) {
                y[i] = a[i] + b[i];
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            float[] dy = ws.grad[out];
            int count = n * perSample[out];
            for (int k = 0; k < 2; k++) {
                if (!wantsGrad(ws, ins[k])) {
                    continue;
                }
                float[] d = ws.grad[ins[k]];
                for (int i = 0; i < count; i++) {
                    d[i] += dy[i];
                }
            }
        }
    }

    /** AVERAGE_POOL_2D (mean over the window's in-image elements, as TFLM) and MAX_POOL_2D. */
    private final class Pool extends Node {
        final ConvGeometry g;
        final boolean max;

        Pool(Operator op, int in, int out, ConvGeometry g, boolean max, Activation act) {
            super(op, new int[] {in}, out, act, true);
            this.g = g;
            this.max = max;
        }

        int[] argmax(Workspace ws) {
            int[] a = (int[]) ws.scratch[op.index()];
            if (a == null) {
                a = new int[ws.capacity * perSample[out]];
                ws.scratch[op.index()] = a;
            }
            return a;
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            int[] arg = max ? argmax(ws) : null;
            int c = g.inC();
            for (int bi = 0; bi < n; bi++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int ob = ((bi * g.outH() + oh) * g.outW() + ow) * c;
                        int h0 = Math.max(0, oh * g.strideH() - g.padH());
                        int h1 = Math.min(g.inH(), oh * g.strideH() - g.padH() + g.filterH());
                        int w0 = Math.max(0, ow * g.strideW() - g.padW());
                        int w1 = Math.min(g.inW(), ow * g.strideW() - g.padW() + g.filterW());
                        Arrays.fill(y, ob, ob + c, max ? Float.NEGATIVE_INFINITY : 0f);
                        for (int ih = h0; ih < h1; ih++) {
                            for (int iw = w0; iw < w1; iw++) {
                                int ib = ((bi * g.inH() + ih) * g.inW() + iw) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    if (max) {
                                        if (x[ib + ch] > y[ob + ch]) {
                                            y[ob + ch] = x[ib + ch];
                                            arg[ob + ch] = ib + ch;
                                        }
                                    } else {
                                        y[ob + ch] += x[ib + ch];
                                    }
                                }
                            }
                        }
                        if (!max) {
                            float inv = 1f / Math.max(1, (h1 - h0) * (w1 - w0));
                            for (int ch = 0; ch < c; ch++) {
                                y[ob + ch] *= inv;
                            }
                        }
                    }
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            if (!wantsGrad(ws, ins[0])) {
                return;
            }
            float[] dx = ws.grad[ins[0]];
            float[] dy = ws.grad[out];
            int c = g.inC();
            if (max) {
                int[] arg = argmax(ws);
                for (int i = 0; i < n * perSample[out]; i++) {
                    dx[arg[i]] += dy[i];
                }
                return;
            }
            for (int bi = 0; bi < n; bi++) {
                for (int oh = 0; oh < g.outH(); oh++) {
                    for (int ow = 0; ow < g.outW(); ow++) {
                        int ob = ((bi * g.outH() + oh) * g.outW() + ow) * c;
                        int h0 = Math.max(0, oh * g.strideH() - g.padH());
                        int h1 = Math.min(g.inH(), oh * g.strideH() - g.padH() + g.filterH());
                        int w0 = Math.max(0, ow * g.strideW() - g.padW());
                        int w1 = Math.min(g.inW(), ow * g.strideW() - g.padW() + g.filterW());
                        float inv = 1f / Math.max(1, (h1 - h0) * (w1 - w0));
                        for (int ih = h0; ih < h1; ih++) {
                            for (int iw = w0; iw < w1; iw++) {
                                int ib = ((bi * g.inH() + ih) * g.inW() + iw) * c;
                                for (int ch = 0; ch < c; ch++) {
                                    dx[ib + ch] += dy[ob + ch] * inv;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * RESHAPE and SQUEEZE (buffers shared with the input: nothing to do), QUANTIZE (re-rounded to its own output
     * grid), DEQUANTIZE (a float output), standalone RELU and RELU6.
     */
    private final class Identity extends Node {
        final boolean copies;

        Identity(Operator op, int in, int out, Activation act, boolean copies) {
            super(op, new int[] {in}, out, act, copies);
            this.copies = copies;
        }

        @Override
        void forward(Workspace ws, int n) {
            if (copies) {
                System.arraycopy(ws.val[ins[0]], 0, ws.val[out], 0, n * perSample[out]);
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            if (!copies || !wantsGrad(ws, ins[0])) {
                return;
            }
            float[] dx = ws.grad[ins[0]];
            float[] dy = ws.grad[out];
            for (int i = 0; i < n * perSample[out]; i++) {
                dx[i] += dy[i];
            }
        }
    }

    /** SOFTMAX over the last axis with TFLite's beta. */
    private final class Softmax extends Node {
        final int depth;
        final float beta;

        Softmax(Operator op, int in, int out, int depth, float beta) {
            super(op, new int[] {in}, out, Activation.NONE, true);
            this.depth = depth;
            this.beta = beta;
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            for (int r = 0; r < n * perSample[out] / depth; r++) {
                int base = r * depth;
                float mx = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < depth; i++) {
                    mx = Math.max(mx, x[base + i]);
                }
                double sum = 0;
                for (int i = 0; i < depth; i++) {
                    y[base + i] = (float) Math.exp(beta * (x[base + i] - mx));
                    sum += y[base + i];
                }
                for (int i = 0; i < depth; i++) {
                    y[base + i] = (float) (y[base + i] / sum);
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            if (!wantsGrad(ws, ins[0])) {
                return;
            }
            float[] y = ws.val[out];
            float[] dx = ws.grad[ins[0]];
            float[] dy = ws.grad[out];
            for (int r = 0; r < n * perSample[out] / depth; r++) {
                int base = r * depth;
                double dot = 0;
                for (int i = 0; i < depth; i++) {
                    dot += dy[base + i] * y[base + i];
                }
                for (int i = 0; i < depth; i++) {
                    dx[base + i] += (float) (beta * y[base + i] * (dy[base + i] - dot));
                }
            }
        }
    }

    /** MEAN over any non-batch axes: each input element adds 1/count to its output element. */
    private final class Mean extends Node {
        final int[] target;
        final float[] inverseCount;

        Mean(Operator op, int in, int out, int[] axes) {
            super(op, new int[] {in}, out, Activation.NONE, true);
            int[] shape = graph.tensor(in).shape();
            boolean[] reduced = new boolean[shape.length];
            for (int a : axes) {
                reduced[a] = true;
            }
            target = new int[perSample[in]];
            int[] count = new int[perSample[out]];
            int[] idx = new int[shape.length];
            for (int i = 0; i < target.length; i++) {
                int o = 0;
                for (int d = 0; d < shape.length; d++) {
                    if (!reduced[d]) {
                        o = o * shape[d] + idx[d];
                    }
                }
                if (o >= count.length) {
                    throw cannotModel(op, "output " + graph.tensor(out) + " does not match the reduced input");
                }
                target[i] = o;
                count[o]++;
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            inverseCount = new float[count.length];
            for (int o = 0; o < count.length; o++) {
                inverseCount[o] = 1f / Math.max(1, count[o]);
            }
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            int si = perSample[ins[0]];
            int so = perSample[out];
            Arrays.fill(y, 0, n * so, 0f);
            for (int bi = 0; bi < n; bi++) {
                for (int i = 0; i < si; i++) {
                    y[bi * so + target[i]] += x[bi * si + i];
                }
                for (int o = 0; o < so; o++) {
                    y[bi * so + o] *= inverseCount[o];
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            if (!wantsGrad(ws, ins[0])) {
                return;
            }
            float[] dx = ws.grad[ins[0]];
            float[] dy = ws.grad[out];
            int si = perSample[ins[0]];
            int so = perSample[out];
            for (int bi = 0; bi < n; bi++) {
                for (int i = 0; i < si; i++) {
                    int o = target[i];
                    dx[bi * si + i] += dy[bi * so + o] * inverseCount[o];
                }
            }
        }
    }

    /** PAD with zeros (the int8 kernel pads with the zero point, which is real 0). */
    private final class Pad extends Node {
        final int[] target;

        Pad(Operator op, int in, int out) {
            super(op, new int[] {in}, out, null, true);
            Tensor p = op.input(graph, 1);
            int[] shape = graph.tensor(in).shape();
            int[] outShape = graph.tensor(out).shape();
            if (p == null || !p.isConstant() || p.type() != TensorType.INT32 || p.elementCount() != 2 * shape.length) {
                throw cannotModel(op, "needs constant int32 paddings of shape [" + shape.length + ",2]");
            }
            ByteBuffer b = ByteBuffer.wrap(p.data()).order(ByteOrder.LITTLE_ENDIAN);
            int[] before = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                before[d] = b.getInt(d * 8);
                if (d == 0 && (before[0] != 0 || b.getInt(4) != 0)) {
                    throw cannotModel(op, "padding the batch axis is not supported");
                }
            }
            target = new int[perSample[in]];
            int[] idx = new int[shape.length];
            for (int i = 0; i < target.length; i++) {
                int o = 0;
                for (int d = 0; d < shape.length; d++) {
                    o = o * outShape[d] + idx[d] + before[d];
                }
                target[i] = o;
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++idx[d] < shape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] x = ws.val[ins[0]];
            float[] y = ws.val[out];
            int si = perSample[ins[0]];
            int so = perSample[out];
            Arrays.fill(y, 0, n * so, 0f);
            for (int bi = 0; bi < n; bi++) {
                for (int i = 0; i < si; i++) {
                    y[bi * so + target[i]] = x[bi * si + i];
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            if (!wantsGrad(ws, ins[0])) {
                return;
            }
            float[] dx = ws.grad[ins[0]];
            float[] dy = ws.grad[out];
            int si = perSample[ins[0]];
            int so = perSample[out];
            for (int bi = 0; bi < n; bi++) {
                for (int i = 0; i < si; i++) {
                    dx[bi * si + i] += dy[bi * so + target[i]];
                }
            }
        }
    }

    /** CONCATENATION along one non-batch axis: blocks of each input copied side by side. */
    private final class Concat extends Node {
        final int outer;
        final int[] block;

        Concat(Operator op, int[] ins, int out, int axis, Activation act) {
            super(op, ins, out, act, true);
            int[] shape = graph.tensor(out).shape();
            int ax = axis < 0 ? axis + shape.length : axis;
            if (ax <= 0 || ax >= shape.length) {
                throw cannotModel(op, "concatenation along axis " + axis + " is not supported (only non-batch axes)");
            }
            int o = 1;
            for (int d = 1; d < ax; d++) {
                o *= shape[d];
            }
            outer = o;
            block = new int[ins.length];
            int total = 0;
            for (int i = 0; i < ins.length; i++) {
                block[i] = perSample[ins[i]] / outer;
                total += block[i];
            }
            if (total * outer != perSample[out]) {
                throw cannotModel(op, "input sizes do not add up to the output " + graph.tensor(out));
            }
        }

        @Override
        void forward(Workspace ws, int n) {
            float[] y = ws.val[out];
            int so = perSample[out];
            int row = so / outer;
            for (int bi = 0; bi < n; bi++) {
                for (int o = 0; o < outer; o++) {
                    int dst = bi * so + o * row;
                    for (int i = 0; i < ins.length; i++) {
                        System.arraycopy(ws.val[ins[i]], bi * perSample[ins[i]] + o * block[i], y, dst, block[i]);
                        dst += block[i];
                    }
                }
            }
        }

        @Override
        void backward(Workspace ws, int n) {
            float[] dy = ws.grad[out];
            int so = perSample[out];
            int row = so / outer;
            for (int bi = 0; bi < n; bi++) {
                for (int o = 0; o < outer; o++) {
                    int src = bi * so + o * row;
                    for (int i = 0; i < ins.length; i++) {
                        if (wantsGrad(ws, ins[i])) {
                            float[] dx = ws.grad[ins[i]];
                            int base = bi * perSample[ins[i]] + o * block[i];
                            for (int j = 0; j < block[i]; j++) {
                                dx[base + j] += dy[src + j];
                            }
                        }
                        src += block[i];
                    }
                }
            }
        }
    }
}
