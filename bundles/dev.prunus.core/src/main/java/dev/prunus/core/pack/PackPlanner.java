package dev.prunus.core.pack;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses, per convolution and fully connected layer of a (pruned, zero-filled) graph, the storage format and
 * kernel: DENSE, FILTERLET (KxK convolutions, 2..32 taps, dilation 1), BLOCK4 or BLOCK8 (1x1 convolutions,
 * fully connected layers with symmetric weights). A sparse format is chosen only when it is both smaller
 * (weights + index below the dense bytes) and faster (fewer estimated instructions, {@link CostModel}) than the
 * dense kernel; among such formats the fastest wins (then the smallest). Depthwise convolutions stay dense.
 * Deterministic: a pure function of the graph and the core.
 */
public final class PackPlanner {

    private PackPlanner() {
    }

    /**
     * @param core "m4" or "m7"
     * @throws PackException for an unknown core or weights whose shape does not match the operator
     */
    public static PackPlan plan(Graph graph, String core) {
        CostModel cost = CostModel.forCore(core);
        List<LayerPack> layers = new ArrayList<>();
        Set<Integer> packedWeights = new HashSet<>();
        long requant = 0;
        for (Operator op : graph.operators()) {
            LayerPack lp = switch (op.type()) {
                case CONV_2D -> conv(graph, op, cost);
                case DEPTHWISE_CONV_2D -> depthwise(graph, op, cost);
                case FULLY_CONNECTED -> fullyConnected(graph, op, cost);
                default -> other(graph, op, cost);
            };
            layers.add(lp);
            if (lp.kernel() != null) {
                packedWeights.add(op.inputIndex(1));
                Tensor w = graph.tensor(op.inputIndex(1));
                boolean perChannel = op.type() != OpType.FULLY_CONNECTED || w.quantization().perChannel();
                int channels = op.type() == OpType.DEPTHWISE_CONV_2D ? w.dim(3) : w.dim(0);
                requant += perChannel ? 8L * channels : 0;
            }
        }
        long other = 0;
        for (Tensor t : graph.tensors()) {
            if (t.isConstant() && !packedWeights.contains(t.index()) && isUsed(graph, t.index())) {
                other += t.byteSize();
            }
        }
        return new PackPlan(core, layers, other, requant);
    }

    private static boolean isUsed(Graph g, int tensor) {
        return !g.consumersOf(tensor).isEmpty();
    }

    /**
     * The dense kernel variant the code generator uses for a CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED
     * operator, chosen by shape: 1x1 (stride 1, no padding), 3x3 (dilation 1; depthwise also multiplier 1), else
     * generic; fully connected per-channel or per-tensor by the weights' quantization.
     */
    public static Kernel denseKernel(Graph graph, Operator op) {
        Tensor w = graph.tensor(op.inputIndex(1));
        switch (op.type()) {
            case CONV_2D: {
                return convKernel(geometry(graph, op));
            }
            case DEPTHWISE_CONV_2D: {
                OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
                Tensor in = graph.tensor(op.inputIndex(0));
                if (w.dim(1) == 3 && w.dim(2) == 3 && o.dilationH() == 1 && o.dilationW() == 1
                        && w.dim(3) == in.dim(3)) {
                    return Kernel.DEPTHWISE_3X3;
                }
                return Kernel.DEPTHWISE;
            }
            case FULLY_CONNECTED:
                return w.quantization().perChannel() ? Kernel.FULLY_CONNECTED_PER_CHANNEL : Kernel.FULLY_CONNECTED;
            default:
                throw new PackException("operator " + op.index() + " (" + op.displayName()
                        + ") has no convolution or fully connected kernel");
        }
    }

    /**
     * The dense convolution kernel a DEPTHWISE_CONV_2D with one input channel runs on (its 1HWO weights,
     * transposed, are the OHWI weights of a convolution; the code generator lowers it so), or null when the
     * operator is not such a depthwise convolution.
     */
    public static Kernel depthwiseAsConvKernel(Graph graph, Operator op) {
        if (op.type() != OpType.DEPTHWISE_CONV_2D) {
            return null;
        }
        Tensor in = graph.tensor(op.inputIndex(0));
        Tensor w = graph.tensor(op.inputIndex(1));
        if (in.rank() != 4 || w.rank() != 4 || in.dim(3) != 1 || w.dim(0) != 1) {
            return null;
        }
        return convKernel(geometry(graph, op));
    }

    /** The dense convolution kernel for a geometry: 1x1 (stride 1, no padding), 3x3 (dilation 1), else generic. */
    private static Kernel convKernel(ConvGeometry g) {
        if (g.filterH() == 1 && g.filterW() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0
                && g.padW() == 0 && g.outH() == g.inH() && g.outW() == g.inW()) {
            return Kernel.CONV_1X1;
        }
        if (g.filterH() == 3 && g.filterW() == 3 && g.dilationH() == 1 && g.dilationW() == 1) {
            return Kernel.CONV_3X3;
        }
        return Kernel.CONV;
    }

    /**
     * Whether every output channel of a CONV_2D or DEPTHWISE_CONV_2D passes the fast output-stage test of the
     * kernel that runs it (the C kernels' pn_fast_quant_ok, pn_sp_fast_ok, pn_dw3_fast_ok, pn_dw_fast_ok: the
     * right shift within range, no left shift for the sparse and depthwise kernels, and the largest possible
     * accumulator plus the bias below 2^29); otherwise the kernel takes its slower exact path.
     */
    public static boolean fastOutputStage(Graph graph, Operator op, Kernel kernel) {
        Tensor in = graph.tensor(op.inputIndex(0));
        Tensor w = graph.tensor(op.inputIndex(1));
        Tensor out = graph.tensor(op.outputIndex(0));
        boolean depthwise = op.type() == OpType.DEPTHWISE_CONV_2D;
        int cout = depthwise ? w.dim(3) : w.dim(0);
        int taps = w.dim(1) * w.dim(2);
        int cin = depthwise ? 1 : w.dim(3);
        QuantMath.Multiplier[] m = QuantMath.perChannelMultipliers(in.quantization().scale(0),
                w.quantization().scales(), out.quantization().scale(0), cout);
        int[] bias = new int[cout];
        Tensor b0 = op.inputCount() > 2 && op.inputIndex(2) >= 0 ? graph.tensor(op.inputIndex(2)) : null;
        if (b0 != null && b0.isConstant() && b0.type() == TensorType.INT32 && b0.elementCount() == cout) {
            b0.dataView().asIntBuffer().get(bias);
        }
        long product = 255L * 128;
        for (int c = 0; c < cout; c++) {
            int shift = m[c].shift();
            long b = Math.abs((long) bias[c]);
            boolean ok = switch (kernel) {
                case CONV_FILTERLET -> shift <= 0 && shift >= -21 && b + taps * (long) cin * product < 1L << 29;
                case CONV_1X1_BLOCK -> shift <= 0 && shift >= -21
                        && b + (cin + 3) / 4 * 4L * product < 1L << 29;
                case DEPTHWISE, DEPTHWISE_3X3 -> shift <= -1 && shift >= -23 && taps * product + b < 1L << 29;
                default -> {
                    int left = Math.max(shift, 0);
                    yield shift >= -21 && left <= 28 && taps * (long) cin * product + b < 1L << (29 - left);
                }
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** TFLM geometry of a CONV_2D or DEPTHWISE_CONV_2D operator. */
    public static ConvGeometry geometry(Graph graph, Operator op) {
        Tensor in = graph.tensor(op.inputIndex(0));
        Tensor w = graph.tensor(op.inputIndex(1));
        if (in.rank() != 4 || w.rank() != 4) {
            throw new PackException("operator " + op.index() + " (" + op.displayName() + "): input " + in
                    + " and filter " + w + " must have rank 4");
        }
        if (op.type() == OpType.CONV_2D) {
            OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
            return ConvGeometry.of(o.padding(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), w.dim(0), w.dim(1),
                    w.dim(2), o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
        }
        OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
        return ConvGeometry.of(o.padding(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), w.dim(3), w.dim(1), w.dim(2),
                o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
    }

    private static Tensor weights(Graph graph, Operator op, int rank) {
        Tensor w = graph.tensor(op.inputIndex(1));
        if (!w.isConstant() || w.rank() != rank) {
            throw new PackException("operator " + op.index() + " (" + op.displayName() + "): weights " + w
                    + " must be a constant tensor of rank " + rank);
        }
        return w;
    }

    private static LayerPack conv(Graph graph, Operator op, CostModel cost) {
        Tensor w = weights(graph, op, 4);
        OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
        ConvGeometry g = geometry(graph, op);
        int cout = w.dim(0);
        int kh = w.dim(1);
        int kw = w.dim(2);
        int cin = w.dim(3);
        int taps = kh * kw;
        long macs = g.convMacs();
        Kernel dense = denseKernel(graph, op);
        long denseBytes = w.byteSize();
        long denseInstr = cost.conv(dense, g, fastOutputStage(graph, op, dense));
        byte[] data = w.data();
        Choice base = new Choice(PackFormat.DENSE, dense, denseBytes, 0, denseInstr);
        Choice best = base;
        int filterlets = 0;
        int zeroFilterlets = 0;
        BlockStats b4 = BlockStats.NONE;
        BlockStats b8 = BlockStats.NONE;
        boolean dilation1 = o.dilationH() == 1 && o.dilationW() == 1;
        if (taps >= 2 && taps <= 32 && dilation1) {
            filterlets = cout * taps;
            for (int f = 0; f < filterlets; f++) {
                if (allZero(data, f * cin, cin)) {
                    zeroFilterlets++;
                }
            }
            int kept = filterlets - zeroFilterlets;
            // the index as the packer writes it: one mask per group of channels with equal masks
            int group = SparsePacker.filterletMaskGroup(data, cout, kh, kw, cin);
            best = pick(base, best, new Choice(PackFormat.FILTERLET, Kernel.CONV_FILTERLET, (long) kept * cin,
                    SparsePacker.filterletIndexBytes(cout, taps, group),
                    cost.filterlet(g, kept, fastOutputStage(graph, op, Kernel.CONV_FILTERLET))));
        }
        if (taps == 1 && dilation1) {
            b4 = BlockStats.of(data, cout, cin, 4);
            b8 = BlockStats.of(data, cout, cin, 8);
            boolean fast = fastOutputStage(graph, op, Kernel.CONV_1X1_BLOCK);
            for (BlockStats b : new BlockStats[] {b4, b8}) {
                best = pick(base, best, new Choice(b.format(), Kernel.CONV_1X1_BLOCK, b.weightBytes(), b.indexBytes(),
                        cost.conv1x1Block(b.blockSize(), g, b.kept(), fast)));
            }
        }
        return new LayerPack(op.index(), op.displayName(), op.type(), best.format(), best.kernel(), denseBytes,
                best.weightBytes(), best.indexBytes(), filterlets, zeroFilterlets, b4.total(), b4.zero(), b8.total(),
                b8.zero(),
                macs, best.instructions(), denseInstr);
    }

    private static LayerPack depthwise(Graph graph, Operator op, CostModel cost) {
        Tensor w = weights(graph, op, 4);
        ConvGeometry g = geometry(graph, op);
        long outputs = (long) g.batches() * g.outH() * g.outW() * g.outC();
        long macs = outputs * w.dim(1) * w.dim(2);
        Kernel lowered = depthwiseAsConvKernel(graph, op);
        Kernel dense = lowered != null ? lowered : denseKernel(graph, op);
        long instr = cost.conv(dense, g, fastOutputStage(graph, op, dense));
        return new LayerPack(op.index(), op.displayName(), op.type(), PackFormat.DENSE, dense, w.byteSize(),
                w.byteSize(), 0, 0, 0, 0, 0, 0, 0, macs, instr, instr);
    }

    private static LayerPack fullyConnected(Graph graph, Operator op, CostModel cost) {
        Tensor w = weights(graph, op, 2);
        Tensor in = graph.tensor(op.inputIndex(0));
        int units = w.dim(0);
        int k = w.dim(1);
        long batches = k == 0 ? 0 : in.elementCount() / k;
        long macs = batches * units * k;
        Kernel dense = denseKernel(graph, op);
        long denseInstr = cost.fullyConnected(batches, units, k);
        long denseBytes = w.byteSize();
        Choice base = new Choice(PackFormat.DENSE, dense, denseBytes, 0, denseInstr);
        Choice best = base;
        BlockStats b4 = BlockStats.NONE;
        BlockStats b8 = BlockStats.NONE;
        if (w.type() == TensorType.INT8 && symmetric(w.quantization())) { // not a float front end's FLOAT32
            byte[] data = w.data();
            b4 = BlockStats.of(data, units, k, 4);
            b8 = BlockStats.of(data, units, k, 8);
            for (BlockStats b : new BlockStats[] {b4, b8}) {
                best = pick(base, best, new Choice(b.format(), Kernel.FULLY_CONNECTED_BLOCK, b.weightBytes(),
                        b.indexBytes(), cost.fullyConnectedBlock(b.blockSize(), (long) units * k,
                                b.kept() - b.inFullRows(), b.inFullRows(), batches)));
            }
        }
        return new LayerPack(op.index(), op.displayName(), op.type(), best.format(), best.kernel(), denseBytes,
                best.weightBytes(), best.indexBytes(), 0, 0, b4.total(), b4.zero(), b8.total(), b8.zero(), macs,
                best.instructions(), denseInstr);
    }

    private static LayerPack other(Graph graph, Operator op, CostModel cost) {
        long inElems = 0;
        if (op.inputCount() > 0 && op.inputIndex(0) >= 0) {
            inElems = graph.tensor(op.inputIndex(0)).elementCount();
        }
        Tensor out = op.outputCount() > 0 ? graph.tensor(op.outputIndex(0)) : null;
        long outElems = out != null ? out.elementCount() : 0;
        long depth = out != null && out.rank() > 0 ? Math.max(1, out.dim(out.rank() - 1)) : 1;
        long instr = OperatorCatalogue.instructions(cost, graph, op, inElems, outElems, outElems / depth);
        return new LayerPack(op.index(), op.displayName(), op.type(), PackFormat.DENSE, null, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, instr, instr);
    }

    private static boolean symmetric(Quantization q) {
        for (long zp : q.zeroPoints()) {
            if (zp != 0) {
                return false;
            }
        }
        return true;
    }

    static boolean allZero(byte[] a, int start, int len) {
        for (int i = 0; i < len; i++) {
            if (a[start + i] != 0) {
                return false;
            }
        }
        return true;
    }

    private record Choice(PackFormat format, Kernel kernel, long weightBytes, long indexBytes, long instructions) {

        long bytes() {
            return weightBytes + indexBytes;
        }
    }

    /** The best of the current choice and a sparse candidate, measured against the dense baseline. */
    private static Choice pick(Choice dense, Choice current, Choice candidate) {
        if (candidate.bytes() >= dense.bytes() || candidate.instructions() >= dense.instructions()) {
            return current;
        }
        if (current == dense || candidate.instructions() < current.instructions()
                || candidate.instructions() == current.instructions() && candidate.bytes() < current.bytes()) {
            return candidate;
        }
        return current;
    }

    /** Kept / zero blocks of {@code [rows][cin]} weights along cin. */
    private record BlockStats(int blockSize, int rows, int cin, int total, int zero, int inFullRows) {

        static final BlockStats NONE = new BlockStats(0, 0, 0, 0, 0, 0);

        static BlockStats of(byte[] data, int rows, int cin, int blockSize) {
            int nb = (cin + blockSize - 1) / blockSize;
            int zero = 0;
            int inFull = 0;
            for (int o = 0; o < rows; o++) {
                int rowZero = 0;
                for (int b = 0; b < nb; b++) {
                    if (allZero(data, o * cin + b * blockSize, Math.min(blockSize, cin - b * blockSize))) {
                        rowZero++;
                    }
                }
                zero += rowZero;
                if (rowZero == 0) {
                    inFull += nb;
                }
            }
            return new BlockStats(blockSize, rows, cin, rows * nb, zero, inFull);
        }

        int kept() {
            return total - zero;
        }

        PackFormat format() {
            return blockSize == 4 ? PackFormat.BLOCK4 : PackFormat.BLOCK8;
        }

        long weightBytes() {
            return (long) kept() * blockSize;
        }

        long indexBytes() {
            return 4L * ((total / Math.max(rows, 1) + 31) / 32) * rows;
        }
    }
}
