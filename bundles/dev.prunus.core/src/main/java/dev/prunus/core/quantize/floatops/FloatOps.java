package dev.prunus.core.quantize.floatops;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.quantize.QuantizeException;

/** The float kernels by operator type. */
public final class FloatOps {

    /** Operators with a float reference kernel. */
    public static final Set<OpType> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(OpType.CONV_2D,
            OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED, OpType.ADD, OpType.MUL, OpType.AVERAGE_POOL_2D,
            OpType.MAX_POOL_2D, OpType.RESHAPE, OpType.SOFTMAX, OpType.MEAN, OpType.PAD, OpType.CONCATENATION,
            OpType.RELU, OpType.RELU6, OpType.RELU_N1_TO_1, OpType.LOGISTIC, OpType.TANH, OpType.SUB,
            OpType.SQUARED_DIFFERENCE, OpType.MAXIMUM, OpType.MINIMUM, OpType.POW, OpType.SQRT, OpType.RSQRT,
            OpType.LOG, OpType.TRANSPOSE, OpType.STRIDED_SLICE, OpType.GATHER, OpType.SPLIT, OpType.PACK,
            OpType.HARD_SWISH, OpType.BATCH_MATMUL));

    private FloatOps() {
    }

    /** The supported operators, sorted, for messages. */
    public static String supportedList() {
        return SUPPORTED.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    /**
     * Prepares one operator.
     *
     * @throws QuantizeException naming the operator when it has no float kernel or its operands do not fit
     */
    public static FloatStep prepare(Graph graph, Operator op) {
        FloatOperands o = new FloatOperands(graph, op);
        if (!SUPPORTED.contains(op.type())) {
            throw o.fail("no float reference kernel; supported: " + supportedList());
        }
        return switch (op.type()) {
            case CONV_2D -> ConvFloat.prepare(o);
            case DEPTHWISE_CONV_2D -> DepthwiseConvFloat.prepare(o);
            case FULLY_CONNECTED -> FullyConnectedFloat.prepare(o);
            case ADD, SUB, MUL, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, POW -> ElementwiseFloat.prepare(o);
            case AVERAGE_POOL_2D, MAX_POOL_2D -> PoolFloat.prepare(o);
            case RESHAPE -> DataMovementFloat.reshape(o);
            case PAD -> DataMovementFloat.pad(o);
            case CONCATENATION -> DataMovementFloat.concatenation(o);
            case TRANSPOSE -> DataMovementFloat.transpose(o);
            case STRIDED_SLICE -> DataMovementFloat.stridedSlice(o);
            case GATHER -> DataMovementFloat.gather(o);
            case SPLIT -> DataMovementFloat.split(o);
            case PACK -> DataMovementFloat.pack(o);
            case BATCH_MATMUL -> BatchMatMulFloat.prepare(o);
            case SOFTMAX -> SoftmaxFloat.prepare(o);
            case MEAN -> MeanFloat.prepare(o);
            default -> ActivationFloat.prepare(o);
        };
    }
}
