package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.LstmInt8;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.UnidirectionalSequenceLSTMOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;
import java.util.List;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM: the standard int8 LSTM with int16 cell state (no peephole, projection or layer
 * normalisation), as TFLite Micro runs it; the hidden and cell states are variable tensors.
 */
final class LstmOp implements OperatorDefinition {

    // UnidirectionalSequenceLSTMOptions: union code 71, field ids of the schema's table.
    private static final int ACTIVATION = 0, CELL_CLIP = 1, PROJ_CLIP = 2, TIME_MAJOR = 3,
            ASYMMETRIC_QUANTIZE_INPUTS = 4, DIAGONAL_RECURRENT_TENSORS = 5;

    static final OptionsCodec OPTIONS = OptionsCodec.of(71, UnidirectionalSequenceLSTMOptions.class,
            t -> new UnidirectionalSequenceLSTMOptions(t.activation(ACTIVATION), t.getFloat(CELL_CLIP, "cell_clip", 0f),
                    t.getFloat(PROJ_CLIP, "proj_clip", 0f), t.getBool(TIME_MAJOR, "time_major", false),
                    t.getBool(ASYMMETRIC_QUANTIZE_INPUTS, "asymmetric_quantize_inputs", false),
                    t.getBool(DIAGONAL_RECURRENT_TENSORS, "diagonal_recurrent_tensors", false)),
            (b, o) -> {
                b.start(6);
                b.addFloat(CELL_CLIP, o.cellClip(), 0f);
                b.addFloat(PROJ_CLIP, o.projClip(), 0f);
                b.addByte(ACTIVATION, o.activation().tfliteCode(), 0);
                b.addBool(TIME_MAJOR, o.timeMajor(), false);
                b.addBool(ASYMMETRIC_QUANTIZE_INPUTS, o.asymmetricQuantizeInputs(), false);
                b.addBool(DIAGONAL_RECURRENT_TENSORS, o.diagonalRecurrentTensors(), false);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
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
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        byte[] h = s.int8(hidden.index());
        short[] cs = (short[]) s.buffer(cell.index());
        s.addStep(op, () -> k.run(x, y, h, cs, s.scratch()));
        s.reserveScratch(k.scratchSize());
    }


    /**
     * The gate matrix products: the elements of every present input-to-gate, recurrent-to-gate and projection
     * weight matrix, times batch x time steps (also the plain LSTM's, which Prunus does not run).
     */
    @Override
    public long macs(Graph g, Operator op) {
        Tensor input = op.input(g, 0);
        Tensor inputToOutput = op.input(g, 4);
        if (input == null || inputToOutput == null || inputToOutput.rank() != 2 || inputToOutput.dim(1) == 0) {
            return 0;
        }
        long steps = input.elementCount() / inputToOutput.dim(1);
        long perStep = 0;
        for (int i : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 16}) {
            Tensor w = op.input(g, i);
            if (w != null) {
                perStep += w.elementCount();
            }
        }
        return steps * perStep;
    }

    @Override
    public int scratchBytes(Graph g, Operator op, PackPlan pack) {
        Tensor in = op.input(g, 0);
        Tensor recurrent = op.input(g, 8);
        if (in == null || in.rank() < 1 || recurrent == null || recurrent.rank() != 2) {
            return 0;
        }
        return KernelScratch.lstm(in.dim(-1), recurrent.dim(0));
    }

    /** {@link CostModel#lstm}, fitted on pn_lstm_s8 (bench/run-lstm.sh). */
    @Override
    public long instructions(CostModel cost, Graph g, Operator op, long inputElements, long outputElements,
            long rows) {
        Tensor in = op.input(g, 0);
        Tensor recurrent = op.input(g, 8);
        if (in == null || in.rank() != 3 || recurrent == null || recurrent.rank() != 2) {
            return cost.other(op.type(), inputElements, outputElements, rows);
        }
        int nInput = in.dim(2);
        return cost.lstm(in.elementCount() / nInput, 1, nInput, recurrent.dim(0));
    }

    /**
     * pn_lstm_s8, with every parameter derived as {@link LstmInt8} derives it; the hidden (int8) and cell (int16)
     * state tensors live in the arena's persistent part, set by the generated {@code <name>_reset}.
     */
    @Override
    public void emit(CEmission e, Operator op) {
        Graph g = e.graph();
        OpOptions.UnidirectionalSequenceLSTMOptions o = op.options(OpOptions.UnidirectionalSequenceLSTMOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor hidden = g.tensor(op.inputIndex(18));
        Tensor cell = g.tensor(op.inputIndex(19));
        Tensor out = g.tensor(op.outputIndex(0));
        boolean timeMajor = o.timeMajor();
        int batches = timeMajor ? in.dim(1) : in.dim(0);
        int steps = timeMajor ? in.dim(0) : in.dim(1);
        int nInput = in.dim(2);
        int nCell = g.tensor(op.inputIndex(2)).dim(0);
        String p = e.prefix(op);
        float inScale = scale(in);
        float hiddenScale = scale(hidden);
        float cellScale = scale(cell);
        // forget, input, cell, output: input weights, recurrent weights, bias (TFLite input slots)
        int[][] slots = {{2, 6, 13}, {1, 5, 12}, {3, 7, 14}, {4, 8, 15}};
        String[] names = {"forget", "input", "cell", "output"};
        StringBuilder gates = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            Tensor wi = g.tensor(op.inputIndex(slots[k][0]));
            Tensor wr = g.tensor(op.inputIndex(slots[k][1]));
            for (Tensor w : List.of(wi, wr)) {
                if (w.quantization().zeroPoint(0) != 0) {
                    throw CEmission.fail(op, "weights " + w + " have zero point " + w.quantization().zeroPoint(0)
                            + "; the C LSTM kernel takes symmetric int8 weights (zero point 0) only");
                }
            }
            String gp = p + "_" + names[k];
            e.bytesArray(gp + "_input_weights", wi.data());
            e.bytesArray(gp + "_recurrent_weights", wr.data());
            String bias = "NULL";
            if (op.inputIndex(slots[k][2]) >= 0) {
                bias = gp + "_bias";
                e.intArray("int32_t", bias, CEmission.ints(g.tensor(op.inputIndex(slots[k][2]))));
            }
            QuantMath.Multiplier[] mi = gateMultipliers(inScale, wi.quantization().scales(), nCell);
            QuantMath.Multiplier[] mr = gateMultipliers(hiddenScale, wr.quantization().scales(), nCell);
            e.intArray("int32_t", gp + "_input_mult", multipliers(mi));
            e.intArray("int32_t", gp + "_input_shift", shifts(mi));
            e.intArray("int32_t", gp + "_recurrent_mult", multipliers(mr));
            e.intArray("int32_t", gp + "_recurrent_shift", shifts(mr));
            gates.append(k == 0 ? "" : ",\n").append("    {").append(gp).append("_input_weights, ").append(gp)
                    .append("_recurrent_weights, ").append(bias).append(", ").append(gp).append("_input_mult, ")
                    .append(gp).append("_input_shift, ").append(gp).append("_recurrent_mult, ").append(gp)
                    .append("_recurrent_shift, ").append(mi.length > 1 ? 1 : 0).append("}");
        }
        final float gateOut = LstmInt8.GATE_OUTPUT_SCALE;
        QuantMath.Multiplier forgetCell = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) cellScale / (double) cellScale);
        QuantMath.Multiplier inputCell = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) gateOut / (double) cellScale);
        QuantMath.Multiplier hiddenMul = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) gateOut / (double) hiddenScale);
        int cellScalePower = (int) Math.round(Math.log(cellScale) / Math.log(2.0));
        int tanhShift = 15 + cellScalePower - 3;
        int tanhMultiplier;
        if (tanhShift < 0) {
            tanhShift = -tanhShift;
            tanhMultiplier = 3;
        } else {
            tanhMultiplier = 3 << tanhShift;
            tanhShift = 0;
        }
        if (tanhShift > 30 || tanhMultiplier > (3 << 15)) {
            throw CEmission.fail(op, "cell state " + cell + " has scale 2^" + cellScalePower + ", outside the C kernel's range "
                    + "[2^-42, 2^3]");
        }
        int cellClip = 0;
        if (o.cellClip() > 0) {
            double clip = Math.min(Math.max((double) o.cellClip() / (double) cellScale, -32768.0), 32767.0);
            cellClip = (short) (int) clip;
            if (cellClip <= 0) {
                throw CEmission.fail(op, "cell clip " + o.cellClip() + " quantizes to " + cellClip + " at the cell scale "
                        + cellScale + "; the C kernel needs a clip of at least one cell step");
            }
        }
        e.data().append("static const pn_lstm_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(zp(hidden)).append(", {").append(forgetCell.multiplier()).append(", ")
                .append(forgetCell.shift()).append("}, {").append(inputCell.multiplier()).append(", ")
                .append(inputCell.shift()).append("}, {").append(hiddenMul.multiplier()).append(", ")
                .append(hiddenMul.shift()).append("}, ").append(cellClip).append(", ").append(tanhMultiplier)
                .append(", ").append(tanhShift).append(", {\n").append(gates).append("}};\n");
        String scratch = e.scratch(op, KernelScratch.lstm(nInput, nCell));
        e.source("src/pn_lstm_s8.c");
        e.call(op, "pn_lstm_s8", "&" + p + "_params, " + (timeMajor ? 1 : 0) + ", " + batches + ", " + steps + ", "
                + nInput + ", " + nCell + ", " + e.in8(in.index()) + ", " + e.out8(out.index()) + ", "
                + e.out8(hidden.index()) + ", (int16_t *)" + e.at(cell.index()) + ", " + scratch);
    }

    /** The interpreter's gate FC multipliers: per row with per-channel weights, else one per-tensor multiplier. */
    private static QuantMath.Multiplier[] gateMultipliers(float inScale, float[] wScales, int rows) {
        float gateIn = LstmInt8.GATE_INPUT_SCALE;
        if (wScales.length > 1) {
            return QuantMath.perChannelMultipliers(inScale, wScales, gateIn, rows);
        }
        return new QuantMath.Multiplier[] {QuantMath.fullyConnectedMultiplier(inScale, wScales[0], gateIn)};
    }

    private static long[] multipliers(QuantMath.Multiplier[] ms) {
        return Arrays.stream(ms).mapToLong(QuantMath.Multiplier::multiplier).toArray();
    }

    private static long[] shifts(QuantMath.Multiplier[] ms) {
        return Arrays.stream(ms).mapToLong(QuantMath.Multiplier::shift).toArray();
    }
}
