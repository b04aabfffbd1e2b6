package dev.prunus.core.interp;

import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.InterpreterSetup;
import dev.prunus.core.ops.OperandCheck;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.ops.OperatorDefinition;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Bit-exact int8 reference interpreter: runs the main graph of a model with the semantics of TensorFlow Lite
 * Micro's reference kernels (see {@link dev.prunus.core.interp.kernels}). A float32 front end that enters the int8
 * graph through QUANTIZE (operators that write FLOAT32 from FLOAT32) runs with the float evaluator's kernels
 * ({@link FloatSteps}).
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

    /** Operators the interpreter runs: the operator catalogue's (int8 activations unless an operator says). */
    public static final Set<OpType> SUPPORTED = OperatorCatalogue.SUPPORTED;

    private final Graph graph;
    private final Object[] buffers;
    /** The float32 buffers of a mixed model's float steps, by tensor index (see {@link FloatSteps}). */
    private final float[][] floatViews;
    /** Whether the graph has a float front end whose operators run as float steps. */
    private final boolean mixed;
    private final List<Runnable> steps = new ArrayList<>();
    private final List<Operator> stepOps = new ArrayList<>();
    private final int[] inputs;
    private final int[] outputs;
    private final int[] variables;
    private final int[] scratch;
    private long macs;
    /** Scratch ints the operator being prepared asked for. */
    private int reservedScratch;

    private Interpreter(Graph graph) {
        this.graph = graph;
        this.buffers = new Object[graph.tensors().size()];
        this.floatViews = new float[graph.tensors().size()][];
        this.mixed = FloatSteps.hasFloatFrontEnd(graph);
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
        ModelBounds.check(g);
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

    /** The index of the largest value of an int8 output (the first one on ties): the predicted class. */
    public static int argmax(byte[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        return best;
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
            TensorBuffers.fromBytes(inputBytes[i], buffers[t.index()]);
        }
        for (int k = 0; k < steps.size(); k++) {
            steps.get(k).run();
            if (trace != null) {
                Operator op = stepOps.get(k);
                int out = op.outputIndex(0);
                trace.operatorDone(op, out, TensorBuffers.toBytes(buffers[out]));
            }
        }
        byte[][] result = new byte[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            result[i] = TensorBuffers.toBytes(buffers[outputs[i]]);
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
            b = TensorBuffers.allocate(t);
            if (t.hasData() && !t.isVariable()) {
                TensorBuffers.fromBytes(t.data(), b);
            }
            buffers[index] = b;
        }
        return b;
    }

    private byte[] i8(int index) {
        return (byte[]) buffer(index);
    }

    // ------------------------------------------------------------------------------------------------ preparation

    /** Validates one operator and appends its step; returns the scratch ints it needs. */
    private int prepare(Operator op) {
        OperandCheck c = new OperandCheck(graph, op);
        if (mixed && FloatSteps.isFloatStep(graph, op)) {
            try {
                add(op, FloatSteps.prepare(graph, op, floatViews, this::buffer));
                return 0;
            } catch (PrunusException e) {
                throw c.fail(-1, "cannot prepare the float operator " + op.index() + " (" + op.displayName() + "): "
                        + e.getMessage());
            }
        }
        if (!SUPPORTED.contains(op.type())) {
            throw c.fail(-1, "operator " + op.index() + " (" + op.displayName() + ") is not supported by the "
                    + "reference interpreter; supported: " + OperatorCatalogue.supportedList());
        }
        try {
            OperatorDefinition def = OperatorCatalogue.of(op.type());
            reservedScratch = 0;
            def.prepare(setup, c, op);
            macs += def.macs(graph, op);
            return reservedScratch;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw c.fail(-1, "cannot prepare operator " + op.index() + " (" + op.displayName() + "): "
                    + e.getMessage());
        }
    }

    private void add(Operator op, Runnable step) {
        steps.add(step);
        stepOps.add(op);
    }

    /** What the operator definitions see of this interpreter while it is prepared. */
    private final InterpreterSetup setup = new InterpreterSetup() {
        @Override
        public Graph graph() {
            return graph;
        }

        @Override
        public Object buffer(int tensor) {
            return Interpreter.this.buffer(tensor);
        }

        @Override
        public void addStep(Operator op, Runnable step) {
            add(op, step);
        }

        @Override
        public void reserveScratch(int ints) {
            reservedScratch = Math.max(reservedScratch, ints);
        }

        @Override
        public int[] scratch() {
            return scratch;
        }
    };
}
