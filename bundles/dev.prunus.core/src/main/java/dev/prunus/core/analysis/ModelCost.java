package dev.prunus.core.analysis;

import java.util.List;

/**
 * Static cost of a graph: one {@link OperatorCost} per operator and totals.
 *
 * @param operators  per-operator costs in execution order
 * @param params     elements of all constant tensors of the graph (the README "params" figure)
 * @param macs       total multiply-accumulates of one inference
 * @param flashBytes total constant bytes: every constant tensor's data plus the operators' quantization
 *                   parameters and index bytes
 * @param indexBytes total sparse index bytes (part of {@code flashBytes})
 */
public record ModelCost(List<OperatorCost> operators, long params, long macs, long flashBytes, long indexBytes) {

    public ModelCost {
        operators = List.copyOf(operators);
    }
}
