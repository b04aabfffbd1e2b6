package dev.prunus.core.define;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * Defines a float32 model layer by layer, the way a Keras {@code Sequential} does, as a Prunus IR {@link Model}
 * in TFLite's layouts (NHWC activations, OHWI conv weights, 1HWO depthwise weights, [out, in] dense weights).
 * Weights start from He-normal values drawn from a seed and biases from zero, so a definition plus a seed always
 * gives the same bytes. The result is what a float {@code .tflite} from a converter looks like: train it, then
 * quantize it to int8.
 * <pre>
 * Model m = Sequential.input("digits", 28, 28, 1).seed(1)
 *         .conv2d("conv1", 16, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
 *         .flatten().dense("logits", 10, Activation.NONE).softmax().build();
 * </pre>
 */
public final class Sequential {

    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Operator> operators = new ArrayList<>();
    private final int input;
    private int current;
    private long seed = 1;
    private String description = "defined with Prunus";

    private Sequential(String name, int[] shape) {
        input = add(Tensor.activation(0, name, TensorType.FLOAT32, shape, Quantization.NONE));
        current = input;
    }

    /** Starts a model whose input is one image of {@code height x width x channels} (batch 1). */
    public static Sequential input(String name, int height, int width, int channels) {
        requirePositive("input size", height, width, channels);
        return new Sequential(Objects.requireNonNull(name, "name"), new int[] { 1, height, width, channels });
    }

    /** Starts a model whose input is one vector of {@code features} values (batch 1). */
    public static Sequential inputVector(String name, int features) {
        requirePositive("input size", features);
        return new Sequential(Objects.requireNonNull(name, "name"), new int[] { 1, features });
    }

    /** Seed of the initial weights; set it before adding layers. */
    public Sequential seed(long newSeed) {
        if (!operators.isEmpty()) {
            throw new IllegalStateException("set the seed before adding layers: weights are drawn as layers are added");
        }
        this.seed = newSeed;
        return this;
    }

    /** The model's description, written into the {@code .tflite}. */
    public Sequential description(String text) {
        this.description = Objects.requireNonNull(text, "text");
        return this;
    }

    /** A square KxK convolution with {@code filters} outputs. */
    public Sequential conv2d(String name, int filters, int kernel, int stride, Padding padding, Activation activation) {
        int[] in = shape4("conv2d '" + name + "'");
        requirePositive("conv2d '" + name + "' filters, kernel and stride", filters, kernel, stride);
        int[] out = { 1, outSize(in[1], kernel, stride, padding, name), outSize(in[2], kernel, stride, padding, name),
                filters };
        int fanIn = kernel * kernel * in[3];
        int w = add(floats(name + "/weights", new int[] { filters, kernel, kernel, in[3] }, heNormal(fanIn, filters * fanIn)));
        int b = add(floats(name + "/bias", new int[] { filters }, new float[filters]));
        return op(OpType.CONV_2D, name, new int[] { current, w, b }, out,
                new OpOptions.Conv2DOptions(padding, stride, stride, activation, 1, 1));
    }

    /** A square KxK depthwise convolution (depth multiplier 1). */
    public Sequential depthwiseConv2d(String name, int kernel, int stride, Padding padding, Activation activation) {
        int[] in = shape4("depthwise_conv2d '" + name + "'");
        requirePositive("depthwise_conv2d '" + name + "' kernel and stride", kernel, stride);
        int channels = in[3];
        int[] out = { 1, outSize(in[1], kernel, stride, padding, name), outSize(in[2], kernel, stride, padding, name),
                channels };
        int fanIn = kernel * kernel;
        int w = add(floats(name + "/weights", new int[] { 1, kernel, kernel, channels },
                heNormal(fanIn, fanIn * channels)));
        int b = add(floats(name + "/bias", new int[] { channels }, new float[channels]));
        return op(OpType.DEPTHWISE_CONV_2D, name, new int[] { current, w, b }, out,
                new OpOptions.DepthwiseConv2DOptions(padding, stride, stride, 1, activation, 1, 1));
    }

    /** Max pooling over {@code size x size} windows with stride {@code size} (VALID). */
    public Sequential maxPool(int size) {
        return pool(OpType.MAX_POOL_2D, "max_pool", size);
    }

    /** Average pooling over {@code size x size} windows with stride {@code size} (VALID). */
    public Sequential averagePool(int size) {
        return pool(OpType.AVERAGE_POOL_2D, "average_pool", size);
    }

    /** Average pooling over the whole feature map: [1,H,W,C] becomes [1,1,1,C]. */
    public Sequential globalAveragePool() {
        int[] in = shape4("global average pool");
        if (in[1] != in[2]) {
            throw new IllegalArgumentException("global average pool needs a square feature map, got "
                    + in[1] + "x" + in[2]);
        }
        return pool(OpType.AVERAGE_POOL_2D, "global_average_pool", in[1]);
    }

    /** Reshapes [1,...] to [1, N]. */
    public Sequential flatten() {
        int[] in = tensors.get(current).shape();
        int n = 1;
        for (int i = 1; i < in.length; i++) {
            n *= in[i];
        }
        ByteBuffer shape = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(n);
        int s = add(Tensor.constant(tensors.size(), "flatten/shape", TensorType.INT32, new int[] { 2 }, Quantization.NONE,
                shape.array()));
        return op(OpType.RESHAPE, "flatten", new int[] { current, s }, new int[] { 1, n },
                new OpOptions.ReshapeOptions(new int[] { 1, n }));
    }

    /** A fully connected layer with {@code units} outputs over a [1, N] input. */
    public Sequential dense(String name, int units, Activation activation) {
        int[] in = tensors.get(current).shape();
        if (in.length != 2) {
            throw new IllegalArgumentException("dense '" + name + "' needs a [1, N] input, got " + Arrays.toString(in)
                    + ": add flatten() first");
        }
        requirePositive("dense '" + name + "' units", units);
        int w = add(floats(name + "/weights", new int[] { units, in[1] }, heNormal(in[1], units * in[1])));
        int b = add(floats(name + "/bias", new int[] { units }, new float[units]));
        return op(OpType.FULLY_CONNECTED, name, new int[] { current, w, b }, new int[] { 1, units },
                new OpOptions.FullyConnectedOptions(activation, false, false));
    }

    /** Softmax over the last axis (beta 1). */
    public Sequential softmax() {
        int[] in = tensors.get(current).shape();
        return op(OpType.SOFTMAX, "softmax", new int[] { current }, in.clone(), new OpOptions.SoftmaxOptions(1f));
    }

    /** The model: one subgraph from the input to the last layer's output. */
    public Model build() {
        if (operators.isEmpty()) {
            throw new IllegalStateException("a model needs at least one layer");
        }
        Graph graph = new Graph("main", List.copyOf(tensors), List.copyOf(operators), new int[] { input },
                new int[] { current });
        return Model.of(graph).withDescription(description);
    }

    private Sequential pool(OpType type, String name, int size) {
        int[] in = shape4(name);
        requirePositive(name + " size", size);
        int[] out = { 1, outSize(in[1], size, size, Padding.VALID, name), outSize(in[2], size, size, Padding.VALID, name),
                in[3] };
        return op(type, name, new int[] { current }, out,
                new OpOptions.Pool2DOptions(Padding.VALID, size, size, size, size, Activation.NONE));
    }

    private Sequential op(OpType type, String name, int[] inputs, int[] outShape, OpOptions options) {
        int out = add(Tensor.activation(tensors.size(), name + "/output", TensorType.FLOAT32, outShape, Quantization.NONE));
        operators.add(new Operator(operators.size(), type, inputs, new int[] { out }, options));
        current = out;
        return this;
    }

    private int[] shape4(String what) {
        int[] in = tensors.get(current).shape();
        if (in.length != 4) {
            throw new IllegalArgumentException(what + " needs an image input [1,H,W,C], got " + Arrays.toString(in));
        }
        return in;
    }

    private static int outSize(int in, int kernel, int stride, Padding padding, String name) {
        int out = padding == Padding.SAME ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
        if (out <= 0) {
            throw new IllegalArgumentException("'" + name + "': a " + kernel + "-wide window does not fit an input of "
                    + in + " with VALID padding");
        }
        return out;
    }

    private int add(Tensor tensor) {
        Tensor indexed = tensor.withIndex(tensors.size());
        tensors.add(indexed);
        return indexed.index();
    }

    /** He-normal initial weights (std sqrt(2 / fan-in)), drawn from a stream derived from the seed and layer. */
    private float[] heNormal(int fanIn, int count) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + operators.size());
        double std = Math.sqrt(2.0 / fanIn);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (gaussian(random) * std);
        }
        return values;
    }

    /** Box-Muller: one standard normal value (SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    private static Tensor floats(String name, int[] shape, float[] values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return Tensor.constant(0, name, TensorType.FLOAT32, shape, Quantization.NONE, data.array());
    }

    private static void requirePositive(String what, int... values) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + v);
            }
        }
    }
}
