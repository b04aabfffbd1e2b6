package dev.prunus.core.finetune;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * A tiny int8 graph with every layer kind the float shadow models, generated from a seed:
 * input [1,7,7,3] -> CONV_2D 3x3 stride 2 SAME (ReLU) [1,4,4,6] -> DEPTHWISE_CONV_2D 3x3 multiplier 2 SAME
 * [1,4,4,12] -> CONV_2D 1x1 (ReLU6) [1,4,4,6] -> ADD with the first conv's output -> MAX_POOL_2D 2x2 VALID
 * [1,2,2,6] -> AVERAGE_POOL_2D 2x2 SAME stride 1 [1,2,2,6] -> RESHAPE [1,24] -> FULLY_CONNECTED 24->5
 * -> SOFTMAX.
 */
final class TinyGraphs {

    private TinyGraphs() {
    }

    static Model build(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        Quantization act = Quantization.perTensor(0.05f, -20);
        int in = add(t, Tensor.activation(t.size(), "in", TensorType.INT8, new int[] {1, 7, 7, 3},
                Quantization.perTensor(0.02f, 3)));
        int c1 = conv(t, ops, r, in, 0.02f, new int[] {6, 3, 3, 3}, 0, new int[] {1, 4, 4, 6}, act,
                new OpOptions.Conv2DOptions(Padding.SAME, 2, 2, Activation.RELU, 1, 1));
        int dw = conv(t, ops, r, c1, act.scale(0), new int[] {1, 3, 3, 12}, 3, new int[] {1, 4, 4, 12}, act,
                new OpOptions.DepthwiseConv2DOptions(Padding.SAME, 1, 1, 2, Activation.NONE, 1, 1));
        int c3 = conv(t, ops, r, dw, act.scale(0), new int[] {6, 1, 1, 12}, 0, new int[] {1, 4, 4, 6}, act,
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.RELU6, 1, 1));
        int sum = add(t, Tensor.activation(t.size(), "add", TensorType.INT8, new int[] {1, 4, 4, 6}, act));
        ops.add(new Operator(ops.size(), OpType.ADD, new int[] {c3, c1}, new int[] {sum},
                new OpOptions.AddOptions(Activation.NONE)));
        int mp = add(t, Tensor.activation(t.size(), "maxpool", TensorType.INT8, new int[] {1, 2, 2, 6}, act));
        ops.add(new Operator(ops.size(), OpType.MAX_POOL_2D, new int[] {sum}, new int[] {mp},
                new OpOptions.Pool2DOptions(Padding.VALID, 2, 2, 2, 2, Activation.NONE)));
        int ap = add(t, Tensor.activation(t.size(), "avgpool", TensorType.INT8, new int[] {1, 2, 2, 6}, act));
        ops.add(new Operator(ops.size(), OpType.AVERAGE_POOL_2D, new int[] {mp}, new int[] {ap},
                new OpOptions.Pool2DOptions(Padding.SAME, 1, 1, 2, 2, Activation.NONE)));
        int shape = add(t, Tensor.constant(t.size(), "shape", TensorType.INT32, new int[] {2}, Quantization.NONE,
                ints(1, 24)));
        int flat = add(t, Tensor.activation(t.size(), "flat", TensorType.INT8, new int[] {1, 24}, act));
        ops.add(new Operator(ops.size(), OpType.RESHAPE, new int[] {ap, shape}, new int[] {flat},
                new OpOptions.ReshapeOptions(new int[] {1, 24})));
        Quantization logitsQ = Quantization.perTensor(0.1f, 0);
        int logits = conv(t, ops, r, flat, act.scale(0), new int[] {5, 24}, 0, new int[] {1, 5}, logitsQ,
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        int prob = add(t, Tensor.activation(t.size(), "softmax", TensorType.INT8, new int[] {1, 5},
                Quantization.perTensor(1f / 256, -128)));
        ops.add(new Operator(ops.size(), OpType.SOFTMAX, new int[] {logits}, new int[] {prob},
                new OpOptions.SoftmaxOptions(1f)));
        return Model.of(new Graph("tiny", t, ops, new int[] {in}, new int[] {prob}));
    }

    /** Random int8 records for the tiny graph. */
    static List<byte[]> records(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[7 * 7 * 3];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) r.nextInt(-100, 101);
            }
            list.add(b);
        }
        return list;
    }

    /** A conv / depthwise / FC operator with random per-channel weights (axis {@code qdim}) and bias. */
    private static int conv(List<Tensor> t, List<Operator> ops, SplittableRandom r, int in, float inScale,
            int[] wShape, int qdim, int[] outShape, Quantization outQ, OpOptions options) {
        int channels = wShape[qdim];
        int count = 1;
        for (int d : wShape) {
            count *= d;
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = (float) (0.004 + 0.004 * r.nextDouble());
        }
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) r.nextInt(-127, 128);
        }
        int wt = add(t, Tensor.constant(t.size(), "w" + ops.size(), TensorType.INT8, wShape,
                new Quantization(scales, new long[channels], qdim), w));
        float[] bs = new float[channels];
        ByteBuffer bias = ByteBuffer.allocate(channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < channels; c++) {
            bs[c] = inScale * scales[c];
            bias.putInt((int) Math.round(r.nextDouble(-0.2, 0.2) / bs[c]));
        }
        int bt = add(t, Tensor.constant(t.size(), "b" + ops.size(), TensorType.INT32, new int[] {channels},
                new Quantization(bs, new long[channels], 0), bias.array()));
        int out = add(t, Tensor.activation(t.size(), "out" + ops.size(), TensorType.INT8, outShape, outQ));
        OpType type = options instanceof OpOptions.Conv2DOptions ? OpType.CONV_2D
                : options instanceof OpOptions.DepthwiseConv2DOptions ? OpType.DEPTHWISE_CONV_2D
                        : OpType.FULLY_CONNECTED;
        ops.add(new Operator(ops.size(), type, new int[] {in, wt, bt}, new int[] {out}, options));
        return out;
    }

    private static int add(List<Tensor> t, Tensor tensor) {
        t.add(tensor);
        return tensor.index();
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }
}
