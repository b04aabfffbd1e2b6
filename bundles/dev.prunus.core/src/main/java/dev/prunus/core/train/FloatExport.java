package dev.prunus.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * A trainer's float master values as a float32 model: same operators and shapes, every int8 activation FLOAT32
 * without quantization, every trained weight and bias FLOAT32. This is what a float training framework exports;
 * {@link dev.prunus.core.quantize.PostTrainingQuantizer} then chooses the int8 scales from the trained values
 * themselves, where {@link Trainer#toModel()} keeps the starting scales wherever the weights still fit them. Meant
 * for training with fake quantization off ({@code TrainOptions.withQuantization(false, false, m)}), as a float
 * framework trains.
 */
public final class FloatExport {

    private FloatExport() {
    }

    /**
     * The float32 model of what {@code trainer} holds now.
     *
     * @throws TrainingException for a graph with QUANTIZE or DEQUANTIZE operators (its int8 edges are part of it)
     */
    public static Model of(Trainer trainer) {
        Network net = trainer.network();
        Graph g = net.graph;
        for (Operator op : g.operators()) {
            if (op.type() == OpType.QUANTIZE || op.type() == OpType.DEQUANTIZE) {
                throw new TrainingException("a float model cannot be written for a graph with " + op.displayName()
                        + " at index " + op.index() + ": its int8 edges are part of the graph");
            }
        }
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        for (int t = 0; t < tensors.size(); t++) {
            Tensor tensor = tensors.get(t);
            Param p = net.param(t);
            if (p != null) {
                ByteBuffer data = ByteBuffer.allocate(p.value.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : p.value) {
                    data.putFloat(v);
                }
                tensors.set(t, tensor.withType(TensorType.FLOAT32).withQuantization(Quantization.NONE)
                        .withData(data.array()));
            } else if (!tensor.isConstant() && tensor.type() == TensorType.INT8) {
                tensors.set(t, tensor.withType(TensorType.FLOAT32).withQuantization(Quantization.NONE));
            }
        }
        return Model.of(g.withTensors(tensors));
    }
}
