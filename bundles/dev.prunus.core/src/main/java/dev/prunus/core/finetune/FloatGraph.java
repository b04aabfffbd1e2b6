package dev.prunus.core.finetune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.FloatLayers;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.WeightQuantizer;

/**
 * A float shadow of an int8 graph (batch 1, NHWC, row-major double arrays) with forward and backward passes.
 * With {@code fakeQuant}, every activation is rounded to its tensor's int8 scale and zero point and clamped to the
 * int8 / fused-activation range, as the int8 kernels do; backward is straight-through (gradient 1 inside the
 * range, 0 where clamped). Without it, activations are exact floats with the fused activation as a plain clamp
 * (used by the gradient check). Parameters are shared {@link Param}s; each graph has its own activation and
 * gradient buffers, so several graphs can work on one mini-batch in parallel.
 */
final class FloatGraph {

    /** Operators the shadow models. */
    static final Set<OpType> SUPPORTED = EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED,
            OpType.ADD, OpType.AVERAGE_POOL_2D, OpType.MAX_POOL_2D, OpType.RESHAPE, OpType.SOFTMAX, OpType.RELU,
            OpType.RELU6, OpType.QUANTIZE);

    final Graph graph;
    final boolean fakeQuant;
    final List<Param> params;
    /** Per parameter (same order as {@link #params}): this graph's accumulated gradient. */
    final double[][] paramGrad;
    final double[][] val;
    final double[][] grad;
    private final byte[][] pass;
    private final List<Node> nodes = new ArrayList<>();
    private final int input;
    /** The tensor the loss reads: the input of a final SOFTMAX (the logits), else the graph output. */
    final int logits;
    /** Nodes up to (and including) the producer of {@link #logits}. */
    private final int trainNodes;
    /** Per tensor: the teacher's values this record, or null when the tensor has no feature term. */
    final double[][] featureTarget;
    /** Per tensor: weight of its feature term (divided by the element count and the teacher's mean energy). */
    final double[] featureWeight;
    /** The feature loss of the last {@link #backward}. */
    double featureLoss;

    /**
     * @throws FineTuneException naming the first operator the shadow cannot model
     */
    FloatGraph(Graph graph, List<Param> params, boolean fakeQuant) {
        this.graph = graph;
        this.fakeQuant = fakeQuant;
        this.params = params;
        this.paramGrad = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            paramGrad[i] = new double[params.get(i).value.length];
        }
        int n = graph.tensors().size();
        this.val = new double[n][];
        this.grad = new double[n][];
        this.pass = new byte[n][];
        this.featureTarget = new double[n][];
        this.featureWeight = new double[n];
        if (graph.inputs().length != 1 || graph.outputs().length != 1) {
            throw new FineTuneException("fine-tuning needs a model with one input and one output; this one has "
                    + graph.inputs().length + " inputs and " + graph.outputs().length + " outputs");
        }
        this.input = graph.inputs()[0];
        requireInt8(graph.tensor(input), "the graph input");
        alloc(input);
        for (Operator op : graph.operators()) {
            nodes.add(node(op));
        }
        int out = graph.outputs()[0];
        int producer = graph.producerOf(out).map(Operator::index).orElse(-1);
        if (producer >= 0 && graph.operator(producer).type() == OpType.SOFTMAX) {
            logits = graph.operator(producer).inputIndex(0);
        } else {
            logits = out;
        }
        int last = graph.producerOf(logits).map(Operator::index).orElse(-1);
        if (last < 0) {
            throw new FineTuneException("the model's output " + graph.tensor(out) + " is not computed by any operator");
        }
        trainNodes = last + 1;
    }

    /** The parameters of a graph: weights and bias of every CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED. */
    static List<Param> params(Graph graph) {
        List<Param> list = new ArrayList<>();
        for (Operator op : graph.operators()) {
            if (op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D
                    || op.type() == OpType.FULLY_CONNECTED) {
                Tensor w = op.input(graph, 1);
                if (w == null || !w.isConstant() || w.type() != TensorType.INT8 || !w.quantization().isQuantized()) {
                    throw new FineTuneException("operator " + op.index() + " (" + op.displayName()
                            + ") needs constant int8 quantized weights to be fine-tuned; its weights are "
                            + (w == null ? "absent" : w.toString()));
                }
                list.add(new Param(w, false, WeightQuantizer.dequantizeInt8(w.data(), w.shape(), w.quantization())));
                Tensor b = op.input(graph, 2);
                if (b != null) {
                    if (!b.isConstant() || b.type() != TensorType.INT32) {
                        throw new FineTuneException("operator " + op.index() + " (" + op.displayName()
                                + ") needs a constant int32 bias to be fine-tuned; its bias is " + b);
                    }
                    list.add(new Param(b, true, WeightQuantizer.dequantizeInt32(b.data(), b.quantization())));
                }
            }
        }
        return list;
    }

    private static void requireInt8(Tensor t, String what) {
        if (t.type() != TensorType.INT8 || !t.quantization().isQuantized()) {
            throw new FineTuneException("fine-tuning needs int8 quantized activations; " + what + " " + t + " is not");
        }
    }

    private double[] alloc(int t) {
        if (val[t] == null) {
            int size = graph.tensor(t).elementCount();
            val[t] = new double[size];
            grad[t] = new double[size];
            pass[t] = new byte[size];
        }
        return val[t];
    }

    /** Reads an activation input: a constant int8 tensor is dequantized once (it gets no gradient). */
    private int activationInput(Operator op, int i) {
        Tensor t = op.input(graph, i);
        if (t == null) {
            throw cannotModel(op, "input " + i + " is absent");
        }
        requireInt8(t, "operator " + op.index() + " (" + op.displayName() + ") input " + i);
        if (val[t.index()] == null) {
            alloc(t.index());
            if (t.hasData()) {
                double[] d = WeightQuantizer.dequantizeInt8(t.data(), t.shape(), t.quantization());
                System.arraycopy(d, 0, val[t.index()], 0, d.length);
            }
        }
        return t.index();
    }

    private Param param(int tensor) {
        for (Param p : params) {
            if (p.tensor == tensor) {
                return p;
            }
        }
        return null;
    }

    private int paramIndex(Param p) {
        return p == null ? -1 : params.indexOf(p);
    }

    private FineTuneException cannotModel(Operator op, String why) {
        return new FineTuneException("fine-tuning cannot model operator " + op.index() + " (" + op.displayName()
                + "): " + why);
    }

    static String supportedList() {
        return SUPPORTED.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------------------------------ building nodes
    private Node node(Operator op) {
        if (!SUPPORTED.contains(op.type())) {
            throw new FineTuneException("fine-tuning supports " + supportedList() + "; operator " + op.displayName()
                    + " at index " + op.index() + " is not supported");
        }
        int out = op.outputIndex(0);
        requireInt8(graph.tensor(out), "operator " + op.index() + " (" + op.displayName() + ") output");
        alloc(out);
        return OperatorCatalogue.of(op.type()).floatLayer(new Layers(), op);
    }

    /** This graph's layers, built per operator through the operator catalogue. */
    private final class Layers implements FloatLayers<Node> {

        @Override
        public Node convolution(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
            Tensor in = graph.tensor(activationInput(op, 0));
            Tensor w = op.input(graph, 1);
            int[] ws = w.shape();
            if (in.rank() != 4 || ws.length != 4 || ws[3] != in.dim(3) || in.dim(0) != 1) {
                throw cannotModel(op, "needs a [1,H,W,C] input and [O,KH,KW,C] weights");
            }
            ConvGeometry geo = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), ws[0], ws[1],
                    ws[2], o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
            return new Conv(op, in.index(), out, geo, paramIndex(param(w.index())), biasParam(op),
                    fq(op, out, o.activation()), false, 1);
        }

        @Override
        public Node depthwiseConvolution(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
            Tensor in = graph.tensor(activationInput(op, 0));
            Tensor w = op.input(graph, 1);
            int[] ws = w.shape();
            if (in.rank() != 4 || ws.length != 4 || ws[0] != 1 || in.dim(0) != 1
                    || ws[3] != in.dim(3) * Math.max(1, o.depthMultiplier())) {
                throw cannotModel(op, "needs a [1,H,W,C] input and [1,KH,KW,C*multiplier] weights");
            }
            int mult = ws[3] / in.dim(3);
            ConvGeometry geo = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), ws[3], ws[1],
                    ws[2], o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
            return new Conv(op, in.index(), out, geo, paramIndex(param(w.index())), biasParam(op),
                    fq(op, out, o.activation()), true, mult);
        }

        @Override
        public Node fullyConnected(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.FullyConnectedOptions o = op.options(OpOptions.FullyConnectedOptions.class);
            if (o.weightsFormat() != 0) {
                throw cannotModel(op, "shuffled weights are not supported");
            }
            Tensor in = graph.tensor(activationInput(op, 0));
            Tensor w = op.input(graph, 1);
            int depth = w.dim(1);
            int cout = w.dim(0);
            if (w.rank() != 2 || in.elementCount() % depth != 0
                    || graph.tensor(out).elementCount() != in.elementCount() / depth * cout) {
                throw cannotModel(op, "input " + Arrays.toString(in.shape()) + " does not fit weights "
                        + Arrays.toString(w.shape()));
            }
            return new Fc(op, in.index(), out, in.elementCount() / depth, depth, cout,
                    paramIndex(param(w.index())), biasParam(op), fq(op, out, o.activation()));
        }

        @Override
        public Node add(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.AddOptions o = op.options(OpOptions.AddOptions.class);
            int a = activationInput(op, 0);
            int b = activationInput(op, 1);
            if (val[a].length != val[out].length || val[b].length != val[out].length) {
                throw cannotModel(op, "broadcasting ADD is not supported (inputs "
                        + Arrays.toString(graph.tensor(a).shape()) + " and "
                        + Arrays.toString(graph.tensor(b).shape()) + ")");
            }
            return new Add(op, a, b, out, fq(op, out, o.activation()));
        }

        @Override
        public Node pooling(Operator op) {
            int out = op.outputIndex(0);
            OpOptions.Pool2DOptions o = op.options(OpOptions.Pool2DOptions.class);
            Tensor in = graph.tensor(activationInput(op, 0));
            if (in.rank() != 4 || in.dim(0) != 1) {
                throw cannotModel(op, "needs a [1,H,W,C] input");
            }
            ConvGeometry geo = ConvGeometry.of(o.padding(), 1, in.dim(1), in.dim(2), in.dim(3), in.dim(3),
                    o.filterHeight(), o.filterWidth(), o.strideH(), o.strideW(), 1, 1);
            return new Pool(op, in.index(), out, geo, op.type() == OpType.MAX_POOL_2D, fq(op, out, o.activation()));
        }

        @Override
        public Node passThrough(Operator op, Activation clamp) {
            int out = op.outputIndex(0);
            int in = activationInput(op, 0);
            if (val[in].length != val[out].length) {
                throw cannotModel(op, "input and output sizes differ");
            }
            return new Copy(op, in, out, fq(op, out, clamp));
        }

        @Override
        public Node softmax(Operator op) {
            int out = op.outputIndex(0);
            int in = activationInput(op, 0);
            if (val[in].length != val[out].length) {
                throw cannotModel(op, "input and output sizes differ");
            }
            float beta = op.options() instanceof OpOptions.SoftmaxOptions s ? s.beta() : 1f;
            return new Softmax(op, in, out, graph.tensor(in).dim(-1), beta, fq(op, out, Activation.NONE));
        }

        @Override
        public Node unsupported(Operator op) {
            throw new FineTuneException("fine-tuning supports " + supportedList() + "; operator " + op.displayName()
                    + " at index " + op.index() + " is not supported");
        }
    }


    private int biasParam(Operator op) {
        Tensor b = op.input(graph, 2);
        return b == null ? -1 : paramIndex(param(b.index()));
    }

    private Fq fq(Operator op, int out, Activation act) {
        Quantization q = graph.tensor(out).quantization();
        double s = q.scale(0);
        long zp = q.zeroPoint(0);
        double fLo = Double.NEGATIVE_INFINITY;
        double fHi = Double.POSITIVE_INFINITY;
        switch (act) {
            case NONE -> {
            }
            case RELU -> fLo = 0;
            case RELU6 -> {
                fLo = 0;
                fHi = 6;
            }
            case RELU_N1_TO_1 -> {
                fLo = -1;
                fHi = 1;
            }
            default -> throw cannotModel(op, "fused activation " + act + " is not supported (NONE, RELU, RELU6, "
                    + "RELU_N1_TO_1 are)");
        }
        // The int8 kernels clamp to the activation's range in the quantized domain (TFLM's
        // CalculateActivationRangeQuantized), intersected with [-128, 127].
        double lo = Double.isInfinite(fLo) ? -128 : Math.max(-128, zp + Math.round(fLo / s));
        double hi = Double.isInfinite(fHi) ? 127 : Math.min(127, zp + Math.round(fHi / s));
        return new Fq(s, zp, lo, hi, fLo, fHi);
    }

    /** Output rounding and clamping of one tensor. */
    private record Fq(double scale, double zp, double lo, double hi, double fLo, double fHi) {
    }

    private void finish(Fq f, int t) {
        double[] x = val[t];
        byte[] p = pass[t];
        if (fakeQuant) {
            double inv = 1.0 / f.scale;
            for (int i = 0; i < x.length; i++) {
                double q = Math.rint(x[i] * inv) + f.zp;
                if (q < f.lo) {
                    q = f.lo;
                    p[i] = 0;
                } else if (q > f.hi) {
                    q = f.hi;
                    p[i] = 0;
                } else {
                    p[i] = 1;
                }
                x[i] = (q - f.zp) * f.scale;
            }
        } else {
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                if (v < f.fLo) {
                    x[i] = f.fLo;
                    p[i] = 0;
                } else if (v > f.fHi) {
                    x[i] = f.fHi;
                    p[i] = 0;
                } else {
                    p[i] = 1;
                }
            }
        }
    }

    /** The gradient at the pre-rounding output: straight through where not clamped. */
    private void unfinish(int t) {
        double[] d = grad[t];
        byte[] p = pass[t];
        for (int i = 0; i < d.length; i++) {
            if (p[i] == 0) {
                d[i] = 0;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ running
    /** Loads one int8 record (dequantized) as the graph input. */
    void setInput(byte[] record) {
        Tensor t = graph.tensor(input);
        double s = t.quantization().scale(0);
        long zp = t.quantization().zeroPoint(0);
        double[] x = val[input];
        for (int i = 0; i < x.length; i++) {
            x[i] = s * (record[i] - zp);
        }
    }

    /** Sets the graph input to real values (gradient checks). */
    void setInputReal(double[] x) {
        System.arraycopy(x, 0, val[input], 0, x.length);
    }

    /** Runs the nodes up to the logits, checking for cancellation between operators. */
    double[] forward(Progress progress) {
        for (int k = 0; k < trainNodes; k++) {
            if (progress != null) {
                progress.checkCanceled();
            }
            nodes.get(k).forward();
        }
        return val[logits];
    }

    /**
     * Backpropagates {@code dLogits} (the loss gradient at the logits) after {@link #forward}, adding parameter
     * gradients into {@link #paramGrad}.
     */
    void backward(double[] dLogits, Progress progress) {
        for (int k = 0; k < trainNodes; k++) {
            Arrays.fill(grad[nodes.get(k).out], 0);
            for (int in : nodes.get(k).inputs) {
                Arrays.fill(grad[in], 0);
            }
        }
        System.arraycopy(dLogits, 0, grad[logits], 0, dLogits.length);
        featureLoss = 0;
        for (int k = trainNodes - 1; k >= 0; k--) {
            if (progress != null) {
                progress.checkCanceled();
            }
            Node n = nodes.get(k);
            double[] target = featureTarget[n.out];
            if (target != null && n.out != logits) {
                // Feature term: weight * |s - t|^2, its gradient joins what the consumers sent back.
                double[] v = val[n.out];
                double[] d = grad[n.out];
                double wgt = featureWeight[n.out];
                for (int i = 0; i < v.length; i++) {
                    double e = v[i] - target[i];
                    featureLoss += wgt * e * e;
                    d[i] += 2 * wgt * e;
                }
            }
            unfinish(n.out);
            n.backward(n.inputs[0] != input);
        }
    }

    /** Operator outputs (up to the logits) that the loss may compare with the teacher's. */
    List<Integer> featureCandidates() {
        List<Integer> list = new ArrayList<>();
        for (int k = 0; k < trainNodes; k++) {
            Node n = nodes.get(k);
            if (n.out != logits && (n instanceof Conv || n instanceof Add || n instanceof Fc)) {
                list.add(n.out);
            }
        }
        return list;
    }

    void clearParamGrad() {
        for (double[] g : paramGrad) {
            Arrays.fill(g, 0);
        }
    }

    // ------------------------------------------------------------------------------------------ nodes
    private abstract class Node {
        final Operator op;
        final int[] inputs;
        final int out;
        final Fq fq;

        Node(Operator op, int[] inputs, int out, Fq fq) {
            this.op = op;
            this.inputs = inputs;
            this.out = out;
            this.fq = fq;
        }

        abstract void forward();

        /** Adds input and parameter gradients from {@code grad[out]} (already masked by the clamp). */
        abstract void backward(boolean needInputGrad);
    }

    /** CONV_2D (weights OHWI) and DEPTHWISE_CONV_2D (weights 1HWC, channel = input channel * mult + m). */
    private final class Conv extends Node {
        final ConvGeometry g;
        final int w;
        final int b;
        final boolean depthwise;
        final int mult;
        /** Per (output channel, tap): whether any weight of that Cin row is trainable (pruned rows stay 0). */
        final boolean[] live;

        Conv(Operator op, int in, int out, ConvGeometry g, int w, int b, Fq fq, boolean depthwise, int mult) {
            super(op, new int[] {in}, out, fq);
            this.g = g;
            this.w = w;
            this.b = b;
            this.depthwise = depthwise;
            this.mult = mult;
            int rows = depthwise ? 0 : g.outC() * g.filterH() * g.filterW();
            this.live = new boolean[rows];
            boolean[] t = params.get(w).trainable;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < g.inC() && !live[r]; c++) {
                    live[r] = t[r * g.inC() + c];
                }
            }
        }

        @Override
        void forward() {
            double[] x = val[inputs[0]];
            double[] y = val[out];
            double[] wt = params.get(w).used;
            double[] bias = b >= 0 ? params.get(b).used : null;
            int cin = g.inC();
            int cout = g.outC();
            int kh = g.filterH();
            int kw = g.filterW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ob = (oh * g.outW() + ow) * cout;
                    for (int co = 0; co < cout; co++) {
                        y[ob + co] = bias == null ? 0 : bias[co];
                    }
                    for (int fy = 0; fy < kh; fy++) {
                        int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                        if (ih < 0 || ih >= g.inH()) {
                            continue;
                        }
                        for (int fx = 0; fx < kw; fx++) {
                            int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                            if (iw < 0 || iw >= g.inW()) {
                                continue;
                            }
                            int ib = (ih * g.inW() + iw) * cin;
                            if (depthwise) {
                                int wb = (fy * kw + fx) * cout;
                                for (int c = 0; c < cin; c++) {
                                    double xv = x[ib + c];
                                    for (int m = 0; m < mult; m++) {
                                        int co = c * mult + m;
                                        y[ob + co] += xv * wt[wb + co];
                                    }
                                }
                            } else {
                                int tap = fy * kw + fx;
                                for (int co = 0; co < cout; co++) {
                                    int row = co * kh * kw + tap;
                                    if (!live[row]) {
                                        continue; // a pruned filterlet: its weights are all 0
                                    }
                                    int wb = row * cin;
                                    double acc = 0;
                                    for (int c = 0; c < cin; c++) {
                                        acc += wt[wb + c] * x[ib + c];
                                    }
                                    y[ob + co] += acc;
                                }
                            }
                        }
                    }
                }
            }
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            double[] x = val[inputs[0]];
            double[] dx = grad[inputs[0]];
            double[] dy = grad[out];
            double[] wt = params.get(w).used;
            double[] dw = paramGrad[w];
            double[] db = b >= 0 ? paramGrad[b] : null;
            int cin = g.inC();
            int cout = g.outC();
            int kh = g.filterH();
            int kw = g.filterW();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ob = (oh * g.outW() + ow) * cout;
                    if (db != null) {
                        for (int co = 0; co < cout; co++) {
                            db[co] += dy[ob + co];
                        }
                    }
                    for (int fy = 0; fy < kh; fy++) {
                        int ih = oh * g.strideH() - g.padH() + fy * g.dilationH();
                        if (ih < 0 || ih >= g.inH()) {
                            continue;
                        }
                        for (int fx = 0; fx < kw; fx++) {
                            int iw = ow * g.strideW() - g.padW() + fx * g.dilationW();
                            if (iw < 0 || iw >= g.inW()) {
                                continue;
                            }
                            int ib = (ih * g.inW() + iw) * cin;
                            if (depthwise) {
                                int wb = (fy * kw + fx) * cout;
                                for (int c = 0; c < cin; c++) {
                                    double xv = x[ib + c];
                                    double acc = 0;
                                    for (int m = 0; m < mult; m++) {
                                        int co = c * mult + m;
                                        double d = dy[ob + co];
                                        dw[wb + co] += d * xv;
                                        acc += d * wt[wb + co];
                                    }
                                    if (needInputGrad) {
                                        dx[ib + c] += acc;
                                    }
                                }
                            } else {
                                int tap = fy * kw + fx;
                                for (int co = 0; co < cout; co++) {
                                    double d = dy[ob + co];
                                    int row = co * kh * kw + tap;
                                    if (d == 0 || !live[row]) {
                                        continue; // clamped (ReLU) outputs are common, pruned rows get no update
                                    }
                                    int wb = row * cin;
                                    if (needInputGrad) {
                                        for (int c = 0; c < cin; c++) {
                                            dx[ib + c] += d * wt[wb + c];
                                            dw[wb + c] += d * x[ib + c];
                                        }
                                    } else {
                                        for (int c = 0; c < cin; c++) {
                                            dw[wb + c] += d * x[ib + c];
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

    /** FULLY_CONNECTED: rows x depth input, weights [cout, depth]. */
    private final class Fc extends Node {
        final int rows;
        final int depth;
        final int cout;
        final int w;
        final int b;

        Fc(Operator op, int in, int out, int rows, int depth, int cout, int w, int b, Fq fq) {
            super(op, new int[] {in}, out, fq);
            this.rows = rows;
            this.depth = depth;
            this.cout = cout;
            this.w = w;
            this.b = b;
        }

        @Override
        void forward() {
            double[] x = val[inputs[0]];
            double[] y = val[out];
            double[] wt = params.get(w).used;
            double[] bias = b >= 0 ? params.get(b).used : null;
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < cout; o++) {
                    double acc = bias == null ? 0 : bias[o];
                    int wb = o * depth;
                    int xb = r * depth;
                    for (int i = 0; i < depth; i++) {
                        acc += wt[wb + i] * x[xb + i];
                    }
                    y[r * cout + o] = acc;
                }
            }
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            double[] x = val[inputs[0]];
            double[] dx = grad[inputs[0]];
            double[] dy = grad[out];
            double[] wt = params.get(w).used;
            double[] dw = paramGrad[w];
            double[] db = b >= 0 ? paramGrad[b] : null;
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < cout; o++) {
                    double d = dy[r * cout + o];
                    if (d == 0) {
                        continue;
                    }
                    if (db != null) {
                        db[o] += d;
                    }
                    int wb = o * depth;
                    int xb = r * depth;
                    for (int i = 0; i < depth; i++) {
                        dw[wb + i] += d * x[xb + i];
                        if (needInputGrad) {
                            dx[xb + i] += d * wt[wb + i];
                        }
                    }
                }
            }
        }
    }

    private final class Add extends Node {
        Add(Operator op, int a, int b, int out, Fq fq) {
            super(op, new int[] {a, b}, out, fq);
        }

        @Override
        void forward() {
            double[] a = val[inputs[0]];
            double[] b = val[inputs[1]];
            double[] y = val[out];
            for (int i = 0; i < y.length; i++) {
                y[i] = a[i] + b[i];
            }
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            double[] dy = grad[out];
            for (int k = 0; k < 2; k++) {
                if (inputs[k] == input || graph.tensor(inputs[k]).hasData()) {
                    continue;
                }
                double[] d = grad[inputs[k]];
                for (int i = 0; i < dy.length; i++) {
                    d[i] += dy[i];
                }
            }
        }
    }

    /** AVERAGE_POOL_2D (mean over the window's in-image elements, as TFLM) and MAX_POOL_2D. */
    private final class Pool extends Node {
        final ConvGeometry g;
        final boolean max;
        final int[] argmax;

        Pool(Operator op, int in, int out, ConvGeometry g, boolean max, Fq fq) {
            super(op, new int[] {in}, out, fq);
            this.g = g;
            this.max = max;
            this.argmax = max ? new int[val[out].length] : null;
        }

        @Override
        void forward() {
            double[] x = val[inputs[0]];
            double[] y = val[out];
            int c = g.inC();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ob = (oh * g.outW() + ow) * c;
                    int h0 = Math.max(0, oh * g.strideH() - g.padH());
                    int h1 = Math.min(g.inH(), oh * g.strideH() - g.padH() + g.filterH());
                    int w0 = Math.max(0, ow * g.strideW() - g.padW());
                    int w1 = Math.min(g.inW(), ow * g.strideW() - g.padW() + g.filterW());
                    int count = Math.max(1, (h1 - h0) * (w1 - w0));
                    for (int ch = 0; ch < c; ch++) {
                        y[ob + ch] = max ? Double.NEGATIVE_INFINITY : 0;
                    }
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            int ib = (ih * g.inW() + iw) * c;
                            for (int ch = 0; ch < c; ch++) {
                                if (max) {
                                    if (x[ib + ch] > y[ob + ch]) {
                                        y[ob + ch] = x[ib + ch];
                                        argmax[ob + ch] = ib + ch;
                                    }
                                } else {
                                    y[ob + ch] += x[ib + ch];
                                }
                            }
                        }
                    }
                    if (!max) {
                        for (int ch = 0; ch < c; ch++) {
                            y[ob + ch] /= count;
                        }
                    }
                }
            }
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            if (!needInputGrad) {
                return;
            }
            double[] dx = grad[inputs[0]];
            double[] dy = grad[out];
            int c = g.inC();
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int ob = (oh * g.outW() + ow) * c;
                    if (max) {
                        for (int ch = 0; ch < c; ch++) {
                            dx[argmax[ob + ch]] += dy[ob + ch];
                        }
                        continue;
                    }
                    int h0 = Math.max(0, oh * g.strideH() - g.padH());
                    int h1 = Math.min(g.inH(), oh * g.strideH() - g.padH() + g.filterH());
                    int w0 = Math.max(0, ow * g.strideW() - g.padW());
                    int w1 = Math.min(g.inW(), ow * g.strideW() - g.padW() + g.filterW());
                    double inv = 1.0 / Math.max(1, (h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) {
                            int ib = (ih * g.inW() + iw) * c;
                            for (int ch = 0; ch < c; ch++) {
                                dx[ib + ch] += dy[ob + ch] * inv;
                            }
                        }
                    }
                }
            }
        }
    }

    /** RESHAPE, QUANTIZE (int8 to int8) and standalone RELU / RELU6: the values pass, re-rounded to the output. */
    private final class Copy extends Node {
        Copy(Operator op, int in, int out, Fq fq) {
            super(op, new int[] {in}, out, fq);
        }

        @Override
        void forward() {
            System.arraycopy(val[inputs[0]], 0, val[out], 0, val[out].length);
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            if (!needInputGrad) {
                return;
            }
            double[] dx = grad[inputs[0]];
            double[] dy = grad[out];
            for (int i = 0; i < dy.length; i++) {
                dx[i] += dy[i];
            }
        }
    }

    /** SOFTMAX over the last axis with TFLite's beta. */
    private final class Softmax extends Node {
        final int depth;
        final double beta;

        Softmax(Operator op, int in, int out, int depth, double beta, Fq fq) {
            super(op, new int[] {in}, out, fq);
            this.depth = depth;
            this.beta = beta;
        }

        @Override
        void forward() {
            double[] x = val[inputs[0]];
            double[] y = val[out];
            for (int r = 0; r < y.length / depth; r++) {
                int base = r * depth;
                double mx = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < depth; i++) {
                    mx = Math.max(mx, x[base + i]);
                }
                double sum = 0;
                for (int i = 0; i < depth; i++) {
                    y[base + i] = Math.exp(beta * (x[base + i] - mx));
                    sum += y[base + i];
                }
                for (int i = 0; i < depth; i++) {
                    y[base + i] /= sum;
                }
            }
            finish(fq, out);
        }

        @Override
        void backward(boolean needInputGrad) {
            if (!needInputGrad) {
                return;
            }
            double[] y = val[out];
            double[] dx = grad[inputs[0]];
            double[] dy = grad[out];
            for (int r = 0; r < y.length / depth; r++) {
                int base = r * depth;
                double dot = 0;
                for (int i = 0; i < depth; i++) {
                    dot += dy[base + i] * y[base + i];
                }
                for (int i = 0; i < depth; i++) {
                    dx[base + i] += beta * y[base + i] * (dy[base + i] - dot);
                }
            }
        }
    }
}
