package dev.prunus.core.pack;

/**
 * Executed-instruction estimates of the runtime's kernels on Cortex-M4 and Cortex-M7 (GCC 12.2 -O2), fitted to
 * exact QEMU instruction counts of the runtime's benchmarks ({@code bundles/dev.prunus.runtime/bench/run-dense.sh}
 * and {@code run-sparse.sh}, tables in docs/benchmarks/dense-kernels.md and sparse-kernels.md).
 *
 * <p>Formulas (n = outputs, m = nominal MACs, p = output pixels, k = accumulation depth):
 * <ul>
 * <li>pn_conv_s8_3x3: 1.17 m + 23 n (6.28 M measured on 3x3 16-&gt;32 32x32: 1.33/MAC); pn_conv_s8: 1.26 m + 23 n.
 * <li>pn_conv_s8_1x1: 1.04 m + 25.5 n, solved from the two 1x1 layers (32-&gt;32 at 32x32: 1.93 M, 64-&gt;64 at
 * 16x16: 1.51 M).
 * <li>pn_depthwise_conv_s8_3x3: 2.0 m + 9.5 n (0.90 M on 32 ch 32x32, stride 1; 0.45 M on 64 ch stride 2);
 * pn_depthwise_conv_s8: 6.5 m (1.90 M on the same layer; depth multiplier 1 and up to 25 taps, the shapes real
 * models use; other multipliers run a plain loop at about 16.5 m, which this estimate does not distinguish).
 * <li>pn_fully_connected_s8 (and _per_channel): 1.46 m + 25.5 n (0.195 M on 1024-&gt;128).
 * <li>pn_convolve_filterlet_s8: 1.10 kept-MACs + 23.2 n, from the 0/50/75/90/100 % rows (at 100 % pruned only the
 * 23.2-instruction epilogue per output remains: 0.76 M for 32768 outputs).
 * <li>pn_fully_connected_block_s8: 0.31 per dense weight (mask walk, input widening, epilogue) plus, per kept
 * block and batch, 12.0 (B = 4) or 29.0 (B = 8) instructions; rows whose blocks are all kept take the kernel's
 * contiguous path at 7.6 (B = 4) / 15.2 (B = 8) per block.
 * <li>pn_convolve_1x1_block_s8: 79 per output (widening four pixels, epilogue) plus 5.6 per kept block and output
 * pixel (B = 4); B = 8 has no measured point and is estimated at 2 x 5.6 per block (same per-weight cost).
 * <li>Other operators (pooling, ADD, SOFTMAX, ...): rough per-element costs, not calibrated: average pool
 * 3 per input element + 30 per output, max pool 3 per input element + 5 per output, ADD / MUL 30 per element,
 * SOFTMAX 150 per element, LOGISTIC / TANH 60, other element-wise or copying operators 2 per element.
 * </ul>
 * The Cortex-M7 counts of the same benchmarks differ from the Cortex-M4 counts by less than 1 % (QEMU counts
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

    /** A dense kernel on a layer with {@code macs} MACs and {@code outputs} output values. */
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

    /** pn_convolve_filterlet_s8 with {@code keptMacs} MACs over kept filterlets and {@code outputs} outputs. */
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

    /** pn_convolve_1x1_block_s8 over {@code pixels} output pixels with {@code outputs} output values. */
    public long conv1x1Block(int blockSize, long keptBlocks, long pixels, long outputs) {
        double perBlock = blockSize == 4 ? 5.6 : 11.2;
        return Math.round(79.0 * outputs + perBlock * keptBlocks * pixels);
    }

    /** Rough estimate for operators without weights (see the class comment). */
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
