package dev.prunus.core.analysis;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackFormat;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;

/**
 * The one source of truth for kernel scratch sizes: what each C kernel's {@code *_get_buffer_size} function of
 * the Prunus runtime returns, and which kernel (variant and format) runs an operator. {@link MemoryPlanner}
 * reserves exactly these bytes and the code generator passes exactly these buffers, so that the generated arena
 * equals the planned one. A test compiles the runtime's {@code _get_buffer_size} functions with the host C
 * compiler and compares them with {@link #of(Kernel, int...)} over many shapes.
 *
 * <p>Operators without a kernel that needs scratch answer 0. UNIDIRECTIONAL_SEQUENCE_LSTM runs on
 * {@code pn_lstm_s8} ({@link #lstm(int, int)}: the step's input row and the previous hidden state widened to
 * int16).
 */
public final class KernelScratch {

    /** Bytes of the per-output-channel table entry of the dense matrix core (PN_GEMM_QUANT_BYTES). */
    public static final int GEMM_CHANNEL_BYTES = 28;

    /** Input values the dense fully connected kernels widen at a time (PN_FC_CHUNK). */
    public static final int FC_CHUNK = 1024;

    private KernelScratch() {
    }

    /** Rounds up to a multiple of 4 (the int16 column length of the dense matrix core). */
    static int ceil4(long k) {
        return (int) ((k + 3) / 4 * 4);
    }

    /**
     * Scratch bytes of one kernel call, as the runtime's {@code _get_buffer_size} function of that kernel answers.
     *
     * @param kernel the kernel
     * @param shape  CONV, CONV_3X3, CONV_1X1, FULLY_CONNECTED(_PER_CHANNEL), DEPTHWISE(_3X3): the filter dims
     *               {n, h, w, c} of the kernel's API; CONV_FILTERLET: {cout, kh, kw, cin, strideW, outW};
     *               CONV_1X1_BLOCK, FULLY_CONNECTED_BLOCK: {n, c, blockSize}
     */
    public static int of(Kernel kernel, int... shape) {
        long bytes = switch (kernel) {
            case CONV, CONV_3X3 -> {
                long k = ceil4((long) shape[1] * shape[2] * shape[3]);
                yield GEMM_CHANNEL_BYTES * shape[0] + 2 * k * 2 + k;
            }
            case CONV_1X1 -> GEMM_CHANNEL_BYTES * shape[0] + 2L * ceil4(shape[3]) * 2;
            case FULLY_CONNECTED, FULLY_CONNECTED_PER_CHANNEL -> {
                long k = ceil4(shape[3]);
                yield k > FC_CHUNK ? 2L * FC_CHUNK + 4L * shape[0] : 2 * k;
            }
            case DEPTHWISE -> 0;
            case DEPTHWISE_3X3 -> 28L * shape[3] + 72L * (shape[3] / 4) + ceil4(shape[3]);
            case CONV_FILTERLET -> {
                long cin4 = ceil4(shape[3]);
                long wp = (long) (shape[5] - 1) * shape[4] + shape[2];
                yield 2 * cin4 * wp * (shape[1] + 1) + 16L * shape[0];
            }
            case CONV_1X1_BLOCK -> 8L * ((shape[1] + shape[2] - 1) / shape[2]) * shape[2] + 16L * shape[0];
            case FULLY_CONNECTED_BLOCK -> 2L * ((shape[1] + shape[2] - 1) / shape[2]) * shape[2];
        };
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("scratch of " + kernel + " for this shape exceeds 2 GB");
        }
        return (int) bytes;
    }

    /** Human-readable formula of {@link #of(Kernel, int...)}. */
    public static String formula(Kernel kernel) {
        return switch (kernel) {
            case CONV, CONV_3X3 -> "28*cout + 5*ceil4(kh*kw*cin) (channel table, two int16 im2col columns, "
                    + "one int8 patch)";
            case CONV_1X1 -> "28*cout + 4*ceil4(cin) (channel table, two int16 input rows)";
            case FULLY_CONNECTED, FULLY_CONNECTED_PER_CHANNEL -> "2*ceil4(k) if ceil4(k) <= 1024, else 2048 + "
                    + "4*units (one int16 input row chunk, partial sums)";
            case DEPTHWISE -> "none";
            case DEPTHWISE_3X3 -> "28*c + 72*(c/4) + ceil4(c)";
            case CONV_FILTERLET -> "2*ceil4(cin)*Wp*(kh+1) + 16*cout";
            case CONV_1X1_BLOCK -> "8*ceil(cin/B)*B + 16*cout";
            case FULLY_CONNECTED_BLOCK -> "2*ceil(k/B)*B";
        };
    }

    /**
     * The kernel that runs a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED operator: the sparse kernel of its
     * format in {@code pack}, else the dense variant {@link PackPlanner#denseKernel} chooses; null for other
     * operators.
     *
     * @param pack per-layer formats, or null for all dense
     */
    public static Kernel kernelOf(Graph g, Operator op, PackPlan pack) {
        if (op.type() != OpType.CONV_2D && op.type() != OpType.DEPTHWISE_CONV_2D
                && op.type() != OpType.FULLY_CONNECTED) {
            return null;
        }
        PackFormat format = format(op, pack);
        if (format == PackFormat.FILTERLET) {
            return Kernel.CONV_FILTERLET;
        }
        if (format.blockSize() > 0) {
            return op.type() == OpType.FULLY_CONNECTED ? Kernel.FULLY_CONNECTED_BLOCK : Kernel.CONV_1X1_BLOCK;
        }
        Kernel lowered = PackPlanner.depthwiseAsConvKernel(g, op);
        return lowered != null ? lowered : PackPlanner.denseKernel(g, op);
    }

    /**
     * Whether a DEPTHWISE_CONV_2D runs as a CONV_2D: with one input channel, its 1HWO weights [1, kh, kw, cout]
     * are, transposed, the OHWI weights [cout, kh, kw, 1] of a convolution with the same per-channel quantization,
     * stride, padding and dilation, and the dense convolution kernels are much faster than the generic depthwise
     * kernel on such layers (depth multiplier = cout).
     */
    public static boolean lowersToConv(Graph g, Operator op) {
        if (op.type() != OpType.DEPTHWISE_CONV_2D) {
            return false;
        }
        return PackPlanner.depthwiseAsConvKernel(g, op) != null;
    }

    /** The format of an operator in {@code pack} (DENSE when pack is null or does not match the operator). */
    public static PackFormat format(Operator op, PackPlan pack) {
        if (pack == null) {
            return PackFormat.DENSE;
        }
        return pack.layer(op.index()).filter(l -> l.type() == op.type()).map(LayerPack::format)
                .orElse(PackFormat.DENSE);
    }

    /**
     * Scratch bytes operator {@code op} needs when run by the kernel {@link #kernelOf} chooses, 0 when none.
     *
     * @param pack per-layer formats, or null for all dense
     */
    public static int bytes(Graph g, Operator op, PackPlan pack) {
        if (op.outputCount() == 0) {
            return 0;
        }
        return OperatorCatalogue.scratchBytes(g, op, pack);
    }

    /** Description of the scratch of an operator for {@link ArenaPlan.Scratch#formula()}. */
    public static String describe(Graph g, Operator op, PackPlan pack) {
        if (op.type() == OpType.UNIDIRECTIONAL_SEQUENCE_LSTM) {
            return "pn_lstm_s8: " + LSTM_FORMULA;
        }
        Kernel k = kernelOf(g, op, pack);
        return k == null ? "" : k.function() + ": " + formula(k);
    }

    /** Human-readable formula of {@link #lstm(int, int)}. */
    public static final String LSTM_FORMULA = "2*(ceil4(nInput) + ceil4(nCell)) (int16 input row and hidden state)";

    /**
     * Scratch bytes of {@code pn_lstm_s8} ({@code pn_lstm_s8_get_buffer_size}): one input row and the previous
     * hidden state of one batch row, widened to int16 with their offsets added (the kernel computes a step cell
     * by cell, so it needs no gate buffers, whatever the batch).
     */
    public static int lstm(int nInput, int nCell) {
        if (nInput < 1 || nCell < 1 || nInput > (1 << 24) || nCell > (1 << 24)) {
            return 0;
        }
        return 2 * (ceil4(nInput) + ceil4(nCell));
    }
}
