package dev.prunus.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/** Builds small int8 models operator by operator for the engine's tests. */
final class TinyModels {

    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Operator> operators = new ArrayList<>();
    private final SplittableRandom random;

    TinyModels(long seed) {
        random = new SplittableRandom(seed);
    }

    /** An int8 activation with scale 0.05 and zero point 0 (or the given quantization). */
    int act(int... shape) {
        return act(0.05f, 0, shape);
    }

    int act(float scale, int zp, int... shape) {
        int i = tensors.size();
        tensors.add(Tensor.activation(i, "a" + i, TensorType.INT8, shape, Quantization.perTensor(scale, zp)));
        return i;
    }

    int floatAct(int... shape) {
        int i = tensors.size();
        tensors.add(Tensor.activation(i, "f" + i, TensorType.FLOAT32, shape, Quantization.NONE));
        return i;
    }

    /** Random int8 weights with per-channel scales along {@code axis} (or one scale when axis is -1). */
    int weights(int axis, int... shape) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        byte[] data = new byte[count];
        for (int j = 0; j < count; j++) {
            data[j] = (byte) (random.nextInt(201) - 100);
        }
        Quantization q;
        if (axis < 0) {
            q = Quantization.perTensor(0.004f, 0);
        } else {
            float[] s = new float[shape[axis]];
            for (int c = 0; c < s.length; c++) {
                s[c] = 0.003f + 0.001f * c;
            }
            q = new Quantization(s, new long[s.length], axis);
        }
        int i = tensors.size();
        tensors.add(Tensor.constant(i, "w" + i, TensorType.INT8, shape, q, data));
        return i;
    }

    /** A random int32 bias matching weights {@code w} (scale = input scale x weight scale). */
    int bias(int w, int input, int count) {
        Quantization wq = tensors.get(w).quantization();
        float in = tensors.get(input).quantization().scale(0);
        float[] s = new float[wq.perChannel() ? count : 1];
        for (int c = 0; c < s.length; c++) {
            s[c] = in * wq.scale(c);
        }
        ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < count; c++) {
            b.putInt(c * 4, random.nextInt(2001) - 1000);
        }
        int i = tensors.size();
        tensors.add(Tensor.constant(i, "b" + i, TensorType.INT32, new int[] {count},
                new Quantization(s, new long[s.length], 0), b.array()));
        return i;
    }

    int int32(int[] shape, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        int i = tensors.size();
        tensors.add(Tensor.constant(i, "c" + i, TensorType.INT32, shape, Quantization.NONE, b.array()));
        return i;
    }

    void op(OpType type, int[] ins, int out, OpOptions options) {
        operators.add(new Operator(operators.size(), type, ins, new int[] {out}, options));
    }

    Model build(int input, int output) {
        return Model.of(new Graph("tiny", tensors, operators, new int[] {input}, new int[] {output}));
    }

    Tensor tensor(int i) {
        return tensors.get(i);
    }
}
