package dev.prunus.core.tflite;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import java.util.List;

/** Small models built in code for reader and writer tests. */
final class TestModels {

    private TestModels() {
    }

    /** input -> builtin #9999 (unknown to the IR) -> custom "MyOp" with custom options -> output. */
    static Model withUnknownAndCustomOps() {
        Quantization q = Quantization.perTensor(0.5f, 3);
        List<Tensor> tensors = List.of(
                Tensor.activation(0, "in", TensorType.INT8, new int[] {1, 4}, q),
                Tensor.activation(1, "mid", TensorType.INT8, new int[] {1, 4}, q),
                Tensor.activation(2, "out", TensorType.FLOAT32, new int[] {1, 4}, Quantization.NONE));
        List<Operator> ops = List.of(
                new Operator(0, 9999, null, 2, new int[] {0}, new int[] {1}, null, OpOptions.NoOptions.INSTANCE, null,
                        null),
                new Operator(1, 32, "MyOp", 1, new int[] {1, -1}, new int[] {2}, null, OpOptions.NoOptions.INSTANCE,
                        new byte[] {1, 2, 3}, new boolean[] {false, false}));
        return Model.of(new Graph("g", tensors, ops, new int[] {0}, new int[] {2}));
    }
}
