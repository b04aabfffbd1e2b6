package dev.prunus.core.pack;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.OpType;

/**
 * Executed-instruction estimates of the runtime's kernels on Cortex-M4 and Cortex-M7 (GCC 12.2 -O2), fitted to
 * exact QEMU instruction counts of the runtime's benchmarks. The shape forms ({@link #conv}, {@link #filterlet(
 * ConvGeometry, long)}, {@link #conv1x1Block(int, ConvGeometry, long)}, {@link #fullyConnected},
 * {@link #other(OpType, long, long, long)}) are calibrated on every conv / FC layer shape of pretrainedResnet_quant,
 * vww_96_int8 and person_detect and on str_ww_ref_model's Kx1 depthwise layers
 * ({@code bundles/dev.prunus.runtime/bench/run-layers.sh}, table and errors in docs/benchmarks/cost-model.md): every
 * measured layer within 7.2 % on Cortex-M4, the planner's whole-model estimates of the four models within 2 %.
 *
 * <p>Terms (per layer): n = output values, P = output pixels, T = taps (KH * KW), m' = n * ceil4(T * Cin) (the
 * MACs the im2col kernels execute, column padded to 4), rows = output rows. Where each coefficient comes from:
 * <table>
 * <caption>coefficients</caption>
 * <tr><th>kernel</th><th>formula</th><th>source (run-layers.sh, M4)</th></tr>
 * <tr><td>pn_conv_s8_3x3</td><td>1.045 m' + 36.7 n + 383.5 P + 10.2 P * T * Cin (only Cin % 4 != 0: patch
 * copy)</td><td>8 shapes (R0..R9, V0, P0), worst 3.8 %</td></tr>
 * <tr><td>pn_conv_s8</td><td>1.068 m' + 23.7 n + 62.4 P * T + 2.48 P * ceil4(T * Cin) + 9.04 P * T * Cin (only
 * Cin % 4 != 0)</td><td>the 8 3x3 shapes and the 1x1 stride-2 R6, R10; worst 5.9 %</td></tr>
 * <tr><td>pn_conv_s8_1x1</td><td>1.132 m + 19.3 n + 87.6 P + 1535</td><td>10 shapes (V/P 2..26, P28), worst
 * 3.2 %</td></tr>
 * <tr><td>pn_depthwise_conv_s8_3x3</td><td>26.1 n + 10.0 rows * C + 31.2 P + 263 C (per-channel setup)</td>
 * <td>9 shapes (V/P 1..25), worst 1.1 %</td></tr>
 * <tr><td>pn_depthwise_conv_s8</td><td>49.3 n (KW = 3: + 5.5 n (KH - 3); else + 1.10 n T + 4.91 n KH) + 25.3 C T
 * (weight packing) + 7.43 T C per border pixel (window not inside the input)</td><td>the 9 3x3 shapes, one 5x5
 * and the four Kx1 layers of str_ww_ref_model (14 points), worst 7.1 %</td></tr>
 * <tr><td>pn_fully_connected_s8 (_per_channel)</td><td>1.47 m + 1270</td><td>R14, V29 and the 1024-&gt;128
 * layer of run-sparse.sh, worst 5.6 %</td></tr>
 * <tr><td>pn_convolve_filterlet_s8</td><td>per kept filterlet and pass of four pixels: 6.95 + 16.07 G4 (+ 2.15
 * G4 when Cin / 4 is not 2, 4 or 8: generic loop) (+ 30.4 + 6.56 (Cin % 4) when Cin % 4 != 0: tail word); plus
 * 20.4 n (epilogue) + 78.0 rows * Cout (tap list, call) + 17.6 (+ 31.6 when Cin % 4 != 0) per widened column
 * group of four channels</td><td>8 shapes x 0/25/50/75/90 % removed (40 points), worst 2.1 %</td></tr>
 * <tr><td>pn_convolve_1x1_block_s8</td><td>22.0 per kept block and pass + 125.4 per channel and pass + 1.67 P *
 * Cin (widening); passes = P / 4 + P % 4 (leftover pixels go one at a time); B = 8 counted as two blocks of 4
 * (same per-weight cost, not measured)</td><td>10 shapes x 0/50/80/90/95 % (50 points), worst 4.4 %</td></tr>
 * <tr><td>exact output stage</td><td>when a channel fails the kernel's fast test (a right shift above 21, a
 * left shift, a large bias; PackPlanner.fastOutputStage): + 44.5 per output for the gemm convolutions, + 45
 * (pn_depthwise_conv_s8_3x3), + 3 (pn_depthwise_conv_s8), + 31.5 (block 1x1); the filterlet kernel then runs
 * pixels one at a time: (12.0 + 14.0 G4 (+ 4.1 + 12.3 (Cin % 4) when Cin % 4 != 0)) per pixel and kept
 * filterlet + 65 per output, plus the same row and widening terms</td><td>10 shapes rerun with one channel
 * at right shift 24 (46 points), worst 2.5 %; vww_96_int8 has such layers</td></tr>
 * <tr><td>ADD</td><td>125 per element + 252</td><td>R3, R7, R11</td></tr>
 * <tr><td>AVERAGE_POOL_2D</td><td>2.2 per input element + 25.2 per output</td><td>R12, V27</td></tr>
 * <tr><td>SOFTMAX</td><td>461 per element + 374 per row</td><td>R15, V30</td></tr>
 * <tr><td>pn_lstm_s8</td><td>1.879 per MAC + 714.7 per cell and step + 408.1 per step (per batch row)</td>
 * <td>six sequence shapes of bench/run-lstm.sh, trained_lstm_int8's among them, worst 1.8 %</td></tr>
 * </table>
 * G4 = Cin / 4 (full groups of four input channels). Not measured, kept from the first model: max pool 3 per
 * input element + 5 per output, MUL 30 per element, LOGISTIC / TANH 60, other element-wise or copying operators
 * 2 per element; pn_fully_connected_block_s8 (below). Where the filterlet kernel runs pixels one at a time
 * (output width not a multiple of 4, stride above 2, or the exact epilogue) it costs more than estimated.
 *
 * <p>The shape-free forms {@link #dense(Kernel, long, long)}, {@link #filterlet(long, long)},
 * {@link #conv1x1Block(int, long, long, long)} and {@link #other(String, long, long)} keep the first model's
 * coefficients (fitted on one 3x3 16-&gt;32 32x32 layer): they underestimate small outputs, odd Cin and
 * element-wise operators (ADD by about 4x) and remain only for the pruning optimiser's quick figures until it
 * passes shapes. The Cortex-M7 counts differ from the Cortex-M4 counts by less than 1 % (QEMU counts
 * instructions, and both cores run the same Thumb-2 DSP code), so one table serves both; the class still takes
 * the core so that measured M7 figures can diverge later.
 */
public final class CostModel {

    private final String core;

    private CostModel(String core) {
        this.core = core;
    }

    /**
     * @param core "m4" or "m7"
     * @throws PackException for any other core
     */
    public static CostModel forCore(String core) {
        if (!"m4".equals(core) && !"m7".equals(core)) {
            throw new PackException("unknown target core '" + core + "'; supported: m4 (Cortex-M4), m7 (Cortex-M7)");
        }
        return new CostModel(core);
    }

    public String core() {
        return core;
    }

    /**
     * A dense convolution or depthwise kernel (CONV, CONV_1X1, CONV_3X3, DEPTHWISE, DEPTHWISE_3X3) on a layer of
     * this geometry (for a depthwise layer outC is the output channel count; for a depthwise layer lowered to a
     * convolution inC is 1).
     */
    public long conv(Kernel kernel, ConvGeometry g) {
        return conv(kernel, g, true);
    }

    /**
     * As {@link #conv(Kernel, ConvGeometry)}; {@code fastOutput} false when a channel falls outside the kernel's
     * fast output stage (see {@link PackPlanner#fastOutputStage}), which costs about 44 more per output.
     */
    public long conv(Kernel kernel, ConvGeometry g, boolean fastOutput) {
        long pixels = (long) g.batches() * g.outH() * g.outW();
        long n = pixels * g.outC();
        int taps = g.filterH() * g.filterW();
        long column = ceil4((long) taps * g.inC());
        boolean oddCin = g.inC() % 4 != 0;
        long rowsByChannels = (long) g.batches() * g.outH() * g.outC();
        double v = switch (kernel) {
            case CONV_3X3 -> 1.045 * n * column + 36.7 * n + 383.5 * pixels
                    + (oddCin ? 10.2 * pixels * taps * g.inC() : 0);
            case CONV -> 1.068 * n * column + 23.7 * n + 62.4 * pixels * taps + 2.48 * pixels * column
                    + (oddCin ? 9.04 * pixels * taps * g.inC() : 0);
            case CONV_1X1 -> 1.132 * n * g.inC() + 19.3 * n + 87.6 * pixels + 1535;
            case DEPTHWISE_3X3 -> 26.1 * n + 10.0 * rowsByChannels + 31.2 * pixels + 263.0 * g.outC();
            case DEPTHWISE -> (g.filterW() == 3 ? (49.3 + 5.5 * (g.filterH() - 3)) * n
                    : 49.3 * n + 1.10 * n * taps + 4.91 * n * g.filterH()) + 25.3 * (long) g.outC() * taps
                    + 7.43 * (pixels - interiorPixels(g)) * taps * g.outC();
            default -> throw new PackException(kernel.function() + " is not a dense convolution kernel");
        };
        if (!fastOutput) {
            v += n * switch (kernel) {
                case DEPTHWISE_3X3 -> 45.0;
                case DEPTHWISE -> 3.0;
                default -> 44.5;
            };
        }
        return Math.round(v);
    }

    /** pn_fully_connected_s8 or its per-channel variant: {@code batches} rows of {@code k} inputs, {@code units}. */
    public long fullyConnected(long batches, int units, int k) {
        return Math.round(batches * (1.47 * units * (long) k + 1270));
    }

    /** pn_convolve_filterlet_s8 on a layer of this geometry with {@code keptFilterlets} kept filterlets. */
    public long filterlet(ConvGeometry g, long keptFilterlets) {
        return filterlet(g, keptFilterlets, true);
    }

    /**
     * As {@link #filterlet(ConvGeometry, long)}; with {@code fastOutput} false the kernel runs every pixel alone
     * with the exact output stage (about 3x the instructions).
     */
    public long filterlet(ConvGeometry g, long keptFilterlets, boolean fastOutput) {
        int cin = g.inC();
        int groups4 = cin / 4;
        int tail = cin % 4;
        long passes = (long) g.batches() * g.outH() * (g.outW() / 4 + g.outW() % 4);
        double perTapPass = 6.95 + 16.07 * groups4 + (groups4 == 2 || groups4 == 4 || groups4 == 8 ? 0 : 2.15 * groups4)
                + (tail != 0 ? 30.4 + 6.56 * tail : 0);
        long n = (long) g.batches() * g.outH() * g.outW() * g.outC();
        long widenedRows = Math.min(g.inH(), (long) (g.outH() - 1) * g.strideH() + g.filterH());
        long wp = (long) (g.outW() - 1) * g.strideW() + g.filterW();
        long columnGroups = g.batches() * widenedRows * wp * ((cin + 3) / 4);
        long common = Math.round(78.0 * g.batches() * g.outH() * (long) g.outC()
                + (tail != 0 ? 49.2 : 17.6) * columnGroups);
        if (!fastOutput) {
            long pixels = (long) g.batches() * g.outH() * g.outW();
            double perTapPixel = 12.0 + 14.0 * groups4 + (tail != 0 ? 4.1 + 12.3 * tail : 0);
            return Math.round(perTapPixel * pixels * keptFilterlets + 65.0 * n) + common;
        }
        return Math.round(perTapPass * passes * keptFilterlets + 20.4 * n) + common;
    }

    /** pn_convolve_1x1_block_s8 on a layer of this geometry with {@code keptBlocks} kept blocks of blockSize. */
    public long conv1x1Block(int blockSize, ConvGeometry g, long keptBlocks) {
        return conv1x1Block(blockSize, g, keptBlocks, true);
    }

    /** As {@link #conv1x1Block(int, ConvGeometry, long)}; the exact output stage costs 31.5 more per output. */
    public long conv1x1Block(int blockSize, ConvGeometry g, long keptBlocks, boolean fastOutput) {
        long pixels = (long) g.batches() * g.outH() * g.outW();
        long passes = (long) g.batches() * (pixels / g.batches() / 4 + pixels / g.batches() % 4);
        long blocks4 = blockSize == 8 ? 2 * keptBlocks : keptBlocks;
        return Math.round(22.0 * blocks4 * passes + 125.4 * g.outC() * passes + 1.67 * pixels * g.inC()
                + (fastOutput ? 0 : 31.5 * pixels * g.outC()));
    }

    /**
     * pn_lstm_s8 over a sequence: {@code 1.879} per MAC (the four gates' input and recurrent products) {@code +
     * 714.7} per cell and step (gate activations, cell update, hidden requantization) {@code + 408.1} per step,
     * per batch row. Fitted on six shapes, trained_lstm_int8's among them (bench/run-lstm.sh, M4): worst 1.8 %.
     */
    public long lstm(long batches, long steps, int nInput, int nCell) {
        long rowSteps = batches * steps;
        long macs = rowSteps * 4L * nCell * (nInput + nCell);
        return Math.round(1.879 * macs + 714.7 * rowSteps * nCell + 408.1 * rowSteps);
    }

    /**
     * Operators without weights (see the class comment).
     *
     * @param rows SOFTMAX: rows (outputElements / depth); ignored by the others
     */
    public long other(OpType type, long inputElements, long outputElements, long rows) {
        double v = switch (type) {
            case ADD -> 125.0 * outputElements + 252;
            case AVERAGE_POOL_2D -> 2.2 * inputElements + 25.2 * outputElements;
            case SOFTMAX -> 461.0 * outputElements + 374.0 * rows;
            case RESHAPE -> 0;
            default -> other(type.name(), inputElements, outputElements);
        };
        return Math.round(v);
    }

    /** Output pixels whose whole window lies inside the input (the depthwise kernels' fast addressing). */
    private static long interiorPixels(ConvGeometry g) {
        long rows = 0;
        for (int oy = 0; oy < g.outH(); oy++) {
            int y0 = oy * g.strideH() - g.padH();
            rows += y0 >= 0 && y0 + (g.filterH() - 1) * g.dilationH() < g.inH() ? 1 : 0;
        }
        long cols = 0;
        for (int ox = 0; ox < g.outW(); ox++) {
            int x0 = ox * g.strideW() - g.padW();
            cols += x0 >= 0 && x0 + (g.filterW() - 1) * g.dilationW() < g.inW() ? 1 : 0;
        }
        return g.batches() * rows * cols;
    }

    private static long ceil4(long v) {
        return (v + 3) / 4 * 4;
    }

    /** Shape-free, first model (see the class comment): a dense kernel with {@code macs} MACs and {@code outputs} outputs. */
    public long dense(Kernel kernel, long macs, long outputs) {
        double v = switch (kernel) {
            case CONV_3X3 -> 1.17 * macs + 23.0 * outputs;
            case CONV -> 1.26 * macs + 23.0 * outputs;
            case CONV_1X1 -> 1.04 * macs + 25.5 * outputs;
            case DEPTHWISE_3X3 -> 2.0 * macs + 9.5 * outputs;
            case DEPTHWISE -> 6.5 * macs;
            case FULLY_CONNECTED, FULLY_CONNECTED_PER_CHANNEL -> 1.46 * macs + 25.5 * outputs;
            default -> throw new PackException(kernel.function() + " is not a dense kernel");
        };
        return Math.round(v);
    }

    /** Shape-free, first model: pn_convolve_filterlet_s8 with {@code keptMacs} kept MACs and {@code outputs}. */
    public long filterlet(long keptMacs, long outputs) {
        return Math.round(1.10 * keptMacs + 23.2 * outputs);
    }

    /**
     * pn_fully_connected_block_s8.
     *
     * @param denseWeights rows * k
     * @param keptBlocks   kept blocks in rows that also have pruned blocks
     * @param fullBlocks   blocks in rows whose blocks are all kept
     * @param batches      input rows
     */
    public long fullyConnectedBlock(int blockSize, long denseWeights, long keptBlocks, long fullBlocks,
            long batches) {
        double perKept = blockSize == 4 ? 12.0 : 29.0;
        double perFull = blockSize == 4 ? 7.6 : 15.2;
        return Math.round(batches * (0.31 * denseWeights + perKept * keptBlocks + perFull * fullBlocks));
    }

    /** Shape-free, first model: pn_convolve_1x1_block_s8 over {@code pixels} pixels with {@code outputs} outputs. */
    public long conv1x1Block(int blockSize, long keptBlocks, long pixels, long outputs) {
        double perBlock = blockSize == 4 ? 5.6 : 11.2;
        return Math.round(79.0 * outputs + perBlock * keptBlocks * pixels);
    }

    /** Shape-free, first model: operators without weights by name (see the class comment). */
    public long other(String op, long inputElements, long outputElements) {
        double v = switch (op) {
            case "AVERAGE_POOL_2D" -> 3.0 * inputElements + 30.0 * outputElements;
            case "MAX_POOL_2D" -> 3.0 * inputElements + 5.0 * outputElements;
            case "ADD", "MUL" -> 30.0 * outputElements;
            case "SOFTMAX" -> 150.0 * outputElements;
            case "LOGISTIC", "TANH" -> 60.0 * outputElements;
            default -> 2.0 * outputElements;
        };
        return Math.round(v);
    }
}
