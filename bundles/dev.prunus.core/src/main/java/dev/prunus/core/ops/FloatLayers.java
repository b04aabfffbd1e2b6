package dev.prunus.core.ops;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Operator;

/**
 * The layers of a float32 engine, one factory per kind of operator it models. {@link OperatorDefinition#floatLayer}
 * picks the factory for an operator, so the engine ({@code train.Network}, whose layers hold forward and backward
 * side by side) reaches every operator through the catalogue, and a new operator states there which layer models
 * it; {@link OperatorCatalogue#FLOAT_LAYERS} lists the operators that have one.
 */
public interface FloatLayers<L> {

    /** CONV_2D. */
    L convolution(Operator op);

    /** DEPTHWISE_CONV_2D. */
    L depthwiseConvolution(Operator op);

    /** FULLY_CONNECTED. */
    L fullyConnected(Operator op);

    /** ADD (same shapes). */
    L add(Operator op);

    /** AVERAGE_POOL_2D and MAX_POOL_2D (by the operator's type). */
    L pooling(Operator op);

    /** The same values in another shape (RESHAPE, SQUEEZE, EXPAND_DIMS): no arithmetic, no new range. */
    L reshape(Operator op);

    /**
     * An element-wise copy clamped to an activation's range, on the output's own int8 grid (QUANTIZE, DEQUANTIZE
     * with {@link Activation#NONE}; RELU, RELU6).
     */
    L passThrough(Operator op, Activation clamp);

    /** SOFTMAX. */
    L softmax(Operator op);

    /** MEAN over constant axes (not the batch). */
    L mean(Operator op);

    /** PAD with zeros (the input's zero point). */
    L pad(Operator op);

    /** CONCATENATION. */
    L concatenation(Operator op);

    /** An operator the engine has no layer for: throws the engine's exception, naming the operator. */
    L unsupported(Operator op);
}
