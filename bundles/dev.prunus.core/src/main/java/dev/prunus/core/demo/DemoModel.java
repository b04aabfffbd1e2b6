package dev.prunus.core.demo;

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
 * A small int8 image classifier that Prunus writes itself: the embedded default of the command line's demo and
 * the fixture of tests that must run without third-party models. It has the layer kinds pruning cares about
 * (3x3 conv, depthwise conv, 1x1 conv, fully connected) with per-channel quantization, like a converted Keras
 * MobileNet block. Weights come from a fixed seed, so every run writes the same bytes; they are not trained.
 * <p>
 * Graph: input int8[1,16,16,3] -> CONV_2D 3x3 3->16 (ReLU6) -> DEPTHWISE_CONV_2D 3x3 stride 2 (ReLU6)
 * -> CONV_2D 1x1 16->32 (ReLU6) -> AVERAGE_POOL_2D 8x8 -> RESHAPE [1,32] -> FULLY_CONNECTED 32->4 -> SOFTMAX.
 */
public final class DemoModel {

    /** Input bytes of one record. */
    public static final int INPUT_BYTES = 16 * 16 * 3;

    private static final long SEED = 0x5052554e5553L; // "PRUNUS"

    private DemoModel() {
    }

    /** Builds the demo model. */
    public static Model build() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        Quantization act = Quantization.perTensor(0.0235294f, -128); // ReLU6 range [0, 6] over int8

        int input = add(t, Tensor.activation(t.size(), "input", TensorType.INT8, new int[] { 1, 16, 16, 3 },
                Quantization.perTensor(1f / 255f, -128)));

        int c1w = add(t, weights(t.size(), "conv1/weights", new int[] { 16, 3, 3, 3 }, random));
        int c1b = add(t, bias(t.size(), "conv1/bias", 16, 1f / 255f, t.get(c1w).quantization(), random));
        int c1 = add(t, Tensor.activation(t.size(), "conv1/relu6", TensorType.INT8, new int[] { 1, 16, 16, 16 }, act));
        ops.add(new Operator(ops.size(), OpType.CONV_2D, new int[] { input, c1w, c1b }, new int[] { c1 },
                new OpOptions.Conv2DOptions(Padding.SAME, 1, 1, Activation.RELU6, 1, 1)));

        int dww = add(t, weights(t.size(), "dw2/weights", new int[] { 1, 3, 3, 16 }, random, 3));
        int dwb = add(t, bias(t.size(), "dw2/bias", 16, act.scale(0), t.get(dww).quantization(), random));
        int dw = add(t, Tensor.activation(t.size(), "dw2/relu6", TensorType.INT8, new int[] { 1, 8, 8, 16 }, act));
        ops.add(new Operator(ops.size(), OpType.DEPTHWISE_CONV_2D, new int[] { c1, dww, dwb }, new int[] { dw },
                new OpOptions.DepthwiseConv2DOptions(Padding.SAME, 2, 2, 1, Activation.RELU6, 1, 1)));

        int pww = add(t, weights(t.size(), "pw3/weights", new int[] { 32, 1, 1, 16 }, random));
        int pwb = add(t, bias(t.size(), "pw3/bias", 32, act.scale(0), t.get(pww).quantization(), random));
        int pw = add(t, Tensor.activation(t.size(), "pw3/relu6", TensorType.INT8, new int[] { 1, 8, 8, 32 }, act));
        ops.add(new Operator(ops.size(), OpType.CONV_2D, new int[] { dw, pww, pwb }, new int[] { pw },
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.RELU6, 1, 1)));

        int pool = add(t, Tensor.activation(t.size(), "pool", TensorType.INT8, new int[] { 1, 1, 1, 32 }, act));
        ops.add(new Operator(ops.size(), OpType.AVERAGE_POOL_2D, new int[] { pw }, new int[] { pool },
                new OpOptions.Pool2DOptions(Padding.VALID, 8, 8, 8, 8, Activation.NONE)));

        int shape = add(t, Tensor.constant(t.size(), "reshape/shape", TensorType.INT32, new int[] { 2 },
                Quantization.NONE, ints(1, 32)));
        int flat = add(t, Tensor.activation(t.size(), "flatten", TensorType.INT8, new int[] { 1, 32 }, act));
        ops.add(new Operator(ops.size(), OpType.RESHAPE, new int[] { pool, shape }, new int[] { flat },
                new OpOptions.ReshapeOptions(new int[] { 1, 32 })));

        int fcw = add(t, weights(t.size(), "fc/weights", new int[] { 4, 32 }, random));
        int fcb = add(t, bias(t.size(), "fc/bias", 4, act.scale(0), t.get(fcw).quantization(), random));
        int logits = add(t, Tensor.activation(t.size(), "fc/logits", TensorType.INT8, new int[] { 1, 4 },
                Quantization.perTensor(0.1f, 0)));
        ops.add(new Operator(ops.size(), OpType.FULLY_CONNECTED, new int[] { flat, fcw, fcb }, new int[] { logits },
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false)));

        int probs = add(t, Tensor.activation(t.size(), "softmax", TensorType.INT8, new int[] { 1, 4 },
                Quantization.perTensor(1f / 256f, -128)));
        ops.add(new Operator(ops.size(), OpType.SOFTMAX, new int[] { logits }, new int[] { probs },
                new OpOptions.SoftmaxOptions(1f)));

        Graph graph = new Graph("main", t, ops, new int[] { input }, new int[] { probs });
        return Model.of(graph).withDescription("Prunus demo model (untrained, seed " + SEED + ")");
    }

    /** Deterministic input records (pseudo-random images) for the demo model, concatenated. */
    public static byte[] inputs(int records) {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        byte[] bytes = new byte[records * INPUT_BYTES];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(-128, 128);
        }
        return bytes;
    }

    private static int add(List<Tensor> tensors, Tensor tensor) {
        tensors.add(tensor);
        return tensor.index();
    }

    /** Per-output-channel symmetric int8 weights, channel axis 0. */
    private static Tensor weights(int index, String name, int[] shape, SplittableRandom random) {
        return weights(index, name, shape, random, 0);
    }

    private static Tensor weights(int index, String name, int[] shape, SplittableRandom random, int axis) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++) {
            // Roughly Gaussian weights, as trained layers have: many small values, few large.
            double g = (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 2.0;
            data[i] = (byte) Math.max(-127, Math.min(127, Math.round(g * 60)));
        }
        int channels = shape[axis];
        float[] scales = new float[channels];
        long[] zeros = new long[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = (float) (0.002 + 0.004 * random.nextDouble());
        }
        return Tensor.constant(index, name, TensorType.INT8, shape, new Quantization(scales, zeros, axis), data);
    }

    /** int32 bias with scale = input scale * weight scale per channel, as TFLite requires. */
    private static Tensor bias(int index, String name, int channels, float inputScale, Quantization weightQ,
            SplittableRandom random) {
        float[] scales = new float[channels];
        long[] zeros = new long[channels];
        ByteBuffer data = ByteBuffer.allocate(channels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < channels; c++) {
            scales[c] = inputScale * weightQ.scale(weightQ.perChannel() ? c : 0);
            data.putInt(random.nextInt(-2000, 2000));
        }
        return Tensor.constant(index, name, TensorType.INT32, new int[] { channels },
                new Quantization(scales, zeros, 0), data.array());
    }

    private static byte[] ints(int... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            data.putInt(v);
        }
        return data.array();
    }
}
