package dev.prunus.core.testing;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds a small IR graph tensor by tensor, operator by operator (tests of single operators). */
public final class TinyGraph {
    public final List<Tensor> t = new ArrayList<>();
    public final List<Operator> ops = new ArrayList<>();

    public int act(String name, TensorType type, int[] shape, Quantization q) {
        t.add(Tensor.activation(t.size(), name, type, shape, q));
        return t.size() - 1;
    }

    public int i8(String name, int[] shape, float scale, int zp) {
        return act(name, TensorType.INT8, shape, Quantization.perTensor(scale, zp));
    }

    public int constI8(String name, int[] shape, float scale, int zp, byte[] data) {
        t.add(Tensor.constant(t.size(), name, TensorType.INT8, shape, Quantization.perTensor(scale, zp), data));
        return t.size() - 1;
    }

    public int constI32(String name, int[] shape, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        t.add(Tensor.constant(t.size(), name, TensorType.INT32, shape, Quantization.NONE, b.array()));
        return t.size() - 1;
    }

    public void op(OpType type, int[] in, int out, OpOptions options) {
        ops.add(new Operator(ops.size(), type, in, new int[] {out}, options));
    }

    public Model model(int input, int output) {
        return Model.of(new Graph("main", t, ops, new int[] {input}, new int[] {output}));
    }

    public static byte[] randomBytes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(-128, 128);
        }
        return b;
    }

    /** {@code random} random records of {@code size} bytes plus the all -128, all 127 and all 0 records. */
    public static byte[] records(int size, int random, long seed) {
        byte[] r = randomBytes(size * random, seed);
        byte[] all = new byte[size * (random + 3)];
        System.arraycopy(r, 0, all, 0, r.length);
        for (int i = 0; i < size; i++) {
            all[r.length + i] = -128;
            all[r.length + size + i] = 127;
        }
        return all;
    }
}
