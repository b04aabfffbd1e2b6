package dev.prunus.core.quantize;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.SignatureDef;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.floatops.FloatOperands;

/**
 * Post-training quantization of a float32 model to TFLite's full-integer int8 form, the form TFLite Micro runs:
 * <ul>
 * <li>weights of CONV_2D (per output channel), DEPTHWISE_CONV_2D (per channel of the last dimension) and
 * FULLY_CONNECTED (per output row, or per tensor as an option): symmetric int8 in [-127, 127], zero point 0,
 * scale = max |w| / 127;</li>
 * <li>biases: int32 at scale input scale x weight scale, zero point 0;</li>
 * <li>activations: asymmetric int8 from the min/max seen over the calibration samples (always including 0), except
 * where TFLite fixes them ({@link OutputRule});</li>
 * <li>graph inputs and outputs int8 by default; {@link QuantizeOptions#floatIo()} keeps them float with QUANTIZE and
 * DEQUANTIZE at the edges;</li>
 * <li>transformers: attention products and x^3 rewritten first ({@link Int8Rewrites}); a front end without int8
 * form (KWT-1's audio features up to LOG) kept float32 ({@link FloatFrontEnd}).</li>
 * </ul>
 * The result runs in {@link dev.prunus.core.interp.Interpreter}, is written by
 * {@link dev.prunus.core.tflite.TfliteWriter} and, without a float front end, goes through pruning and C generation
 * like any int8 model.
 * Deterministic: the same model, samples and options give the same bytes.
 */
public final class PostTrainingQuantizer {

    /**
     * The quantized model and what calibration gave.
     *
     * @param model            the int8 model
     * @param samplesUsed      calibration samples run
     * @param calibratedRanges per activation tensor of the float model (its index), the [lo, hi] range the method chose
     *                         before 0 was added; tensors the rewrites add ({@link Int8Rewrites}) follow the
     *                         model's own
     * @param floatOperators   operators kept in float32 (a front end without int8 form, see {@link FloatFrontEnd})
     */
    public record Result(Model model, int samplesUsed, Map<Integer, float[]> calibratedRanges, int floatOperators) {
    }

    private static final Map<OpType, Integer> INT8_VERSION = new EnumMap<>(OpType.class);

    static {
        // The operator versions TFLite's converter writes for int8 kernels (TFLM ignores them; desktop TFLite
        // checks them against its registrations).
        INT8_VERSION.put(OpType.CONV_2D, 3);
        INT8_VERSION.put(OpType.DEPTHWISE_CONV_2D, 3);
        INT8_VERSION.put(OpType.FULLY_CONNECTED, 4);
        INT8_VERSION.put(OpType.BATCH_MATMUL, 1);
        for (OpType t : new OpType[] {OpType.ADD, OpType.MUL, OpType.AVERAGE_POOL_2D, OpType.MAX_POOL_2D,
            OpType.SOFTMAX, OpType.MEAN, OpType.PAD, OpType.CONCATENATION, OpType.RELU, OpType.RELU6,
            OpType.LOGISTIC, OpType.TANH, OpType.DEQUANTIZE, OpType.SUB, OpType.SQUARED_DIFFERENCE, OpType.RSQRT,
            OpType.TRANSPOSE, OpType.STRIDED_SLICE}) {
            INT8_VERSION.put(t, 2);
        }
    }

    private PostTrainingQuantizer() {
    }

    /**
     * Quantizes the main graph of a float32 model, calibrating activation ranges on {@code data}.
     *
     * @throws QuantizeException when the model is not float32, has an operator without int8 form, or the data does
     *                           not fit its inputs; nothing is computed then
     */
    public static Result quantize(Model floatModel, CalibrationSource data, QuantizeOptions options) {
        checkQuantizable(floatModel);
        floatModel = Int8Rewrites.apply(floatModel);
        FloatEvaluator evaluator = FloatEvaluator.create(floatModel);
        int count = options.maxSamples() > 0 ? Math.min(options.maxSamples(), data.size()) : data.size();
        if (count == 0) {
            throw new QuantizeException("no calibration samples: give at least one (a few hundred that cover every "
                    + "class are typical)");
        }
        MinMaxObserver ranges = calibrate(evaluator, data, count, null);
        Graph g = floatModel.main();
        float[][] chosen = new float[g.tensors().size()][];
        HistogramObserver histograms = null;
        if (options.method() == CalibrationMethod.PERCENTILE || options.method() == CalibrationMethod.MSE) {
            histograms = new HistogramObserver(ranges, g.tensors().size());
            calibrate(evaluator, data, count, histograms);
        }
        for (Tensor t : g.tensors()) {
            int i = t.index();
            if (!ranges.seen(i)) {
                continue;
            }
            // Inputs take the overall range under every method: the int8 records must hold every input value.
            CalibrationMethod method = g.isGraphInput(i) ? CalibrationMethod.MIN_MAX : options.method();
            chosen[i] = switch (method) {
                case MIN_MAX -> new float[] {ranges.min(i), ranges.max(i)};
                case AVERAGED_MIN_MAX -> new float[] {ranges.meanMin(i), ranges.meanMax(i)};
                case PERCENTILE -> histograms.range(i, PERCENTILE_TAIL);
                case MSE -> histograms.mseRange(i);
            };
        }
        Map<Integer, float[]> seen = new LinkedHashMap<>();
        for (Tensor t : g.tensors()) {
            if (chosen[t.index()] != null) {
                seen.put(t.index(), chosen[t.index()].clone());
            }
        }
        FloatFrontEnd front = FloatFrontEnd.of(g);
        return new Result(build(floatModel, chosen, options, front), count, seen, front.count);
    }

    /** Fraction of the values {@link CalibrationMethod#PERCENTILE} leaves outside the range on each side. */
    static final double PERCENTILE_TAIL = 1e-4;

    /**
     * Runs the first {@code count} samples through the float graph, showing every activation to {@code extra} (may
     * be null) and recording every activation's min and max.
     */
    static MinMaxObserver calibrate(FloatEvaluator evaluator, CalibrationSource data, int count,
            TensorObserver extra) {
        Graph g = evaluator.graph();
        MinMaxObserver observer = new MinMaxObserver(g.tensors().size());
        TensorObserver both = extra == null ? observer : (t, v) -> {
            observer.observe(t, v);
            extra.observe(t, v);
        };
        for (int s = 0; s < count; s++) {
            float[][] sample = data.sample(s);
            if (sample.length != g.inputs().length) {
                throw new QuantizeException("calibration sample " + s + " has " + sample.length + " input arrays; the"
                        + " model has " + g.inputs().length + " inputs");
            }
            for (int i = 0; i < sample.length; i++) {
                if (sample[i].length != evaluator.inputSize(i)) {
                    throw new QuantizeException("calibration sample " + s + " input " + i + " has "
                            + sample[i].length + " values; " + g.input(i) + " needs " + evaluator.inputSize(i));
                }
            }
            evaluator.run(sample, both);
        }
        return observer;
    }

    /**
     * Checks, before any work, that the model is float32 and that every operator has an int8 form.
     *
     * @throws QuantizeException naming the offending tensor, or every unsupported operator type (first index, count)
     */
    public static void checkQuantizable(Model model) {
        Graph g = model.main();
        for (int t : g.inputs()) {
            Tensor in = g.tensor(t);
            if (in.type() != TensorType.FLOAT32) {
                throw new QuantizeException("graph input " + in + " is " + in.type() + (in.quantization().isQuantized()
                        ? ": the model is already quantized. Quantize takes a float32 model; run, prune or generate "
                                + "this one directly" : "; quantize takes a model with FLOAT32 inputs"));
            }
        }
        for (Operator op : g.operators()) {
            for (int t : op.outputs()) {
                Tensor out = g.tensor(t);
                if (out.type() != TensorType.FLOAT32) {
                    throw new QuantizeException("operator " + op.index() + " (" + op.displayName() + ") writes "
                            + out + " of type " + out.type() + ": the model is " + (out.type() == TensorType.INT8
                                    ? "already (partly) quantized" : "not a float32 model")
                            + ". Quantize takes a model whose activations are all FLOAT32");
                }
            }
        }
        // Operators without an int8 form stay float when they form a front end (see FloatFrontEnd).
        FloatFrontEnd.of(Int8Rewrites.apply(model).main());
    }

    /** The quantizable operators, sorted, for messages. */
    public static String supportedList() {
        return OutputRule.quantizable().stream().map(Enum::name).sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    // ----------------------------------------------------------------------------------------------- building

    private static Model build(Model model, float[][] ranges, QuantizeOptions options, FloatFrontEnd front) {
        Graph g = model.main();
        int n = g.tensors().size();
        Quantization[] act = new Quantization[n];
        for (int t : g.inputs()) {
            act[t] = options.fixedInput() ? Quantization.perTensor(options.inputScale(), options.inputZeroPoint())
                    : calibrated(g, ranges, t);
        }
        // Float results read by int8 operators get the QUANTIZE parameters of their calibrated range.
        for (Operator op : g.operators()) {
            if (front.floatOp[op.index()]) {
                continue;
            }
            for (int t : op.inputs()) {
                if (t >= 0 && front.floatTensor[t] && !g.isGraphInput(t)) {
                    act[t] = calibrated(g, ranges, t);
                }
            }
        }
        // Inputs of a CONCATENATION that must be requantized to the shared parameters: operator -> input position.
        Map<Integer, List<Integer>> requantize = new HashMap<>();
        for (Operator op : g.operators()) {
            if (front.floatOp[op.index()]) {
                continue;
            }
            OutputRule rule = OutputRule.of(op.type());
            int out = op.outputIndex(0);
            switch (rule) {
                case CALIBRATED -> act[out] = calibrated(g, ranges, out);
                case SAME_AS_INPUT -> act[out] = act[op.inputIndex(0)] != null ? act[op.inputIndex(0)]
                        : calibrated(g, ranges, out); // a constant input: the output's own range
                case FIXED -> act[out] = OutputRule.fixedOutput(op.type());
                case SHARED_BY_INPUTS -> {
                    // The output's range is the union of the inputs' ranges (it holds all their values).
                    act[out] = calibrated(g, ranges, out);
                    for (int i = 0; i < op.inputCount(); i++) {
                        int in = op.inputIndex(i);
                        Tensor t = g.tensor(in);
                        if (t.isConstant() || QuantParams.sameParameters(act[in], act[out])) {
                            continue;
                        }
                        if (!front.floatTensor[in] && canTakeParameters(g, in)) {
                            act[in] = act[out];
                        } else {
                            requantize.computeIfAbsent(op.index(), k -> new ArrayList<>()).add(i);
                        }
                    }
                }
                default -> throw new IllegalStateException("no rule for " + op.displayName());
            }
        }
        return new Builder(model, act, requantize, options, front).build();
    }

    /** Whether an activation may take other parameters: written by a calibrated operator and read only once. */
    private static boolean canTakeParameters(Graph g, int tensor) {
        if (g.isGraphInput(tensor) || g.isGraphOutput(tensor) || g.consumersOf(tensor).size() != 1) {
            return false;
        }
        return g.producerOf(tensor).map(p -> OutputRule.of(p.type()) == OutputRule.CALIBRATED).orElse(false);
    }

    private static Quantization calibrated(Graph g, float[][] ranges, int tensor) {
        if (ranges[tensor] == null) {
            throw new QuantizeException("calibration never saw values of " + g.tensor(tensor)
                    + " (no operator writes it)");
        }
        float lo = ranges[tensor][0];
        float hi = ranges[tensor][1];
        if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
            throw new QuantizeException("calibration saw non-finite values in " + g.tensor(tensor) + " (range " + lo
                    + " .. " + hi + "); check that the samples are in the model's input domain");
        }
        return QuantParams.asymmetric(lo, hi);
    }

    /** Assembles the int8 graph: tensors converted, weights and biases quantized, edge operators added. */
    private static final class Builder {
        private final Model model;
        private final Graph g;
        private final Quantization[] act;
        private final Map<Integer, List<Integer>> requantize;
        private final QuantizeOptions options;
        private final FloatFrontEnd front;
        private final List<Tensor> tensors = new ArrayList<>();
        private final List<Operator> ops = new ArrayList<>();
        /** Tensor read in place of a graph input / written in place of a graph output (float edges). */
        private final Map<Integer, Integer> replaced = new HashMap<>();

        Builder(Model model, Quantization[] act, Map<Integer, List<Integer>> requantize, QuantizeOptions options,
                FloatFrontEnd front) {
            this.front = front;
            this.model = model;
            this.g = model.main();
            this.act = act;
            this.requantize = requantize;
            this.options = options;
        }

        Model build() {
            for (Tensor t : g.tensors()) {
                Tensor copy = t;
                if (act[t.index()] != null && !front.floatTensor[t.index()]) {
                    copy = new Tensor(t.index(), t.name(), TensorType.INT8, t.shape(), t.shapeSignature(), t.hasRank(),
                            act[t.index()], false, null);
                }
                tensors.add(copy);
            }
            for (int t : g.inputs()) {
                if (front.floatTensor[t] && readByInt8(t)) {
                    quantizeBoundary(t);
                }
            }
            if (options.floatIo()) {
                for (int t : g.inputs()) {
                    if (front.floatTensor[t]) {
                        continue;
                    }
                    int q = addTensor(g.tensor(t), "_int8", act[t]);
                    tensors.set(t, g.tensor(t));
                    replaced.put(t, q);
                    ops.add(new Operator(ops.size(), OpType.QUANTIZE, new int[] {t}, new int[] {q},
                            OpOptions.NoOptions.INSTANCE));
                }
                for (int t : g.outputs()) {
                    if (!replaced.containsKey(t)) {
                        replaced.put(t, addTensor(g.tensor(t), "_int8", act[t]));
                        tensors.set(t, g.tensor(t));
                    }
                }
            }
            for (Operator op : g.operators()) {
                if (!front.floatOp[op.index()]) {
                    ops.add(convert(op));
                    continue;
                }
                ops.add(op.withIndex(ops.size()));
                for (int t : op.outputs()) {
                    if (readByInt8(t)) {
                        quantizeBoundary(t);
                    }
                }
            }
            if (options.floatIo()) {
                for (int t : g.outputs()) {
                    ops.add(new Operator(ops.size(), OpType.DEQUANTIZE, new int[] {replaced.get(t)}, new int[] {t},
                            OpOptions.NoOptions.INSTANCE).withVersion(2));
                }
            }
            for (Operator op : ops) {
                for (int t : op.inputs()) {
                    if (t >= 0 && tensors.get(t).type() == TensorType.FLOAT32 && op.type() != OpType.QUANTIZE
                            && !isFloatStep(op)) {
                        throw new QuantizeException("operator " + op.index() + " (" + op.displayName() + ") would read "
                                + "the float tensor " + tensors.get(t) + "; this operand has no int8 form");
                    }
                }
            }
            int[] oldToNew = new int[tensors.size()];
            Graph quantized = new Graph(g.name(), tensors, ops, g.inputs(), g.outputs()).withoutUnusedTensors(oldToNew);
            List<SignatureDef> signatures = new ArrayList<>();
            for (SignatureDef s : model.signatureDefs()) {
                if (s.subgraphIndex() != 0) {
                    signatures.add(s);
                    continue;
                }
                signatures.add(new SignatureDef(s.key(), 0, remap(s.inputs(), oldToNew), remap(s.outputs(), oldToNew)));
            }
            return model.withMain(quantized).withSignatureDefs(signatures);
        }

        private List<SignatureDef.TensorMap> remap(List<SignatureDef.TensorMap> maps, int[] oldToNew) {
            List<SignatureDef.TensorMap> out = new ArrayList<>();
            for (SignatureDef.TensorMap m : maps) {
                out.add(new SignatureDef.TensorMap(m.name(), oldToNew[m.tensorIndex()]));
            }
            return out;
        }

        private boolean readByInt8(int t) {
            return g.consumersOf(t).stream().anyMatch(c -> !front.floatOp[c.index()]);
        }

        /** A float front-end result that int8 operators read: an int8 copy written by a QUANTIZE. */
        private void quantizeBoundary(int t) {
            int q = addTensor(g.tensor(t), "_int8", act[t]);
            replaced.put(t, q);
            ops.add(new Operator(ops.size(), OpType.QUANTIZE, new int[] {t}, new int[] {q},
                    OpOptions.NoOptions.INSTANCE));
        }

        /** Whether an operator of the result is a kept float operator (it writes a float tensor). */
        private boolean isFloatStep(Operator op) {
            return op.type() != OpType.DEQUANTIZE && op.outputCount() > 0
                    && tensors.get(op.outputIndex(0)).type() == TensorType.FLOAT32;
        }

        private int addTensor(Tensor like, String suffix, Quantization q) {
            int index = tensors.size();
            tensors.add(new Tensor(index, like.name() + suffix, TensorType.INT8, like.shape(), like.shapeSignature(),
                    like.hasRank(), q, false, null));
            return index;
        }

        private int addConstant(Tensor like, String suffix, TensorType type, byte[] data, Quantization q) {
            int index = tensors.size();
            tensors.add(new Tensor(index, like.name() + suffix, type, like.shape(), like.shapeSignature(),
                    like.hasRank(), q, false, data));
            return index;
        }

        private Operator convert(Operator op) {
            int[] in = op.inputs();
            int[] out = op.outputs();
            for (int i = 0; i < in.length; i++) {
                if (in[i] >= 0 && replaced.containsKey(in[i])) {
                    in[i] = replaced.get(in[i]);
                }
            }
            for (int i = 0; i < out.length; i++) {
                if (replaced.containsKey(out[i])) {
                    out[i] = replaced.get(out[i]);
                }
            }
            switch (op.type()) {
                case CONV_2D -> weightsAndBias(op, in, 0);
                case DEPTHWISE_CONV_2D -> weightsAndBias(op, in, 3);
                case FULLY_CONNECTED -> weightsAndBias(op, in, options.perChannelFullyConnected() ? 0 : -1);
                case ADD, MUL, SUB, SQUARED_DIFFERENCE, BATCH_MATMUL -> {
                    // A constant operand becomes a per-tensor asymmetric int8 constant covering its values and 0.
                    for (int i = 0; i < 2; i++) {
                        Tensor t = g.tensor(op.inputIndex(i));
                        if (t.isConstant()) {
                            float[] real = FloatOperands.realValues(t);
                            float lo = 0;
                            float hi = 0;
                            for (float v : real) {
                                lo = Math.min(lo, v);
                                hi = Math.max(hi, v);
                            }
                            in[i] = constantInt8(t, real, QuantParams.asymmetric(lo, hi));
                        }
                    }
                }
                case CONCATENATION -> {
                    Quantization shared = act[op.outputIndex(0)];
                    List<Integer> positions = requantize.getOrDefault(op.index(), List.of());
                    for (int i = 0; i < in.length; i++) {
                        Tensor t = g.tensor(op.inputIndex(i));
                        if (t.isConstant()) {
                            in[i] = constantInt8(t, FloatOperands.realValues(t), shared);
                        } else if (positions.contains(i)) {
                            int q = addTensor(t, "_requantized", shared);
                            ops.add(new Operator(ops.size(), OpType.QUANTIZE, new int[] {in[i]}, new int[] {q},
                                    OpOptions.NoOptions.INSTANCE).withVersion(2));
                            in[i] = q;
                        }
                    }
                }
                default -> {
                }
            }
            Operator converted = new Operator(ops.size(), op.builtinCode(), op.customCode(),
                    Math.max(op.version(), INT8_VERSION.getOrDefault(op.type(), 1)), in, out, op.intermediates(),
                    op.options(), op.customOptions(), op.mutatingVariableInputs());
            return converted;
        }

        private int constantInt8(Tensor t, float[] real, Quantization q) {
            byte[] data = new byte[real.length];
            for (int k = 0; k < real.length; k++) {
                data[k] = QuantParams.quantize(real[k], q);
            }
            return addConstant(t, "_int8", TensorType.INT8, data, q);
        }

        /** Quantizes input 1 (weights, along {@code axis}; -1 = per tensor) and input 2 (bias) of {@code op}. */
        private void weightsAndBias(Operator op, int[] in, int axis) {
            Tensor w = g.tensor(op.inputIndex(1));
            if (!w.isConstant()) {
                throw new QuantizeException("operator " + op.index() + " (" + op.displayName() + ") has non-constant "
                        + "weights " + w + "; only constant weights can be quantized");
            }
            QuantParams.Int8Weights qw = QuantParams.symmetricWeights(FloatOperands.realValues(w), w.shape(), axis);
            in[1] = addConstant(w, "", TensorType.INT8, qw.data(), qw.quantization());
            int b = op.inputIndex(2);
            if (b >= 0) {
                Tensor bias = g.tensor(b);
                if (!bias.isConstant()) {
                    throw new QuantizeException("operator " + op.index() + " (" + op.displayName() + ") has a "
                            + "non-constant bias " + bias + "; only constant biases can be quantized");
                }
                float inScale = act[op.inputIndex(0)].scale(0);
                QuantParams.Int32Bias qb = QuantParams.bias(FloatOperands.realValues(bias), inScale,
                        qw.quantization().scales());
                in[2] = addConstant(bias, "", TensorType.INT32, qb.data(), qb.quantization());
            }
        }
    }
}
