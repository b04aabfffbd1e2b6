package dev.prunus.core.ops;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.PackPlan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one registry of builtin operators: builtin code to {@link OperatorDefinition}. */
public final class OperatorCatalogue {

    /** Every operator Prunus runs and generates C for: one line per definition. */
    private static final List<OperatorDefinition> DEFINITIONS = List.of(
            new Conv2DOp(),
            new DepthwiseConv2DOp(),
            new FullyConnectedOp(),
            new PoolingOp(),
            new ArithmeticOp(),
            new SoftmaxOp(),
            new ReshapeOp(),
            new LogisticTanhOp(),
            new ReluOp(),
            new PadOp(),
            new MeanOp(),
            new ConcatenationOp(),
            new QuantizeOp(),
            new DequantizeOp());

    private static final Map<OpType, OperatorDefinition> BY_TYPE = new EnumMap<>(OpType.class);

    static {
        for (OperatorDefinition d : DEFINITIONS) {
            for (OpType t : d.types()) {
                if (BY_TYPE.put(t, d) != null) {
                    throw new IllegalStateException(t + " is registered twice in the operator catalogue");
                }
            }
        }
    }

    /** The operators with a definition, in builtin-code order. */
    public static final Set<OpType> SUPPORTED = Collections.unmodifiableSet(EnumSet.copyOf(BY_TYPE.keySet()));

    private OperatorCatalogue() {
    }

    /** The definition of an operator type, or null when Prunus does not support it. */
    public static OperatorDefinition of(OpType type) {
        return BY_TYPE.get(type);
    }

    /**
     * Estimated instructions of an operator without a pack-planned kernel: its definition's estimate, or the
     * cost model's element-wise default for operators outside the catalogue.
     */
    public static long instructions(CostModel cost, Graph g, Operator op, long inputElements, long outputElements,
            long rows) {
        OperatorDefinition def = of(op.type());
        if (def == null) {
            return cost.other(op.type(), inputElements, outputElements, rows);
        }
        return def.instructions(cost, g, op, inputElements, outputElements, rows);
    }

    /** Arena scratch bytes of an operator's kernel; 0 for operators outside the catalogue. */
    public static int scratchBytes(Graph g, Operator op, PackPlan pack) {
        OperatorDefinition def = of(op.type());
        return def == null ? 0 : def.scratchBytes(g, op, pack);
    }

    /** Multiply-accumulates of one inference of an operator; 0 for operators outside the catalogue. */
    public static long macs(Graph g, Operator op) {
        OperatorDefinition def = of(op.type());
        return def == null ? 0 : def.macs(g, op);
    }

    /** The supported operators' names, comma separated, for error messages. */
    public static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (OpType t : SUPPORTED) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
        }
        return sb.toString();
    }
}
