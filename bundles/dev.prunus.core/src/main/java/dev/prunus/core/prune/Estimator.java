package dev.prunus.core.prune;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.pack.SparsePacker;

/**
 * Fast cost figures of a pruning state for the optimiser: flash bytes, executed instructions per inference and
 * activation RAM, from kept channel counts and kept-unit fractions, using the packer's cost model
 * ({@link CostModel}) and its format rule (a sparse format only when smaller and faster than dense). The final
 * figures of a pruned model come from {@link PackPlanner} and the memory planner; these are the optimiser's
 * estimates of them.
 */
final class Estimator {

    /** Figures of one state. */
    record Cost(long flash, long instructions, long ram, long weights, long denseWeights) {

        /**
         * Fraction of the prunable weights removed; 0 when there are none (a model with nothing the method can prune
         * removes nothing, it does not meet every ratio).
         */
        double removedFraction() {
            return denseWeights == 0 ? 0 : 1.0 - (double) weights / denseWeights;
        }
    }

    private final PrunableGraph pg;
    private final CostModel model;
    private final long otherConstants;
    private final Kernel[] kernels;
    /** Per layer: its geometry (conv / depthwise; null for FC), whether its kernels take the fast output stage. */
    private final ConvGeometry[] geometry;
    private final boolean[] fastDense;
    private final boolean[] fastFilterlet;
    private final boolean[] fastBlock;
    private final int[] positions;
    /** Per operator: the planned instructions of a conv / depthwise / FC that pruning leaves alone, else -1. */
    private final long[] fixedLayerCost;
    private final int[] lastUse;
    private final int[] firstDef;

    Estimator(PrunableGraph pg, String core) {
        this.pg = pg;
        this.model = CostModel.forCore(core);
        Graph g = pg.graph;
        boolean[] layerConst = new boolean[g.tensors().size()];
        for (PrunableGraph.Layer l : pg.layers) {
            layerConst[l.weights] = true;
            if (l.bias >= 0) {
                layerConst[l.bias] = true;
            }
        }
        long other = 0;
        for (Tensor t : g.tensors()) {
            if (t.isConstant() && !layerConst[t.index()] && !g.consumersOf(t.index()).isEmpty()) {
                other += t.byteSize();
            }
        }
        this.otherConstants = other;
        this.fixedLayerCost = new long[g.operators().size()];
        java.util.Arrays.fill(fixedLayerCost, -1);
        for (LayerPack lp : PackPlanner.plan(g, core).layers()) {
            if (lp.kernel() != null && pg.layerOfOp[lp.operatorIndex()] < 0) {
                fixedLayerCost[lp.operatorIndex()] = lp.instructions();
            }
        }
        int layers = pg.layers.size();
        this.kernels = new Kernel[layers];
        this.geometry = new ConvGeometry[layers];
        this.fastDense = new boolean[layers];
        this.fastFilterlet = new boolean[layers];
        this.fastBlock = new boolean[layers];
        this.positions = new int[layers];
        for (int i = 0; i < layers; i++) {
            PrunableGraph.Layer l = pg.layers.get(i);
            Operator op = g.operator(l.op);
            Kernel lowered = PackPlanner.depthwiseAsConvKernel(g, op);
            kernels[i] = lowered != null ? lowered : PackPlanner.denseKernel(g, op);
            if (l.type != OpType.FULLY_CONNECTED) {
                geometry[i] = PackPlanner.geometry(g, op);
                fastDense[i] = PackPlanner.fastOutputStage(g, op, kernels[i]);
                fastFilterlet[i] = l.type == OpType.CONV_2D && PackPlanner.fastOutputStage(g, op, Kernel.CONV_FILTERLET);
                fastBlock[i] = l.type == OpType.CONV_2D && PackPlanner.fastOutputStage(g, op, Kernel.CONV_1X1_BLOCK);
            }
            Tensor out = g.tensor(l.output);
            positions[i] = out.elementCount() / Math.max(1, out.dim(-1));
        }
        int n = g.tensors().size();
        lastUse = new int[n];
        firstDef = new int[n];
        java.util.Arrays.fill(lastUse, -1);
        java.util.Arrays.fill(firstDef, -1);
        for (int t : g.inputs()) {
            firstDef[t] = 0;
        }
        for (Operator op : g.operators()) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    lastUse[t] = op.index();
                }
            }
            for (int t : op.outputs()) {
                if (firstDef[t] < 0) {
                    firstDef[t] = op.index();
                }
            }
        }
        for (int t : g.outputs()) {
            lastUse[t] = g.operators().size();
        }
    }

    /**
     * @param keptChannels per space, kept channels
     * @param unitKeep     per layer, the fraction of its units kept (1 = dense)
     * @param kind         per layer, the unit kind its fraction refers to (null = none)
     */
    Cost cost(int[] keptChannels, double[] unitKeep, Units.Kind[] kind) {
        Graph g = pg.graph;
        long flash = otherConstants;
        long instr = 0;
        long weights = 0;
        long dense = 0;
        for (int i = 0; i < pg.layers.size(); i++) {
            PrunableGraph.Layer l = pg.layers.get(i);
            Tensor w = g.tensor(l.weights);
            boolean perChannel = l.type != OpType.FULLY_CONNECTED || w.quantization().perChannel();
            int taps = l.kh * l.kw;
            int pos = positions[i];
            if (l.type == OpType.DEPTHWISE_CONV_2D) {
                int c = l.outSpace >= 0 ? keptChannels[l.outSpace] : l.cout;
                long bytes = (long) c * taps;
                flash += bytes + 4L * c + 8L * c;
                weights += bytes;
                dense += (long) l.cout * taps;
                ConvGeometry dg = geometry[i];
                boolean lowered = kernels[i] != Kernel.DEPTHWISE && kernels[i] != Kernel.DEPTHWISE_3X3;
                instr += model.conv(kernels[i], withChannels(dg, lowered ? dg.inC() : c, c), fastDense[i]);
                continue;
            }
            int rows = l.outSpace >= 0 ? keptChannels[l.outSpace] : l.cout;
            int cin = l.inSpace >= 0 ? keptChannels[l.inSpace] * l.inRepeat : l.cin;
            long denseBytes = (long) rows * taps * cin;
            ConvGeometry lg = geometry[i] == null ? null : withChannels(geometry[i], cin, rows);
            long denseInstr = lg == null ? model.fullyConnected(pos, rows, cin) : model.conv(kernels[i], lg, fastDense[i]);
            long bytes = denseBytes;
            long ins = denseInstr;
            long kept = denseBytes;
            double u = unitKeep[i];
            if (kind[i] == Units.Kind.FILTERLET && u < 1) {
                long filterlets = Math.round(u * rows * taps);
                long sb = filterlets * cin
                        + SparsePacker.filterletIndexBytes(rows, taps, Units.filterletGroup(cin, taps, rows, 1.0 - u));
                long si = model.filterlet(lg, filterlets, fastFilterlet[i]);
                kept = filterlets * cin;
                if (sb < bytes && si < ins) {
                    bytes = sb;
                    ins = si;
                }
            } else if (kind[i] == Units.Kind.BLOCK && u < 1) {
                long nb = (cin + 3) / 4;
                long keptBlocks = Math.round(u * rows * nb);
                long sb = keptBlocks * 4 + 4L * ((nb + 31) / 32) * rows;
                long si = l.type == OpType.FULLY_CONNECTED
                        ? model.fullyConnectedBlock(4, (long) rows * cin, keptBlocks, 0, pos)
                        : model.conv1x1Block(4, lg, keptBlocks, fastBlock[i]);
                kept = Math.min(denseBytes, keptBlocks * 4);
                if (sb < bytes && si < ins) {
                    bytes = sb;
                    ins = si;
                }
            } else if (kind[i] == Units.Kind.WEIGHT && u < 1) {
                kept = Math.round(u * denseBytes);
            }
            flash += bytes + (l.bias >= 0 ? 4L * rows : 0) + (perChannel ? 8L * rows : 8);
            weights += kept;
            dense += (long) l.cout * taps * l.cin;
            instr += ins;
        }
        for (Operator op : g.operators()) {
            if (pg.layerOfOp[op.index()] >= 0 || op.outputCount() == 0) {
                continue;
            }
            if (fixedLayerCost[op.index()] >= 0) {
                instr += fixedLayerCost[op.index()];
                continue;
            }
            long in = op.inputIndex(0) >= 0 ? scaled(op.inputIndex(0), keptChannels) : 0;
            long out = scaled(op.outputIndex(0), keptChannels);
            Tensor ot = g.tensor(op.outputIndex(0));
            long rows = ot.rank() > 0 ? ot.elementCount() / Math.max(1, ot.dim(-1)) : 1;
            instr += OperatorCatalogue.instructions(model, g, op, in, out, rows);
        }
        long ram = 0;
        int ops = g.operators().size();
        for (int k = 0; k < ops; k++) {
            long live = 0;
            for (Tensor t : g.tensors()) {
                int ti = t.index();
                if (t.isConstant() || firstDef[ti] < 0 || lastUse[ti] < 0) {
                    continue;
                }
                if (firstDef[ti] <= k && lastUse[ti] >= k) {
                    live += scaled(ti, keptChannels) * Math.max(1, t.type().byteSize());
                }
            }
            ram = Math.max(ram, live);
        }
        return new Cost(flash, instr, ram, weights, dense);
    }

    /** The layer's geometry with pruned channel counts. */
    private static ConvGeometry withChannels(ConvGeometry g, int inC, int outC) {
        return new ConvGeometry(g.batches(), g.inH(), g.inW(), inC, g.outH(), g.outW(), outC, g.filterH(),
                g.filterW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.padH(), g.padW());
    }

    private long scaled(int tensor, int[] keptChannels) {
        Tensor t = pg.graph.tensor(tensor);
        int s = pg.spaceOfTensor[tensor];
        if (s < 0 || t.rank() == 0) {
            return t.elementCount();
        }
        return (long) t.elementCount() / Math.max(1, t.dim(-1)) * keptChannels[s];
    }
}
