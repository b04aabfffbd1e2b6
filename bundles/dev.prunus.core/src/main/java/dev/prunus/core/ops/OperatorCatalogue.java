package dev.prunus.core.ops;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.PackPlan;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one registry of builtin operators: builtin code to {@link OperatorDefinition}. */
public final class OperatorCatalogue {

    private static final Map<OpType, OperatorDefinition> BY_TYPE = new EnumMap<>(OpType.class);
    private static final Map<OpType, OptionsCodec> OPTIONS = new EnumMap<>(OpType.class);

    // Every operator Prunus runs and generates C for: one line per definition, with the builtin codes it covers.
    static {
        register(new Conv2DOp(), OpType.CONV_2D);
        register(new DepthwiseConv2DOp(), OpType.DEPTHWISE_CONV_2D);
        register(new FullyConnectedOp(), OpType.FULLY_CONNECTED);
        register(new PoolingOp(), OpType.AVERAGE_POOL_2D, OpType.MAX_POOL_2D);
        register(new ArithmeticOp(), OpType.ADD, OpType.SUB, OpType.MUL, OpType.MAXIMUM, OpType.MINIMUM,
                OpType.SQUARED_DIFFERENCE);
        register(new SoftmaxOp(), OpType.SOFTMAX);
        register(new ReshapeOp(), OpType.RESHAPE, OpType.EXPAND_DIMS, OpType.SQUEEZE);
        register(new LogisticTanhOp(), OpType.LOGISTIC, OpType.TANH);
        register(new ReluOp(), OpType.RELU, OpType.RELU6);
        register(new PadOp(), OpType.PAD);
        register(new MeanOp(), OpType.MEAN);
        register(new ConcatenationOp(), OpType.CONCATENATION);
        register(new QuantizeOp(), OpType.QUANTIZE);
        register(new DequantizeOp(), OpType.DEQUANTIZE);
        register(new LstmOp(), OpType.UNIDIRECTIONAL_SEQUENCE_LSTM);
        register(new LeakyReluOp(), OpType.LEAKY_RELU);
        register(new TransposeOp(), OpType.TRANSPOSE);
        register(new ResizeNearestNeighborOp(), OpType.RESIZE_NEAREST_NEIGHBOR);
        register(new StridedSliceOp(), OpType.STRIDED_SLICE);
        register(new GatherOp(), OpType.GATHER);
        register(new RsqrtOp(), OpType.RSQRT);
        register(new PackOp(), OpType.PACK);
        register(new SplitOp(), OpType.SPLIT);
        register(new HardSwishOp(), OpType.HARD_SWISH);
        register(new BatchMatMulOp(), OpType.BATCH_MATMUL);

        // Operators Prunus reads and writes but does not run: only their options tables.
        readOnly(PoolingOp.OPTIONS, OpType.L2_POOL_2D);
        readOnly(MeanOp.OPTIONS, OpType.SUM, OpType.REDUCE_MAX, OpType.REDUCE_MIN, OpType.REDUCE_PROD,
                OpType.REDUCE_ANY, OpType.REDUCE_ALL);
    }

    private static void register(OperatorDefinition definition, OpType... types) {
        for (OpType t : types) {
            if (BY_TYPE.put(t, definition) != null) {
                throw new IllegalStateException(t + " is registered twice in the operator catalogue");
            }
            OptionsCodec codec = definition.options(t);
            if (codec != null) {
                OPTIONS.put(t, codec);
            }
        }
    }

    private static void readOnly(OptionsCodec codec, OpType... types) {
        for (OpType t : types) {
            OPTIONS.put(t, codec);
        }
    }

    /** The operators with a definition, in builtin-code order. */
    public static final Set<OpType> SUPPORTED = Collections.unmodifiableSet(EnumSet.copyOf(BY_TYPE.keySet()));

    /**
     * The operators a float32 engine models: those whose definition names a {@link FloatLayers} layer (asked of
     * each definition with a bare operator of the type).
     */
    public static final Set<OpType> FLOAT_LAYERS;

    static {
        EnumSet<OpType> modelled = EnumSet.noneOf(OpType.class);
        for (OpType t : SUPPORTED) {
            if (BY_TYPE.get(t).floatLayer(new ModelledProbe(), new Operator(0, t, new int[0], new int[0], null))) {
                modelled.add(t);
            }
        }
        FLOAT_LAYERS = Collections.unmodifiableSet(modelled);
    }

    private OperatorCatalogue() {
    }

    /** The operator's layer in a float32 engine; {@link FloatLayers#unsupported} outside the catalogue. */
    public static <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        OperatorDefinition def = of(op.type());
        return def == null ? layers.unsupported(op) : def.floatLayer(layers, op);
    }

    /** The definition of an operator type, or null when Prunus does not support it. */
    public static OperatorDefinition of(OpType type) {
        return BY_TYPE.get(type);
    }

    /**
     * The options codec of an operator type, or null when Prunus models no options table for it (the file reader
     * then keeps the table as {@link dev.prunus.core.ir.OpOptions.EmptyOptions} or
     * {@link dev.prunus.core.ir.OpOptions.OpaqueOptions}).
     */
    public static OptionsCodec options(OpType type) {
        return OPTIONS.get(type);
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

    /** Answers whether a definition picks a layer: true for every layer but {@link FloatLayers#unsupported}. */
    private static final class ModelledProbe implements FloatLayers<Boolean> {
        @Override
        public Boolean convolution(Operator op) {
            return true;
        }

        @Override
        public Boolean depthwiseConvolution(Operator op) {
            return true;
        }

        @Override
        public Boolean fullyConnected(Operator op) {
            return true;
        }

        @Override
        public Boolean add(Operator op) {
            return true;
        }

        @Override
        public Boolean pooling(Operator op) {
            return true;
        }

        @Override
        public Boolean reshape(Operator op) {
            return true;
        }

        @Override
        public Boolean passThrough(Operator op, Activation clamp) {
            return true;
        }

        @Override
        public Boolean softmax(Operator op) {
            return true;
        }

        @Override
        public Boolean mean(Operator op) {
            return true;
        }

        @Override
        public Boolean pad(Operator op) {
            return true;
        }

        @Override
        public Boolean concatenation(Operator op) {
            return true;
        }

        @Override
        public Boolean unsupported(Operator op) {
            return false;
        }
    }
}
