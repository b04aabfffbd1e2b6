package dev.prunus.core.quantize;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Quantization;

/**
 * How the int8 output of each operator is quantized, following what TFLite's converter produces and TFLite Micro's
 * int8 kernels require. The int8 kernels of the operators not listed here do not exist in Prunus' interpreter, so
 * the quantizer refuses them.
 */
public enum OutputRule {
    /** Asymmetric parameters from the calibrated range of the output (after any fused activation, so a fused RELU
     * gives a range that starts at 0). CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, MUL, MEAN, RELU; for
     * transformers SUB, SQUARED_DIFFERENCE, RSQRT and BATCH_MATMUL (TFLM's int8 kernels rescale each input and the
     * output with their own parameters, and the converter calibrates these outputs). */
    CALIBRATED,
    /** The output has the input's scale and zero point: TFLM's int8 kernels copy or compare values without
     * rescaling. AVERAGE_POOL_2D, MAX_POOL_2D, RESHAPE, PAD (pads with the zero point), RELU6, TRANSPOSE and
     * STRIDED_SLICE (TFLM moves int8 bytes; the converter keeps input and output scales equal). */
    SAME_AS_INPUT,
    /** Inputs and output share one scale and zero point, from the union of the input ranges; an input that cannot
     * take them is requantized by an inserted QUANTIZE. CONCATENATION. */
    SHARED_BY_INPUTS,
    /** Fixed by the kernel: SOFTMAX and LOGISTIC 1/256 with zero point -128, TANH 1/128 with zero point 0. */
    FIXED;

    private static final Map<OpType, OutputRule> RULES;

    static {
        Map<OpType, OutputRule> m = new EnumMap<>(OpType.class);
        for (OpType t : new OpType[] {OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED, OpType.ADD,
            OpType.MUL, OpType.MEAN, OpType.RELU, OpType.SUB, OpType.SQUARED_DIFFERENCE, OpType.RSQRT,
            OpType.BATCH_MATMUL}) {
            m.put(t, CALIBRATED);
        }
        for (OpType t : new OpType[] {OpType.AVERAGE_POOL_2D, OpType.MAX_POOL_2D, OpType.RESHAPE, OpType.PAD,
            OpType.RELU6, OpType.TRANSPOSE, OpType.STRIDED_SLICE}) {
            m.put(t, SAME_AS_INPUT);
        }
        m.put(OpType.CONCATENATION, SHARED_BY_INPUTS);
        for (OpType t : new OpType[] {OpType.SOFTMAX, OpType.LOGISTIC, OpType.TANH}) {
            m.put(t, FIXED);
        }
        RULES = Collections.unmodifiableMap(m);
    }

    /** The operators the quantizer turns into int8. */
    public static java.util.Set<OpType> quantizable() {
        return RULES.keySet();
    }

    /** The rule of an operator type, or null when the quantizer has no int8 form for it. */
    public static OutputRule of(OpType type) {
        return RULES.get(type);
    }

    /** The fixed output quantization of a {@link #FIXED} operator. */
    public static Quantization fixedOutput(OpType type) {
        return switch (type) {
            case SOFTMAX, LOGISTIC -> Quantization.perTensor(1f / 256, -128);
            case TANH -> Quantization.perTensor(1f / 128, 0);
            default -> throw new IllegalArgumentException(type + " has no fixed output quantization");
        };
    }
}
