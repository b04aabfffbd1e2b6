package dev.prunus.core.ops;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Operator;

/**
 * A float32 training engine's layers, one factory per kind of operator it models (forward and backward live in
 * the engine's layer of type {@code L}). {@link OperatorDefinition#floatLayer} picks the factory for an operator,
 * so an engine reaches every operator through the catalogue and a new operator states there which layer it is.
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

    /** An operator that passes its input through, clamped to a fused activation's range (RESHAPE, RELU, ...). */
    L passThrough(Operator op, Activation clamp);

    /** SOFTMAX. */
    L softmax(Operator op);

    /** An operator the engine has no layer for: throws the engine's exception, naming the operator. */
    L unsupported(Operator op);
}
