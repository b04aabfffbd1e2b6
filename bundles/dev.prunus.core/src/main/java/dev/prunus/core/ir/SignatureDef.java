package dev.prunus.core.ir;

import java.util.List;

/**
 * A named entry point of the model (TFLite {@code SignatureDef}): aliases for input and output tensors of one
 * subgraph.
 */
public record SignatureDef(String key, int subgraphIndex, List<TensorMap> inputs, List<TensorMap> outputs) {

    /** An alias for one tensor of the signature's subgraph. */
    public record TensorMap(String name, int tensorIndex) {
        public TensorMap {
            name = name == null ? "" : name;
        }
    }

    public SignatureDef {
        key = key == null ? "" : key;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
