package dev.prunus.core.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.PrunusException;
import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.analysis.ModelCost;
import dev.prunus.core.analysis.OperatorCost;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackException;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;

/**
 * Everything the model editor shows about one model, computed once in a background job: inputs and outputs with
 * their quantization, {@link Figures} for Cortex-M4 and M7, and one row per operator. Immutable.
 */
public final class ModelView {

    /** A graph input or output as the editor lists it. */
    public record Port(String name, String type, int[] shape, String quantization) {
        /** e.g. {@code int8[1, 96, 96, 1]}. */
        public String shapeText() {
            return type + Arrays.toString(shape);
        }
    }

    /**
     * One operator.
     *
     * @param params          weights (and other constants) the operator reads first
     * @param keptWeights     non-zero weights of a convolution or fully connected layer (= weights when dense)
     * @param weights         weights of a convolution or fully connected layer, 0 for other operators
     * @param flashBytes      packed weights + index + bias + requantization bytes of the operator
     * @param ramBytes        arena bytes live while the operator runs: its inputs, outputs, everything still
     *                        needed later, and its scratch
     */
    public record Layer(int index, String type, String name, String inputShape, String outputShape,
            String weightShape, long params, long weights, long keptWeights, long macs, long flashBytes,
            long indexBytes, long ramBytes, long instructionsM4, long instructionsM7, String format) {

        /** Fraction of the layer's weights kept (1 for dense layers and operators without weights). */
        public double keptFraction() {
            return weights == 0 ? 1.0 : (double) keptWeights / weights;
        }
    }

    private final List<Port> inputs;
    private final List<Port> outputs;
    private final List<Layer> layers;
    private final Figures m4;
    private final Figures m7;
    private final long macs;
    private final long params;

    private ModelView(List<Port> inputs, List<Port> outputs, List<Layer> layers, Figures m4, Figures m7, long macs,
            long params) {
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.layers = List.copyOf(layers);
        this.m4 = m4;
        this.m7 = m7;
        this.macs = macs;
        this.params = params;
    }

    /**
     * Analyses the model's main graph (packing for both cores, memory plan, costs). A model the microcontroller
     * analysis cannot take (float weights, say) is a {@link PrunusException} saying so, not a runtime failure.
     */
    public static ModelView of(Model model) {
        try {
            return analyse(model);
        } catch (IllegalStateException | IllegalArgumentException | PackException e) {
            throw new PrunusException("this model cannot be analysed for a microcontroller (" + e.getMessage()
                    + "); Prunus works on int8 models: quantize a float model first", e);
        }
    }

    private static ModelView analyse(Model model) {
        Graph g = model.main();
        ModelCost cost = CostAnalyzer.analyze(g);
        PackPlan p4 = PackPlanner.plan(g, "m4");
        PackPlan p7 = PackPlanner.plan(g, "m7");
        ArenaPlan arena = MemoryPlanner.plan(g, p4);
        long[] live = liveBytes(g, arena);
        List<Layer> rows = new ArrayList<>();
        for (Operator op : g.operators()) {
            OperatorCost c = cost.operators().get(op.index());
            LayerPack l4 = p4.layer(op.index()).orElse(null);
            LayerPack l7 = p7.layer(op.index()).orElse(null);
            long weights = 0;
            long kept = 0;
            if (hasWeights(op.type())) {
                Tensor w = op.input(g, 1);
                if (w != null && w.isConstant()) {
                    weights = w.elementCount();
                    for (byte b : w.data()) {
                        kept += b != 0 ? 1 : 0;
                    }
                }
            }
            long flash = c.biasBytes() + c.quantBytes()
                    + (l4 != null && l4.kernel() != null ? l4.packedBytes() : c.weightBytes());
            rows.add(new Layer(op.index(), op.displayName(), outputName(g, op), shape(g, op.inputs(), false),
                    shape(g, op.outputs(), false), shape(g, op.inputs(), true), c.params(), weights, kept, c.macs(),
                    flash, l4 == null ? 0 : l4.indexBytes(), live[op.index()], l4 == null ? 0 : l4.instructions(),
                    l7 == null ? 0 : l7.instructions(), l4 == null ? "DENSE" : l4.format().name()));
        }
        return new ModelView(ports(g, g.inputs()), ports(g, g.outputs()), rows, Figures.of(g, p4),
                Figures.of(g, p7), cost.macs(), cost.params());
    }

    public List<Port> inputs() {
        return inputs;
    }

    public List<Port> outputs() {
        return outputs;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Figures on a core ("m7" for Cortex-M7, anything else Cortex-M4). */
    public Figures figures(String core) {
        return "m7".equals(core) ? m7 : m4;
    }

    public long macs() {
        return macs;
    }

    public long params() {
        return params;
    }

    /** Weights of all convolution and fully connected layers. */
    public long weights() {
        return layers.stream().mapToLong(Layer::weights).sum();
    }

    /** Non-zero weights of all convolution and fully connected layers. */
    public long keptWeights() {
        return layers.stream().mapToLong(Layer::keptWeights).sum();
    }

    /**
     * Whether the model holds pruned (zero) weights in numbers that matter: some layer packs sparse (all-zero
     * filterlets or blocks), or keeps less than nine tenths of its weights. A few zeros of quantization do not
     * count; a model trained sparse (vww_96_int8) does, and its figures count only what is kept.
     */
    public boolean isPruned() {
        return layers.stream().anyMatch(l -> !"DENSE".equals(l.format()) || l.keptFraction() < 0.9);
    }

    /** The row of an operator, or null. */
    public Layer layer(int index) {
        return index >= 0 && index < layers.size() ? layers.get(index) : null;
    }

    private static boolean hasWeights(OpType t) {
        return t == OpType.CONV_2D || t == OpType.DEPTHWISE_CONV_2D || t == OpType.FULLY_CONNECTED;
    }

    private static String outputName(Graph g, Operator op) {
        return op.outputCount() > 0 && op.outputs()[0] >= 0 ? g.tensor(op.outputs()[0]).name() : "";
    }

    /** Shapes of the first constant (weights) or of the first non-constant tensor of a list. */
    private static String shape(Graph g, int[] tensors, boolean constant) {
        for (int i : tensors) {
            if (i >= 0 && g.tensor(i).isConstant() == constant) {
                Tensor t = g.tensor(i);
                return t.type().name().toLowerCase(Locale.ROOT) + Arrays.toString(t.shape());
            }
        }
        return "";
    }

    private static List<Port> ports(Graph g, int[] tensors) {
        List<Port> ports = new ArrayList<>();
        for (int i : tensors) {
            Tensor t = g.tensor(i);
            ports.add(new Port(t.name(), t.type().name().toLowerCase(Locale.ROOT), t.shape(), quantization(t)));
        }
        return ports;
    }

    /** e.g. {@code scale 0.0039, zero point -128}, or "per channel (8)" or "none". */
    static String quantization(Tensor t) {
        if (!t.quantization().isQuantized()) {
            return "none";
        }
        if (t.quantization().perChannel()) {
            return String.format(Locale.ROOT, "per channel (%d scales)", t.quantization().channelCount());
        }
        return String.format(Locale.ROOT, "scale %.6g, zero point %d", t.quantization().scale(0),
                t.quantization().zeroPoint(0));
    }

    /**
     * Arena bytes live while each operator runs: tensors with their own buffer from their producer (or the start)
     * to their last consumer (or the end, for outputs and variables), plus the operator's scratch.
     */
    private static long[] liveBytes(Graph g, ArenaPlan arena) {
        int ops = g.operators().size();
        long[] live = new long[ops];
        if (ops == 0) {
            return live;
        }
        for (Tensor t : g.tensors()) {
            int i = t.index();
            if (!arena.isPlanned(i) || arena.aliasOf(i) != i) {
                continue;
            }
            int first = g.producerOf(i).map(Operator::index).orElse(0);
            int last = first;
            for (Operator c : g.consumersOf(i)) {
                last = Math.max(last, c.index());
            }
            if (g.isGraphOutput(i) || t.isVariable()) {
                last = ops - 1;
            }
            if (t.isVariable()) {
                first = 0;
            }
            for (int o = first; o <= last && o < ops; o++) {
                live[o] += align(arena.size(i));
            }
        }
        for (ArenaPlan.Scratch s : arena.scratch()) {
            if (s.operatorIndex() >= 0 && s.operatorIndex() < ops) {
                live[s.operatorIndex()] += align(s.size());
            }
        }
        return live;
    }

    private static long align(long size) {
        long a = MemoryPlanner.ALIGNMENT;
        return (size + a - 1) / a * a;
    }
}
