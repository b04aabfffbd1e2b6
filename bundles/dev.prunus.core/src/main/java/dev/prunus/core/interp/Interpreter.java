package dev.prunus.core.interp;

import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.interp.kernels.Arithmetic;
import dev.prunus.core.interp.kernels.Broadcast;
import dev.prunus.core.interp.kernels.Conv2D;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.DataMovement;
import dev.prunus.core.interp.kernels.DepthwiseConv2D;
import dev.prunus.core.interp.kernels.FullyConnected;
import dev.prunus.core.interp.kernels.LstmInt8;
import dev.prunus.core.interp.kernels.Mean;
import dev.prunus.core.interp.kernels.Pooling;
import dev.prunus.core.interp.kernels.QuantizeOps;
import dev.prunus.core.interp.kernels.Requant;
import dev.prunus.core.interp.kernels.Softmax;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Bit-exact int8 reference interpreter: runs the main graph of a model with the semantics of TensorFlow Lite
 * Micro's reference kernels (see {@link dev.prunus.core.interp.kernels}).
 *
 * <p>{@link #create(Model)} validates the whole model up front, derives every operator's parameters once
 * (multipliers, shifts, clamp ranges), widens weights once and allocates every activation buffer once; a run only
 * copies the inputs in, executes the prepared steps and copies the outputs out.
 *
 * <p>Variable tensors (LSTM hidden and cell state) keep their values from one run to the next, as in TFLite Micro:
 * consecutive runs are consecutive invocations of a streaming model. {@link #create} sets them to their initial
 * values (as TFLM's AllocateTensors does) and {@link #reset()} does so again (as TFLM's {@code Reset()}: int8 the
 * zero point, other types 0); call it before each run to treat records as independent sequences.
 *
 * <p>Not thread-safe: one interpreter runs one inference at a time (create one per thread).
 */
public final class Interpreter {

    /** Operators the interpreter runs (int8 activations unless stated in the operator's check). */
    public static final Set<OpType> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(OpType.ADD,
            OpType.AVERAGE_POOL_2D, OpType.CONCATENATION, OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.DEQUANTIZE,
            OpType.FULLY_CONNECTED, OpType.LOGISTIC, OpType.MAX_POOL_2D, OpType.MUL, OpType.RELU, OpType.RELU6,
            OpType.RESHAPE, OpType.SOFTMAX, OpType.TANH, OpType.PAD, OpType.MEAN, OpType.QUANTIZE,
            OpType.UNIDIRECTIONAL_SEQUENCE_LSTM));

    private interface Step {
        void run();
    }

    private final Graph graph;
    private final Object[] buffers;
    private final List<Step> steps = new ArrayList<>();
    private final List<Operator> stepOps = new ArrayList<>();
    private final int[] inputs;
    private final int[] outputs;
    private final int[] variables;
    private final int[] scratch;
    private long macs;

    private Interpreter(Graph graph) {
        this.graph = graph;
        this.buffers = new Object[graph.tensors().size()];
        this.inputs = graph.inputs();
        this.outputs = graph.outputs();
        int scratchSize = 1;
        List<Integer> vars = new ArrayList<>();
        for (Tensor t : graph.tensors()) {
            if (t.isVariable()) {
                vars.add(t.index());
            }
        }
        this.variables = vars.stream().mapToInt(Integer::intValue).toArray();
        for (Operator op : graph.operators()) {
            scratchSize = Math.max(scratchSize, prepare(op));
        }
        this.scratch = new int[scratchSize];
        for (int t : inputs) {
            buffer(t);
        }
        for (int t : outputs) {
            buffer(t);
        }
        reset();
    }

    /**
     * Validates and prepares a model for repeated runs.
     *
     * @throws UnsupportedModelException naming the first operator (index, name, tensor) the interpreter cannot run
     */
    public static Interpreter create(Model model) {
        Graph g = model.main();
        if (g.orderProblem().isPresent()) {
            throw new UnsupportedModelException(-1, null, -1,
                    "the operators are not in an executable order: " + g.orderProblem().get());
        }
        for (int t : g.inputs()) {
            checkIoType(g.tensor(t), "input");
        }
        for (int t : g.outputs()) {
            checkIoType(g.tensor(t), "output");
        }
        return new Interpreter(g);
    }

    private static void checkIoType(Tensor t, String what) {
        TensorType type = t.type();
        if (type != TensorType.INT8 && type != TensorType.INT16 && type != TensorType.INT32
                && type != TensorType.FLOAT32) {
            throw new UnsupportedModelException(-1, null, t.index(), "graph " + what + " " + t + " has type " + type
                    + "; the interpreter exchanges INT8, INT16, INT32 and FLOAT32 tensors");
        }
    }

    // ------------------------------------------------------------------------------------------------ public API

    /** The graph this interpreter runs. */
    public Graph graph() {
        return graph;
    }

    public int inputCount() {
        return inputs.length;
    }

    public int outputCount() {
        return outputs.length;
    }

    /** Bytes of graph input {@code i}. */
    public int inputByteSize(int i) {
        return graph.tensor(inputs[i]).byteSize();
    }

    /** Bytes of graph output {@code i}. */
    public int outputByteSize(int i) {
        return graph.tensor(outputs[i]).byteSize();
    }

    /** Whether the model has variable tensors, whose values carry from one run to the next until {@link #reset()}. */
    public boolean hasState() {
        return variables.length > 0;
    }

    /** Multiply-accumulates of one inference in CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and LSTM gates. */
    public long macCount() {
        return macs;
    }

    /**
     * Runs a single-input, single-output model.
     *
     * @param input exactly {@link #inputByteSize(int) inputByteSize(0)} bytes of the input tensor
     * @return the bytes of output 0
     */
    public byte[] run(byte[] input) {
        requireSingle();
        return run(new byte[][] {input}, null)[0];
    }

    /** Runs a single-input model from the buffer's remaining bytes (the position advances past the input). */
    public byte[] run(ByteBuffer input) {
        requireSingle();
        byte[] bytes = new byte[inputByteSize(0)];
        if (input.remaining() < bytes.length) {
            throw new IllegalArgumentException("input needs " + bytes.length + " bytes, the buffer has "
                    + input.remaining());
        }
        input.get(bytes);
        return run(new byte[][] {bytes}, null)[0];
    }

    /** Runs with one byte array per graph input; returns one byte array per graph output. */
    public byte[][] run(byte[]... inputBytes) {
        return run(inputBytes, null);
    }

    /**
     * Runs with one byte array per graph input, reporting every operator's output to {@code trace} (may be null).
     * Variable tensors start from the values the previous run left (see {@link #reset()}); a run that ends early
     * (a listener that throws) leaves them partly updated.
     */
    public byte[][] run(byte[][] inputBytes, TraceListener trace) {
        if (inputBytes.length != inputs.length) {
            throw new IllegalArgumentException("the model has " + inputs.length + " inputs, got " + inputBytes.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = graph.tensor(inputs[i]);
            if (inputBytes[i].length != t.byteSize()) {
                throw new IllegalArgumentException("input " + i + " (" + t + ") needs " + t.byteSize()
                        + " bytes, got " + inputBytes[i].length);
            }
            fromBytes(inputBytes[i], buffers[t.index()]);
        }
        for (int k = 0; k < steps.size(); k++) {
            steps.get(k).run();
            if (trace != null) {
                Operator op = stepOps.get(k);
                int out = op.outputIndex(0);
                trace.operatorDone(op, out, toBytes(buffers[out]));
            }
        }
        byte[][] result = new byte[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            result[i] = toBytes(buffers[outputs[i]]);
        }
        return result;
    }

    private void requireSingle() {
        if (inputs.length != 1) {
            throw new IllegalStateException("the model has " + inputs.length
                    + " inputs: use run(byte[]...) with one array per input");
        }
    }

    /**
     * Sets every variable tensor to its initial value, as TFLite Micro's {@code MicroInterpreter::Reset()}: the zero
     * point for int8 tensors, 0 otherwise (a variable tensor's buffer data, if any, is ignored, as in TFLM). The
     * next run starts a new sequence.
     */
    public void reset() {
        for (int v : variables) {
            Tensor t = graph.tensor(v);
            Object b = buffer(v);
            if (b instanceof byte[] bytes) {
                Arrays.fill(bytes, t.type() == TensorType.INT8 ? (byte) t.quantization().zeroPoint(0) : 0);
            } else if (b instanceof short[] s) {
                Arrays.fill(s, (short) 0);
            } else if (b instanceof int[] i) {
                Arrays.fill(i, 0);
            } else if (b instanceof float[] f) {
                Arrays.fill(f, 0f);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ buffers

    /** The buffer of a tensor, allocated (and, for constants, filled) on first use at create time. */
    private Object buffer(int index) {
        Object b = buffers[index];
        if (b == null) {
            Tensor t = graph.tensor(index);
            b = allocate(t);
            if (t.hasData() && !t.isVariable()) {
                fromBytes(t.data(), b);
            }
            buffers[index] = b;
        }
        return b;
    }

    private static Object allocate(Tensor t) {
        int n = t.elementCount();
        return switch (t.type()) {
            case INT8 -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case FLOAT32 -> new float[n];
            default -> throw new IllegalStateException("no buffer type for " + t);
        };
    }

    private static void fromBytes(byte[] src, Object dst) {
        if (dst instanceof byte[] b) {
            System.arraycopy(src, 0, b, 0, b.length);
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        if (dst instanceof short[] s) {
            bb.asShortBuffer().get(s);
        } else if (dst instanceof int[] i) {
            bb.asIntBuffer().get(i);
        } else if (dst instanceof float[] f) {
            bb.asFloatBuffer().get(f);
        }
    }

    private static byte[] toBytes(Object src) {
        if (src instanceof byte[] b) {
            return b.clone();
        }
        if (src instanceof short[] s) {
            ByteBuffer bb = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            bb.asShortBuffer().put(s);
            return bb.array();
        }
        if (src instanceof int[] i) {
            ByteBuffer bb = ByteBuffer.allocate(i.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asIntBuffer().put(i);
            return bb.array();
        }
        float[] f = (float[]) src;
        ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(f);
        return bb.array();
    }

    private byte[] i8(int index) {
        return (byte[]) buffer(index);
    }

    // ------------------------------------------------------------------------------------------------ preparation

    /** Validates one operator and appends its step; returns the scratch ints it needs. */
    private int prepare(Operator op) {
        Check c = new Check(graph, op);
        if (!SUPPORTED.contains(op.type())) {
            throw c.fail(-1, "operator " + op.index() + " (" + op.displayName() + ") is not supported by the "
                    + "reference interpreter; supported: " + supportedList());
        }
        try {
            return switch (op.type()) {
                case CONV_2D -> conv(op, c);
                case DEPTHWISE_CONV_2D -> depthwise(op, c);
                case FULLY_CONNECTED -> fullyConnected(op, c);
                case AVERAGE_POOL_2D, MAX_POOL_2D -> pool(op, c);
                case ADD, MUL -> arithmetic(op, c);
                case SOFTMAX -> softmax(op, c);
                case RESHAPE -> reshape(op, c);
                case LOGISTIC, TANH -> logisticTanh(op, c);
                case RELU, RELU6 -> relu(op, c);
                case PAD -> pad(op, c);
                case MEAN -> mean(op, c);
                case CONCATENATION -> concatenation(op, c);
                case QUANTIZE -> quantize(op, c);
                case DEQUANTIZE -> dequantize(op, c);
                case UNIDIRECTIONAL_SEQUENCE_LSTM -> lstm(op, c);
                default -> throw c.fail(-1, "unhandled operator");
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.fail(-1, "cannot prepare operator " + op.index() + " (" + op.displayName() + "): "
                    + e.getMessage());
        }
    }

    private static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (OpType t : SUPPORTED) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
        }
        return sb.toString();
    }

    private void add(Operator op, Step step) {
        steps.add(step);
        stepOps.add(op);
    }

    private int conv(Operator op, Check c) {
        OpOptions.Conv2DOptions o = c.options(OpOptions.Conv2DOptions.class);
        Tensor in = c.input(0, TensorType.INT8, 4);
        Tensor filter = c.constInput(1, TensorType.INT8, 4);
        Tensor bias = c.optionalConstInput(2, TensorType.INT32);
        Tensor out = c.output(0, TensorType.INT8, 4);
        int[] is = in.shape();
        int[] fs = filter.shape();
        if (fs[3] != is[3]) {
            throw c.fail(filter.index(), "filter " + filter + " has " + fs[3] + " input channels but the input has "
                    + is[3] + " (grouped convolution is not supported)");
        }
        ConvGeometry g = ConvGeometry.of(o.padding(), is[0], is[1], is[2], is[3], fs[0], fs[1], fs[2], o.strideH(),
                o.strideW(), o.dilationH(), o.dilationW());
        c.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        Requant rq = Requant.of(QuantMath.perChannelMultipliers(c.scale(in), c.filterScales(filter, fs[0], 0),
                c.scale(out), fs[0]), c.zp(out), c.activation(o.activation(), out));
        Conv2D k = new Conv2D(g, filter.data(), bias == null ? null : c.ints(bias), -c.zp(in), rq);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        add(op, () -> k.run(x, y, scratch));
        macs += g.convMacs();
        return k.scratchSize();
    }

    private int depthwise(Operator op, Check c) {
        OpOptions.DepthwiseConv2DOptions o = c.options(OpOptions.DepthwiseConv2DOptions.class);
        Tensor in = c.input(0, TensorType.INT8, 4);
        Tensor filter = c.constInput(1, TensorType.INT8, 4);
        Tensor bias = c.optionalConstInput(2, TensorType.INT32);
        Tensor out = c.output(0, TensorType.INT8, 4);
        int[] is = in.shape();
        int[] fs = filter.shape();
        int outC = fs[3];
        if (fs[0] != 1 || outC % is[3] != 0) {
            throw c.fail(filter.index(), "depthwise filter " + filter + " must be [1, H, W, Cin x multiplier] for "
                    + is[3] + " input channels");
        }
        int mult = outC / is[3];
        ConvGeometry g = ConvGeometry.of(o.padding(), is[0], is[1], is[2], is[3], outC, fs[1], fs[2], o.strideH(),
                o.strideW(), o.dilationH(), o.dilationW());
        c.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        Requant rq = Requant.of(QuantMath.perChannelMultipliers(c.scale(in), c.filterScales(filter, outC, 3),
                c.scale(out), outC), c.zp(out), c.activation(o.activation(), out));
        DepthwiseConv2D k = new DepthwiseConv2D(g, mult, filter.data(), bias == null ? null : c.ints(bias),
                -c.zp(in), rq);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        add(op, () -> k.run(x, y, scratch));
        macs += (long) g.batches() * g.outH() * g.outW() * outC * fs[1] * fs[2];
        return k.scratchSize();
    }

    private int fullyConnected(Operator op, Check c) {
        OpOptions.FullyConnectedOptions o = c.options(OpOptions.FullyConnectedOptions.class);
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor w = c.constInput(1, TensorType.INT8, 2);
        Tensor bias = c.optionalConstInput(2, TensorType.INT32);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int outDepth = w.shape()[0];
        int accum = w.shape()[1];
        if (in.elementCount() % accum != 0 || out.elementCount() % outDepth != 0
                || in.elementCount() / accum != out.elementCount() / outDepth) {
            throw c.fail(in.index(), "input " + in + " does not fit weights " + w + " and output " + out);
        }
        if (o.weightsFormat() != 0) {
            throw c.fail(w.index(), "shuffled FULLY_CONNECTED weights (format " + o.weightsFormat()
                    + ") are not supported; only the default format is");
        }
        int batches = in.elementCount() / accum;
        Quantization wq = w.quantization();
        QuantMath.Multiplier[] ms;
        if (wq.perChannel()) {
            ms = QuantMath.perChannelMultipliers(c.scale(in), c.filterScales(w, outDepth, 0), c.scale(out), outDepth);
        } else {
            ms = new QuantMath.Multiplier[] {
                QuantMath.fullyConnectedMultiplier(c.scale(in), c.scale(w), c.scale(out))};
        }
        Requant rq = Requant.of(ms, c.zp(out), c.activation(o.activation(), out));
        FullyConnected k = new FullyConnected(batches, accum, outDepth, w.data(), wq.perChannel() ? 0 : -c.zp(w),
                bias == null ? null : c.ints(bias), -c.zp(in), rq);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        add(op, () -> k.run(x, 0, y, 0, scratch));
        macs += (long) batches * accum * outDepth;
        return k.scratchSize();
    }

    private int pool(Operator op, Check c) {
        OpOptions.Pool2DOptions o = c.options(OpOptions.Pool2DOptions.class);
        Tensor in = c.input(0, TensorType.INT8, 4);
        Tensor out = c.output(0, TensorType.INT8, 4);
        int[] is = in.shape();
        ConvGeometry g = ConvGeometry.of(o.padding(), is[0], is[1], is[2], is[3], is[3], o.filterHeight(),
                o.filterWidth(), o.strideH(), o.strideW(), 1, 1);
        c.expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
        QuantMath.ActivationRange r = c.activation(o.activation(), out);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        if (op.type() == OpType.AVERAGE_POOL_2D) {
            add(op, () -> Pooling.averagePool(g, r.min(), r.max(), x, y));
        } else {
            add(op, () -> Pooling.maxPool(g, r.min(), r.max(), x, y));
        }
        return 0;
    }

    private int arithmetic(Operator op, Check c) {
        Tensor a = c.input(0, TensorType.INT8, -1);
        Tensor b = c.input(1, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        Activation act = op.type() == OpType.ADD ? c.options(OpOptions.AddOptions.class).activation()
                : c.options(OpOptions.MulOptions.class).activation();
        QuantMath.ActivationRange r = c.activation(act, out);
        int[] shape = Broadcast.outputShape(a.shape(), b.shape());
        if (shape == null || !Arrays.equals(shape, out.shape()) && productOf(shape) != out.elementCount()) {
            throw c.fail(out.index(), "shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + " do not broadcast to output " + out);
        }
        byte[] x1 = i8(a.index());
        byte[] x2 = i8(b.index());
        byte[] y = i8(out.index());
        boolean same = Broadcast.sameShape(a.shape(), b.shape());
        Broadcast bc = same ? null : Broadcast.of(a.shape(), b.shape(), shape);
        int n = out.elementCount();
        if (op.type() == OpType.ADD) {
            Arithmetic.AddParams p = Arithmetic.AddParams.of(c.scale(a), c.zp(a), c.scale(b), c.zp(b), c.scale(out),
                    c.zp(out), r);
            add(op, same ? () -> Arithmetic.add(p, x1, x2, y, n) : () -> Arithmetic.add(p, bc, x1, x2, y));
        } else {
            Arithmetic.MulParams p = Arithmetic.MulParams.of(c.scale(a), c.zp(a), c.scale(b), c.zp(b), c.scale(out),
                    c.zp(out), r);
            add(op, same ? () -> Arithmetic.mul(p, x1, x2, y, n) : () -> Arithmetic.mul(p, bc, x1, x2, y));
        }
        return 0;
    }

    private static int productOf(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    private int softmax(Operator op, Check c) {
        OpOptions.SoftmaxOptions o = c.options(OpOptions.SoftmaxOptions.class);
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (c.zp(out) != -128 || Math.abs(c.scale(out) - 1f / 256) > 0.001f / 256) {
            throw c.fail(out.index(), "int8 SOFTMAX output " + out + " must have scale 1/256 and zero point -128");
        }
        if (in.elementCount() != out.elementCount() || in.shape().length == 0) {
            throw c.fail(out.index(), "SOFTMAX output " + out + " does not match input " + in);
        }
        int depth = in.shape()[in.shape().length - 1];
        int rows = in.elementCount() / Math.max(depth, 1);
        Softmax k = new Softmax(o.beta(), c.scale(in));
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        add(op, () -> k.run(x, y, rows, depth));
        return 0;
    }

    private int reshape(Operator op, Check c) {
        Tensor in = c.input(0, null, -1);
        Tensor out = c.output(0, in.type(), -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), "RESHAPE output " + out + " has a different element count than input " + in);
        }
        Object x = buffer(in.index());
        Object y = buffer(out.index());
        int n = in.elementCount();
        add(op, () -> System.arraycopy(x, 0, y, 0, n));
        return 0;
    }

    private int logisticTanh(Operator op, Check c) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        boolean logistic = op.type() == OpType.LOGISTIC;
        float wantScale = logistic ? 1f / 256 : 1f / 128;
        int wantZp = logistic ? -128 : 0;
        if (c.zp(out) != wantZp || c.scale(out) != wantScale) {
            throw c.fail(out.index(), "int8 " + op.type() + " output " + out + " must have scale "
                    + (logistic ? "1/256 and zero point -128" : "1/128 and zero point 0"));
        }
        Activations.InputScaling s = Activations.InputScaling.of(c.scale(in));
        int zp = c.zp(in);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        int n = in.elementCount();
        if (logistic) {
            add(op, () -> Activations.logistic(s, zp, x, y, n));
        } else {
            add(op, () -> Activations.tanh(s, zp, x, y, n));
        }
        return 0;
    }

    private int relu(Operator op, Check c) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        int n = in.elementCount();
        if (op.type() == OpType.RELU) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) c.scale(in) / (double) c.scale(out));
            int inZp = c.zp(in);
            int outZp = c.zp(out);
            float outScale = c.scale(out);
            add(op, () -> Activations.relu(m, inZp, outZp, outScale, x, y, n));
        } else {
            float s = c.scale(in);
            int zp = c.zp(in);
            add(op, () -> Activations.relu6(s, zp, x, y, n));
        }
        return 0;
    }

    private int pad(Operator op, Check c) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor paddings = c.constInput(1, TensorType.INT32, 2);
        if (op.inputIndex(2) >= 0) {
            throw c.fail(op.inputIndex(2), "PAD with an explicit constant value is not supported (PADV2 semantics)");
        }
        Tensor out = c.output(0, TensorType.INT8, -1);
        int rank = in.shape().length;
        int[] p = c.ints(paddings);
        if (paddings.shape()[0] != rank || paddings.shape()[1] != 2) {
            throw c.fail(paddings.index(), "paddings " + paddings + " must be [" + rank + ", 2]");
        }
        int[] before = new int[rank];
        int[] after = new int[rank];
        for (int d = 0; d < rank; d++) {
            before[d] = p[2 * d];
            after[d] = p[2 * d + 1];
            if (before[d] < 0 || after[d] < 0 || in.shape()[d] + before[d] + after[d] != out.shape()[d]) {
                throw c.fail(paddings.index(), "paddings " + Arrays.toString(p) + " do not turn " + in + " into "
                        + out);
            }
        }
        byte value = (byte) c.zp(out);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        int[] shape = in.shape();
        add(op, () -> DataMovement.pad(x, shape, before, after, value, y));
        return 0;
    }

    private int mean(Operator op, Check c) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor axis = c.constInput(1, TensorType.INT32, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        Mean k = new Mean(in.shape(), c.ints(axis), c.scale(in), c.zp(in), c.scale(out), c.zp(out));
        if (k.outputSize() != out.elementCount()) {
            throw c.fail(out.index(), "MEAN output " + out + " does not match the reduced input " + in);
        }
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        add(op, () -> k.run(x, y, scratch));
        return k.outputSize();
    }

    private int concatenation(Operator op, Check c) {
        OpOptions.ConcatenationOptions o = c.options(OpOptions.ConcatenationOptions.class);
        if (o.activation() != Activation.NONE) {
            throw c.fail(-1, "CONCATENATION with fused activation " + o.activation() + " is not supported");
        }
        Tensor out = c.output(0, TensorType.INT8, -1);
        int rank = out.shape().length;
        int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        if (axis < 0 || axis >= rank) {
            throw c.fail(out.index(), "axis " + o.axis() + " is outside the rank of " + out);
        }
        int n = op.inputCount();
        byte[][] xs = new byte[n][];
        int[] sizes = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            Tensor in = c.input(i, TensorType.INT8, rank);
            for (int d = 0; d < rank; d++) {
                if (d != axis && in.shape()[d] != out.shape()[d]) {
                    throw c.fail(in.index(), "input " + in + " does not match output " + out + " outside axis " + axis);
                }
            }
            xs[i] = i8(in.index());
            sizes[i] = in.shape()[axis];
            total += sizes[i];
        }
        if (total != out.shape()[axis]) {
            throw c.fail(out.index(), "inputs add up to " + total + " along axis " + axis + ", output " + out);
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.shape()[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= out.shape()[d];
        }
        byte[] y = i8(out.index());
        int fo = outer;
        int fi = inner;
        add(op, () -> DataMovement.concatenate(xs, sizes, fo, fi, y));
        return 0;
    }

    private int quantize(Operator op, Check c) {
        Tensor in = c.input(0, null, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int n = out.elementCount();
        byte[] y = i8(out.index());
        if (in.type() == TensorType.FLOAT32) {
            float[] x = (float[]) buffer(in.index());
            float s = c.scale(out);
            int zp = c.zp(out);
            add(op, () -> QuantizeOps.quantize(x, s, zp, y, n));
        } else if (in.type() == TensorType.INT8) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) c.scale(in) / (double) c.scale(out));
            byte[] x = i8(in.index());
            int inZp = c.zp(in);
            int outZp = c.zp(out);
            add(op, () -> QuantizeOps.requantize(x, inZp, m, outZp, y, n));
        } else {
            throw c.fail(in.index(), "QUANTIZE from " + in.type() + " is not supported; supported: FLOAT32 or INT8 "
                    + "to INT8");
        }
        return 0;
    }

    private int dequantize(Operator op, Check c) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.FLOAT32, -1);
        byte[] x = i8(in.index());
        float[] y = (float[]) buffer(out.index());
        float s = c.scale(in);
        int zp = c.zp(in);
        int n = in.elementCount();
        add(op, () -> QuantizeOps.dequantize(x, s, zp, y, n));
        return 0;
    }

    private int lstm(Operator op, Check c) {
        OpOptions.UnidirectionalSequenceLSTMOptions o = c.options(OpOptions.UnidirectionalSequenceLSTMOptions.class);
        if (op.inputCount() != 24) {
            throw c.fail(-1, "UNIDIRECTIONAL_SEQUENCE_LSTM needs 24 inputs, has " + op.inputCount());
        }
        for (int i : new int[] {9, 10, 11, 16, 17, 20, 21, 22, 23}) {
            if (op.inputIndex(i) >= 0) {
                throw c.fail(op.inputIndex(i), "LSTM input " + i + " is set: peephole, projection and layer-norm "
                        + "LSTMs are not supported (only the standard LSTM, as TFLM)");
            }
        }
        if (o.activation() != Activation.TANH) {
            throw c.fail(-1, "LSTM cell activation " + o.activation() + " is not supported; supported: TANH");
        }
        Tensor in = c.input(0, TensorType.INT8, 3);
        Tensor hidden = c.input(18, TensorType.INT8, -1);
        Tensor cell = c.input(19, TensorType.INT16, -1);
        Tensor out = c.output(0, TensorType.INT8, 3);
        if (!hidden.isVariable() || !cell.isVariable()) {
            throw c.fail(hidden.isVariable() ? cell.index() : hidden.index(), "LSTM state tensors must be variables");
        }
        int[] is = in.shape();
        boolean timeMajor = o.timeMajor();
        int batches = timeMajor ? is[1] : is[0];
        int time = timeMajor ? is[0] : is[1];
        int inputDim = is[2];
        Tensor fw = c.constInput(2, TensorType.INT8, 2);
        int state = fw.shape()[0];
        if (hidden.elementCount() != batches * state || cell.elementCount() != batches * state) {
            throw c.fail(hidden.index(), "LSTM states " + hidden + " / " + cell + " do not hold " + batches + " x "
                    + state + " values");
        }
        c.expectShape(out, is[0], is[1], state);
        LstmInt8.Gate[] gates = new LstmInt8.Gate[4];
        int[][] idx = {{2, 6, 13}, {1, 5, 12}, {3, 7, 14}, {4, 8, 15}}; // forget, input, cell, output
        for (int k = 0; k < 4; k++) {
            Tensor wi = c.constInput(idx[k][0], TensorType.INT8, 2);
            Tensor wr = c.constInput(idx[k][1], TensorType.INT8, 2);
            Tensor b = c.constInput(idx[k][2], TensorType.INT32, 1);
            c.expectShape(wi, state, inputDim);
            c.expectShape(wr, state, state);
            c.expectShape(b, state);
            gates[k] = new LstmInt8.Gate(wi.data(), c.filterScales(wi, state, 0), c.zp(wi), wr.data(),
                    c.filterScales(wr, state, 0), c.zp(wr), c.ints(b));
        }
        LstmInt8.Config cfg = new LstmInt8.Config(batches, time, inputDim, state, timeMajor, c.scale(in), c.zp(in),
                c.scale(hidden), c.zp(hidden), c.scale(cell), o.cellClip(), true);
        LstmInt8 k = new LstmInt8(cfg, gates[0], gates[1], gates[2], gates[3]);
        byte[] x = i8(in.index());
        byte[] y = i8(out.index());
        byte[] h = i8(hidden.index());
        short[] cs = (short[]) buffer(cell.index());
        add(op, () -> k.run(x, y, h, cs, scratch));
        macs += (long) batches * time * 4 * state * (inputDim + state);
        return k.scratchSize();
    }

    /** Per-operator validation helpers; failures name the operator and tensor. */
    private static final class Check {
        private final Graph g;
        private final Operator op;

        Check(Graph g, Operator op) {
            this.g = g;
            this.op = op;
        }

        UnsupportedModelException fail(int tensor, String message) {
            String prefix = "operator " + op.index() + " (" + op.displayName() + ")";
            String msg = message.startsWith("operator " + op.index()) ? message : prefix + ": " + message;
            return new UnsupportedModelException(op.index(), op.displayName(), tensor, msg);
        }

        <T extends OpOptions> T options(Class<T> type) {
            if (!type.isInstance(op.options())) {
                throw fail(-1, "options are " + op.options().getClass().getSimpleName() + ", expected "
                        + type.getSimpleName());
            }
            return type.cast(op.options());
        }

        Tensor input(int i, TensorType type, int rank) {
            int t = op.inputIndex(i);
            if (t < 0) {
                throw fail(-1, "input " + i + " is missing");
            }
            return check(g.tensor(t), "input " + i, type, rank);
        }

        Tensor constInput(int i, TensorType type, int rank) {
            Tensor t = input(i, type, rank);
            if (!t.hasData() || t.isVariable()) {
                throw fail(t.index(), "input " + i + " " + t + " must be a constant tensor");
            }
            return t;
        }

        Tensor optionalConstInput(int i, TensorType type) {
            if (op.inputIndex(i) < 0) {
                return null;
            }
            return constInput(i, type, -1);
        }

        Tensor output(int i, TensorType type, int rank) {
            if (i >= op.outputCount()) {
                throw fail(-1, "output " + i + " is missing");
            }
            return check(g.tensor(op.outputIndex(i)), "output " + i, type, rank);
        }

        private Tensor check(Tensor t, String what, TensorType type, int rank) {
            if (type != null && t.type() != type) {
                throw fail(t.index(), what + " " + t + " has type " + t.type() + "; supported: " + type);
            }
            if (type == null && !(t.type() == TensorType.INT8 || t.type() == TensorType.INT16
                    || t.type() == TensorType.INT32 || t.type() == TensorType.FLOAT32)) {
                throw fail(t.index(), what + " " + t + " has type " + t.type()
                        + "; supported: INT8, INT16, INT32, FLOAT32");
            }
            if (rank >= 0 && t.shape().length != rank) {
                throw fail(t.index(), what + " " + t + " has rank " + t.shape().length + ", expected " + rank);
            }
            if ((type == TensorType.INT8 || type == TensorType.INT16) && !t.quantization().isQuantized()) {
                throw fail(t.index(), what + " " + t + " has no quantization scale");
            }
            return t;
        }

        void expectShape(Tensor t, int... dims) {
            if (!Arrays.equals(t.shape(), dims)) {
                throw fail(t.index(), t + " has shape " + Arrays.toString(t.shape()) + ", expected "
                        + Arrays.toString(dims));
            }
        }

        float scale(Tensor t) {
            if (!t.quantization().isQuantized()) {
                throw fail(t.index(), t + " has no quantization scale");
            }
            return t.quantization().scale(0);
        }

        int zp(Tensor t) {
            return (int) t.quantization().zeroPoint(0);
        }

        float[] filterScales(Tensor filter, int channels, int axis) {
            Quantization q = filter.quantization();
            if (!q.isQuantized()) {
                throw fail(filter.index(), filter + " has no quantization scale");
            }
            if (q.perChannel()) {
                if (q.channelCount() != channels || q.quantizedDimension() != axis) {
                    throw fail(filter.index(), filter + " has " + q.channelCount() + " scales on axis "
                            + q.quantizedDimension() + ", expected " + channels + " on axis " + axis);
                }
                for (int ch = 0; ch < channels; ch++) {
                    if (q.zeroPoint(ch) != 0) {
                        throw fail(filter.index(), filter + " has a non-zero zero point on channel " + ch
                                + "; per-channel weights must be symmetric");
                    }
                }
            }
            return q.scales();
        }

        QuantMath.ActivationRange activation(Activation a, Tensor out) {
            if (a == Activation.TANH || a == Activation.SIGN_BIT) {
                throw fail(out.index(), "fused activation " + a + " is not supported; supported: NONE, RELU, "
                        + "RELU6, RELU_N1_TO_1");
            }
            return QuantMath.activationRangeInt8(a, scale(out), zp(out));
        }

        int[] ints(Tensor t) {
            int[] v = new int[t.elementCount()];
            t.dataView().asIntBuffer().get(v);
            return v;
        }
    }
}
