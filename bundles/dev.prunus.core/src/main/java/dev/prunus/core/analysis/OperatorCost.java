package dev.prunus.core.analysis;

import dev.prunus.core.ir.OpType;

/**
 * Static cost of one operator.
 *
 * @param operatorIndex index in execution order
 * @param type          operator kind
 * @param name          display name (builtin name or custom code)
 * @param params        elements of the constant inputs this operator is the first to read (so that summing
 *                      over operators counts a shared constant once)
 * @param macs          multiply-accumulates of one inference (see {@link CostAnalyzer} for the formulas)
 * @param weightBytes   bytes of constant inputs other than the bias
 * @param biasBytes     bytes of the bias input (input 2 of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED)
 * @param quantBytes    bytes of requantization parameters stored with the operator
 * @param indexBytes    bytes of sparse-format index data (0 for dense layers)
 */
public record OperatorCost(int operatorIndex, OpType type, String name, long params, long macs, long weightBytes,
        long biasBytes, long quantBytes, long indexBytes) {

    /** Flash the operator's constant data occupies: weights + bias + quantization parameters + index. */
    public long flashBytes() {
        return weightBytes + biasBytes + quantBytes + indexBytes;
    }
}
