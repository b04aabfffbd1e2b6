package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.FixedPointMath;
import dev.prunus.core.quant.QuantMath;

/**
 * UNIDIRECTIONAL_SEQUENCE_LSTM with int8 activations and weights, int16 cell state and gates and int32 biases,
 * as TFLM's integer LSTM kernel (lstm_eval.h, the standard LSTM: no peephole, projection, layer norm or CIFG).
 *
 * <p>Per time step: each gate is {@code FC(input) + FC(hidden)} into int16 at scale 2^-12 (saturating sum), then
 * sigmoid (or the configured cell-gate activation, tanh) into Q0.15; {@code cell = forget * cell + input * cellGate}
 * (each product requantized to the cell scale, the sum saturated, then optionally clipped); {@code hidden =
 * tanh(cell) * output} requantized to the hidden state's int8 quantization; the hidden state is copied to the output.
 */
public final class LstmInt8 {

    /** The Q3.12 scale of the gate pre-activations. */
    public static final float GATE_INPUT_SCALE = 0.000244140625f;
    /** The Q0.15 scale of the gate outputs. */
    public static final float GATE_OUTPUT_SCALE = 0.000030517578125f;

    /**
     * One gate's tensors.
     *
     * @param inputWeights          [state, input] int8
     * @param inputWeightScales     one or per-row scales
     * @param inputWeightZeroPoint  zero point of the input weights (0 in TFLite)
     * @param recurrentWeights      [state, state] int8
     * @param recurrentWeightScales one or per-row scales
     * @param recurrentWeightZeroPoint zero point of the recurrent weights
     * @param bias                  [state] int32 (may be null)
     */
    public record Gate(byte[] inputWeights, float[] inputWeightScales, int inputWeightZeroPoint,
            byte[] recurrentWeights, float[] recurrentWeightScales, int recurrentWeightZeroPoint, int[] bias) {
    }

    /** Sizes and quantization of the sequence and its states. */
    public record Config(int batches, int timeSteps, int inputDim, int stateDim, boolean timeMajor, float inputScale,
            int inputZeroPoint, float hiddenScale, int hiddenZeroPoint, float cellScale, float cellClip,
            boolean cellGateTanh) {
    }

    private final Config cfg;
    private final int stepBatch;
    private final FullyConnected[] inputFc = new FullyConnected[4];
    private final FullyConnected[] recurrentFc = new FullyConnected[4];
    private final QuantMath.Multiplier forgetCellMul;
    private final QuantMath.Multiplier inputMul;
    private final QuantMath.Multiplier outputMul;
    private final int cellScalePower;
    private final int quantizedCellClip;
    private final short[][] gates;
    private final short[] fcBuffer;
    private final short[] buffer;

    private static final int FORGET = 0;
    private static final int INPUT = 1;
    private static final int CELL = 2;
    private static final int OUTPUT = 3;

    /** Prepares the kernel as TFLM's UnidirectionalSequenceLstmPrepare does. */
    public LstmInt8(Config cfg, Gate forget, Gate input, Gate cell, Gate output) {
        this.cfg = cfg;
        this.stepBatch = cfg.timeMajor() ? cfg.batches() : 1;
        Gate[] gs = {forget, input, cell, output};
        int s = cfg.stateDim();
        QuantMath.ActivationRange int16 = new QuantMath.ActivationRange(Short.MIN_VALUE, Short.MAX_VALUE);
        for (int i = 0; i < 4; i++) {
            Gate g = gs[i];
            inputFc[i] = new FullyConnected(stepBatch, cfg.inputDim(), s, g.inputWeights(), -g.inputWeightZeroPoint(),
                    g.bias(), -cfg.inputZeroPoint(),
                    Requant.of(fcMultipliers(cfg.inputScale(), g.inputWeightScales(), s), 0, int16));
            recurrentFc[i] = new FullyConnected(stepBatch, s, s, g.recurrentWeights(), -g.recurrentWeightZeroPoint(),
                    null, -cfg.hiddenZeroPoint(),
                    Requant.of(fcMultipliers(cfg.hiddenScale(), g.recurrentWeightScales(), s), 0, int16));
        }
        forgetCellMul = interGate(GATE_OUTPUT_SCALE, cfg.cellScale(), cfg.cellScale());
        inputMul = interGate(GATE_OUTPUT_SCALE, GATE_OUTPUT_SCALE, cfg.cellScale());
        outputMul = interGate(GATE_OUTPUT_SCALE, GATE_OUTPUT_SCALE, cfg.hiddenScale());
        cellScalePower = (int) Math.round(Math.log(cfg.cellScale()) / Math.log(2.0));
        double clip = Math.min(Math.max((double) cfg.cellClip() / (double) cfg.cellScale(), -32768.0), 32767.0);
        quantizedCellClip = (short) (int) clip;
        int n = stepBatch * s;
        gates = new short[4][n];
        fcBuffer = new short[n];
        buffer = new short[n];
    }

    private static QuantMath.Multiplier[] fcMultipliers(float inScale, float[] wScales, int channels) {
        if (wScales.length > 1) {
            return QuantMath.perChannelMultipliers(inScale, wScales, GATE_INPUT_SCALE, channels);
        }
        return new QuantMath.Multiplier[] {
            QuantMath.fullyConnectedMultiplier(inScale, wScales[0], GATE_INPUT_SCALE)};
    }

    private static QuantMath.Multiplier interGate(float s1, float s2, float sOut) {
        return QuantMath.quantizeMultiplier((double) s1 * (double) s2 / (double) sOut);
    }

    /** Scratch ints {@link #run} needs. */
    public int scratchSize() {
        return stepBatch * Math.max(cfg.inputDim(), cfg.stateDim());
    }

    /**
     * Runs the whole sequence; {@code hidden} (int8) and {@code cell} (int16) are the variable state tensors, read
     * and updated in place.
     */
    public void run(byte[] input, byte[] output, byte[] hidden, short[] cell, int[] scratch) {
        final int s = cfg.stateDim();
        final int in = cfg.inputDim();
        if (cfg.timeMajor()) {
            for (int t = 0; t < cfg.timeSteps(); t++) {
                step(input, t * stepBatch * in, output, t * stepBatch * s, hidden, cell, 0, scratch);
            }
        } else {
            for (int b = 0; b < cfg.batches(); b++) {
                for (int t = 0; t < cfg.timeSteps(); t++) {
                    int step = b * cfg.timeSteps() + t;
                    step(input, step * in, output, step * s, hidden, cell, b * s, scratch);
                }
            }
        }
    }

    private void step(byte[] input, int inOff, byte[] output, int outOff, byte[] hidden, short[] cell,
            int stateOff, int[] scratch) {
        final int n = stepBatch * cfg.stateDim();
        gate(FORGET, input, inOff, hidden, stateOff, scratch, false);
        gate(INPUT, input, inOff, hidden, stateOff, scratch, false);
        gate(CELL, input, inOff, hidden, stateOff, scratch, cfg.cellGateTanh());
        // cell = forget * cell + input * cellGate
        short[] f = gates[FORGET];
        short[] ig = gates[INPUT];
        short[] cg = gates[CELL];
        for (int i = 0; i < n; i++) {
            int fc = mulInt16(f[i], cell[stateOff + i], forgetCellMul);
            int ic = mulInt16(ig[i], cg[i], inputMul);
            int sum = QuantMath.clamp(fc + ic, Short.MIN_VALUE, Short.MAX_VALUE);
            if (cfg.cellClip() > 0) {
                sum = Math.max(Math.min(quantizedCellClip, sum), -quantizedCellClip);
            }
            cell[stateOff + i] = (short) sum;
        }
        gate(OUTPUT, input, inOff, hidden, stateOff, scratch, false);
        // hidden = tanh(cell) * output
        int shift = (15 + cellScalePower) - 3;
        int mult = 0;
        if (shift < 0) {
            shift = -shift;
            mult = 3;
        }
        FixedPointMath.tanhInt16(mult, shift, cell, stateOff, buffer, 0, n);
        short[] og = gates[OUTPUT];
        for (int i = 0; i < n; i++) {
            int v = cfg.hiddenZeroPoint() + QuantMath.multiplyByQuantizedMultiplier(buffer[i] * og[i],
                    outputMul.multiplier(), outputMul.shift());
            hidden[stateOff + i] = (byte) QuantMath.clamp(v, -128, 127);
        }
        System.arraycopy(hidden, stateOff, output, outOff, n);
    }

    private void gate(int k, byte[] input, int inOff, byte[] hidden, int stateOff, int[] scratch, boolean tanh) {
        short[] g = gates[k];
        inputFc[k].runInt16(input, inOff, g, 0, scratch);
        recurrentFc[k].runInt16(hidden, stateOff, fcBuffer, 0, scratch);
        final int n = g.length;
        for (int i = 0; i < n; i++) {
            g[i] = (short) QuantMath.clamp(g[i] + fcBuffer[i], Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (tanh) {
            FixedPointMath.tanhInt16(3, 0, g, 0, g, 0, n); // Q3.12: shift (15 - 12) - 3 = 0, multiplier 3
        } else {
            FixedPointMath.logisticInt16(0, 0, g, 0, g, 0, n);
        }
    }

    private static int mulInt16(int a, int b, QuantMath.Multiplier m) {
        int v = QuantMath.multiplyByQuantizedMultiplier(a * b, m.multiplier(), m.shift());
        return QuantMath.clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
