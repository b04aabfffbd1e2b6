package dev.prunus.core.quantize;

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
import dev.prunus.core.ops.ArithmeticOp;
import dev.prunus.core.ops.BatchMatMulOp;
import dev.prunus.core.ops.GatherOp;
import dev.prunus.core.ops.PackOp;
import dev.prunus.core.ops.SplitOp;
import dev.prunus.core.ops.StridedSliceOp;

/** Small float32 models built with the IR, with seeded random weights, for the quantizer's tests. */
final class TinyFloatModels {

    private TinyFloatModels() {
    }

    /**
     * A CNN with every CNN operator the quantizer handles: input [1,6,6,2] -> CONV_2D 3x3 SAME (RELU) [1,6,6,4] ->
     * DEPTHWISE_CONV_2D 3x3 stride 2 [1,3,3,4] -> CONV_2D 1x1 (RELU6) -> ADD with the depthwise output (RELU) -> PAD
     * top/left [1,4,4,4] -> MAX_POOL_2D 2x2 [1,2,2,4] -> CONV_2D 1x1 [1,2,2,3] -> CONCATENATION of the pool and that
     * conv [1,2,2,7] -> MEAN over H, W [1,7] -> FULLY_CONNECTED [1,5] -> SOFTMAX.
     */
    static Model cnn(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        int in = act(t, "input", 1, 6, 6, 2);
        int c1 = layer(t, ops, r, OpType.CONV_2D, in, new int[] {4, 3, 3, 2}, new int[] {1, 6, 6, 4},
                new OpOptions.Conv2DOptions(Padding.SAME, 1, 1, Activation.RELU, 1, 1));
        int dw = layer(t, ops, r, OpType.DEPTHWISE_CONV_2D, c1, new int[] {1, 3, 3, 4}, new int[] {1, 3, 3, 4},
                new OpOptions.DepthwiseConv2DOptions(Padding.SAME, 2, 2, 1, Activation.NONE, 1, 1));
        int c3 = layer(t, ops, r, OpType.CONV_2D, dw, new int[] {4, 1, 1, 4}, new int[] {1, 3, 3, 4},
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.RELU6, 1, 1));
        int sum = act(t, "add", 1, 3, 3, 4);
        ops.add(new Operator(ops.size(), OpType.ADD, new int[] {dw, c3}, new int[] {sum},
                new OpOptions.AddOptions(Activation.RELU)));
        int paddings = t.size();
        t.add(Tensor.constant(paddings, "paddings", TensorType.INT32, new int[] {4, 2}, Quantization.NONE,
                ints(0, 0, 1, 0, 1, 0, 0, 0)));
        int pad = act(t, "pad", 1, 4, 4, 4);
        ops.add(new Operator(ops.size(), OpType.PAD, new int[] {sum, paddings}, new int[] {pad},
                OpOptions.NoOptions.INSTANCE));
        int mp = act(t, "maxpool", 1, 2, 2, 4);
        ops.add(new Operator(ops.size(), OpType.MAX_POOL_2D, new int[] {pad}, new int[] {mp},
                new OpOptions.Pool2DOptions(Padding.VALID, 2, 2, 2, 2, Activation.NONE)));
        int c4 = layer(t, ops, r, OpType.CONV_2D, mp, new int[] {3, 1, 1, 4}, new int[] {1, 2, 2, 3},
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.NONE, 1, 1));
        int cat = act(t, "concat", 1, 2, 2, 7);
        ops.add(new Operator(ops.size(), OpType.CONCATENATION, new int[] {mp, c4}, new int[] {cat},
                new OpOptions.ConcatenationOptions(3, Activation.NONE)));
        int axes = t.size();
        t.add(Tensor.constant(axes, "axes", TensorType.INT32, new int[] {2}, Quantization.NONE, ints(1, 2)));
        int mean = act(t, "mean", 1, 7);
        ops.add(new Operator(ops.size(), OpType.MEAN, new int[] {cat, axes}, new int[] {mean},
                new OpOptions.ReducerOptions(false)));
        int logits = layer(t, ops, r, OpType.FULLY_CONNECTED, mean, new int[] {5, 7}, new int[] {1, 5},
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        int prob = act(t, "softmax", 1, 5);
        ops.add(new Operator(ops.size(), OpType.SOFTMAX, new int[] {logits}, new int[] {prob},
                new OpOptions.SoftmaxOptions(1f)));
        return Model.of(new Graph("tiny_cnn", t, ops, new int[] {in}, new int[] {prob}));
    }

    /**
     * A small MLP with the element-wise operators: input [1,8] -> FULLY_CONNECTED (RELU) [1,6] -> RESHAPE [1,2,3]
     * -> MUL by a constant [3] (broadcast) -> TANH -> RESHAPE [1,6] -> FULLY_CONNECTED [1,3] -> LOGISTIC.
     */
    static Model mlp(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        int in = act(t, "input", 1, 8);
        int fc1 = layer(t, ops, r, OpType.FULLY_CONNECTED, in, new int[] {6, 8}, new int[] {1, 6},
                new OpOptions.FullyConnectedOptions(Activation.RELU, false, false));
        int shape = t.size();
        t.add(Tensor.constant(shape, "shape", TensorType.INT32, new int[] {3}, Quantization.NONE, ints(1, 2, 3)));
        int rs = act(t, "reshape", 1, 2, 3);
        ops.add(new Operator(ops.size(), OpType.RESHAPE, new int[] {fc1, shape}, new int[] {rs},
                new OpOptions.ReshapeOptions(new int[] {1, 2, 3})));
        int k = t.size();
        t.add(Tensor.constant(k, "gain", TensorType.FLOAT32, new int[] {3}, Quantization.NONE,
                floats(0.5f, -1.5f, 2f)));
        int mul = act(t, "mul", 1, 2, 3);
        ops.add(new Operator(ops.size(), OpType.MUL, new int[] {rs, k}, new int[] {mul},
                new OpOptions.MulOptions(Activation.NONE)));
        int tanh = act(t, "tanh", 1, 2, 3);
        ops.add(new Operator(ops.size(), OpType.TANH, new int[] {mul}, new int[] {tanh}, OpOptions.NoOptions.INSTANCE));
        int shape2 = t.size();
        t.add(Tensor.constant(shape2, "shape2", TensorType.INT32, new int[] {2}, Quantization.NONE, ints(1, 6)));
        int flat = act(t, "flat", 1, 6);
        ops.add(new Operator(ops.size(), OpType.RESHAPE, new int[] {tanh, shape2}, new int[] {flat},
                new OpOptions.ReshapeOptions(new int[] {1, 6})));
        int fc2 = layer(t, ops, r, OpType.FULLY_CONNECTED, flat, new int[] {3, 6}, new int[] {1, 3},
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        int out = act(t, "logistic", 1, 3);
        ops.add(new Operator(ops.size(), OpType.LOGISTIC, new int[] {fc2}, new int[] {out},
                OpOptions.NoOptions.INSTANCE));
        return Model.of(new Graph("tiny_mlp", t, ops, new int[] {in}, new int[] {out}));
    }

    /**
     * The float operators transformers and PyTorch exports add, each once: input [1,4,6] -> TRANSPOSE [1,6,4] ->
     * STRIDED_SLICE (stride -2 on axis 1) [1,3,4] -> GATHER axis 2 [1,3,2] -> x*x + 0.5 -> SQRT, RSQRT, LOG ->
     * POW 3, SQUARED_DIFFERENCE, SUB, MAXIMUM, MINIMUM, HARD_SWISH -> FULLY_CONNECTED of two activations and
     * BATCH_MATMUL (adj_y) [1,3,3] -> SPLIT in 3 on axis 1 -> PACK (reordered) [3,1,1,3] -> ADD.
     */
    static Model transformerOps() {
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        OpOptions none = OpOptions.NoOptions.INSTANCE;
        int in = act(t, "input", 1, 4, 6);
        int tr = op(t, ops, OpType.TRANSPOSE, new int[] {in, i32(t, 0, 2, 1)}, none, 1, 6, 4);
        int sl = op(t, ops, OpType.STRIDED_SLICE, new int[] {tr, i32(t, 0, 5, 0), i32(t, 1, 0, 4), i32(t, 1, -2, 1)},
                new StridedSliceOp.Options(0, 0, 0, 0, 0, false), 1, 3, 4);
        int ix = t.size();
        t.add(Tensor.constant(ix, "indices", TensorType.INT32, new int[] {2}, Quantization.NONE, ints(2, 0)));
        int ga = op(t, ops, OpType.GATHER, new int[] {sl, ix}, new GatherOp.Options(2, 0), 1, 3, 2);
        int sq = op(t, ops, OpType.MUL, new int[] {ga, ga}, new OpOptions.MulOptions(Activation.NONE), 1, 3, 2);
        int pos = op(t, ops, OpType.ADD, new int[] {sq, f32(t, 0.5f)}, new OpOptions.AddOptions(Activation.NONE, true),
                1, 3, 2);
        int sqrt = op(t, ops, OpType.SQRT, new int[] {pos}, none, 1, 3, 2);
        int rsqrt = op(t, ops, OpType.RSQRT, new int[] {pos}, none, 1, 3, 2);
        int log = op(t, ops, OpType.LOG, new int[] {pos}, none, 1, 3, 2);
        int pow = op(t, ops, OpType.POW, new int[] {sqrt, f32(t, 3f)}, none, 1, 3, 2);
        int sd = op(t, ops, OpType.SQUARED_DIFFERENCE, new int[] {pow, rsqrt}, none, 1, 3, 2);
        int sub = op(t, ops, OpType.SUB, new int[] {sd, log}, new ArithmeticOp.SubOptions(Activation.NONE, true), 1,
                3, 2);
        int max = op(t, ops, OpType.MAXIMUM, new int[] {sub, f32(t, 0.3f)}, none, 1, 3, 2);
        int min = op(t, ops, OpType.MINIMUM, new int[] {max, f32(t, 5f)}, none, 1, 3, 2);
        int hs = op(t, ops, OpType.HARD_SWISH, new int[] {min}, none, 1, 3, 2);
        int w = op(t, ops, OpType.RESHAPE, new int[] {log, i32(t, 3, 2)}, new OpOptions.ReshapeOptions(
                new int[] {3, 2}), 3, 2);
        int fc = op(t, ops, OpType.FULLY_CONNECTED, new int[] {hs, w, -1}, new OpOptions.FullyConnectedOptions(
                Activation.NONE, false, false), 3, 3);
        int bmm = op(t, ops, OpType.BATCH_MATMUL, new int[] {hs, min}, new BatchMatMulOp.Options(false, true, false),
                1, 3, 3);
        int axis = t.size();
        t.add(Tensor.constant(axis, "axis", TensorType.INT32, new int[] {}, Quantization.NONE, ints(1)));
        int p0 = act(t, "part0", 1, 1, 3);
        int p1 = act(t, "part1", 1, 1, 3);
        int p2 = act(t, "part2", 1, 1, 3);
        ops.add(new Operator(ops.size(), OpType.SPLIT, new int[] {axis, bmm}, new int[] {p0, p1, p2},
                new SplitOp.Options(3)));
        int pack = op(t, ops, OpType.PACK, new int[] {p2, p0, p1}, new PackOp.Options(3, 0), 3, 1, 1, 3);
        int fc4 = op(t, ops, OpType.RESHAPE, new int[] {fc, i32(t, 3, 1, 1, 3)}, new OpOptions.ReshapeOptions(
                new int[] {3, 1, 1, 3}), 3, 1, 1, 3);
        int out = op(t, ops, OpType.ADD, new int[] {pack, fc4}, new OpOptions.AddOptions(Activation.NONE, true), 3, 1,
                1, 3);
        return Model.of(new Graph("tiny_transformer_ops", t, ops, new int[] {in}, new int[] {out}));
    }

    /**
     * A one-block keyword transformer in KWT-1's form, seeded weights: a float front end (input [1,5,8] -> x*x + 1 ->
     * LOG), then FULLY_CONNECTED to [5,6]; a layer norm as KWT-1 writes it (MEAN, SQUARED_DIFFERENCE, MEAN, ADD eps,
     * RSQRT, MUL gamma, MUL, MUL, SUB from beta, ADD); attention with FULLY_CONNECTEDs of two activations (scores
     * [5,5] from q and k after two TRANSPOSEs, scaled by a MUL, SOFTMAX over [1,1,5,5], then the [1,1,5,5]
     * probabilities times v^T); the GELU as POW 3, MUL, ADD, MUL, TANH, ADD, MUL, MUL; STRIDED_SLICE of the first
     * row, FULLY_CONNECTED to 3 logits.
     */
    static Model keywordTransformer(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        OpOptions none = OpOptions.NoOptions.INSTANCE;
        OpOptions mul = new OpOptions.MulOptions(Activation.NONE);
        OpOptions add = new OpOptions.AddOptions(Activation.NONE, true);
        OpOptions fcNone = new OpOptions.FullyConnectedOptions(Activation.NONE, false, false);
        OpOptions keep = new OpOptions.ReducerOptions(true);
        int in = act(t, "input", 1, 5, 8);
        int sq = op(t, ops, OpType.MUL, new int[] {in, in}, mul, 1, 5, 8);
        int pos = op(t, ops, OpType.ADD, new int[] {sq, f32(t, 1f)}, add, 1, 5, 8);
        int log = op(t, ops, OpType.LOG, new int[] {pos}, none, 1, 5, 8);
        int flat = op(t, ops, OpType.RESHAPE, new int[] {log, i32(t, 5, 8)}, new OpOptions.ReshapeOptions(
                new int[] {5, 8}), 5, 8);
        int emb = layer(t, ops, r, OpType.FULLY_CONNECTED, flat, new int[] {6, 8}, new int[] {5, 6}, fcNone);
        int x = op(t, ops, OpType.RESHAPE, new int[] {emb, i32(t, 1, 5, 6)}, new OpOptions.ReshapeOptions(
                new int[] {1, 5, 6}), 1, 5, 6);
        int axis = i32(t, 2);
        int mean = op(t, ops, OpType.MEAN, new int[] {x, axis}, keep, 1, 5, 1);
        int sd = op(t, ops, OpType.SQUARED_DIFFERENCE, new int[] {x, mean}, none, 1, 5, 6);
        int var = op(t, ops, OpType.MEAN, new int[] {sd, axis}, keep, 1, 5, 1);
        int ve = op(t, ops, OpType.ADD, new int[] {var, f32(t, 1e-3f)}, add, 1, 5, 1);
        int rs = op(t, ops, OpType.RSQRT, new int[] {ve}, none, 1, 5, 1);
        int gamma = vector(t, r, 6, 1f, 0.2);
        int beta = vector(t, r, 6, 0f, 0.2);
        int scale = op(t, ops, OpType.MUL, new int[] {rs, gamma}, mul, 1, 5, 6);
        int xs = op(t, ops, OpType.MUL, new int[] {x, scale}, mul, 1, 5, 6);
        int ms = op(t, ops, OpType.MUL, new int[] {mean, scale}, mul, 1, 5, 6);
        int shift = op(t, ops, OpType.SUB, new int[] {beta, ms}, new ArithmeticOp.SubOptions(Activation.NONE, true),
                1, 5, 6);
        int ln = op(t, ops, OpType.ADD, new int[] {xs, shift}, add, 1, 5, 6);
        int ln2 = op(t, ops, OpType.RESHAPE, new int[] {ln, i32(t, 5, 6)}, new OpOptions.ReshapeOptions(
                new int[] {5, 6}), 5, 6);
        int q = layer(t, ops, r, OpType.FULLY_CONNECTED, ln2, new int[] {6, 6}, new int[] {5, 6}, fcNone);
        int k = layer(t, ops, r, OpType.FULLY_CONNECTED, ln2, new int[] {6, 6}, new int[] {5, 6}, fcNone);
        int v = layer(t, ops, r, OpType.FULLY_CONNECTED, ln2, new int[] {6, 6}, new int[] {5, 6}, fcNone);
        int kt = op(t, ops, OpType.TRANSPOSE, new int[] {k, i32(t, 1, 0)}, none, 6, 5);
        int kk = op(t, ops, OpType.TRANSPOSE, new int[] {kt, i32(t, 1, 0)}, none, 5, 6);
        int scores = op(t, ops, OpType.FULLY_CONNECTED, new int[] {q, kk, -1}, fcNone, 5, 5);
        int scaled = op(t, ops, OpType.MUL, new int[] {scores, f32(t, 0.4f)}, mul, 5, 5);
        int s4 = op(t, ops, OpType.RESHAPE, new int[] {scaled, i32(t, 1, 1, 5, 5)}, new OpOptions.ReshapeOptions(
                new int[] {1, 1, 5, 5}), 1, 1, 5, 5);
        int probs = op(t, ops, OpType.SOFTMAX, new int[] {s4}, new OpOptions.SoftmaxOptions(1f), 1, 1, 5, 5);
        int vt = op(t, ops, OpType.TRANSPOSE, new int[] {v, i32(t, 1, 0)}, none, 6, 5);
        int h = op(t, ops, OpType.FULLY_CONNECTED, new int[] {probs, vt, -1}, fcNone, 5, 6);
        int cube = op(t, ops, OpType.POW, new int[] {h, f32(t, 3f)}, none, 5, 6);
        int c1 = op(t, ops, OpType.MUL, new int[] {cube, f32(t, 0.044715f)}, mul, 5, 6);
        int a1 = op(t, ops, OpType.ADD, new int[] {h, c1}, add, 5, 6);
        int m2 = op(t, ops, OpType.MUL, new int[] {a1, f32(t, 0.7978846f)}, mul, 5, 6);
        int th = op(t, ops, OpType.TANH, new int[] {m2}, none, 5, 6);
        int a2 = op(t, ops, OpType.ADD, new int[] {th, f32(t, 1f)}, add, 5, 6);
        int half = op(t, ops, OpType.MUL, new int[] {a2, f32(t, 0.5f)}, mul, 5, 6);
        int gelu = op(t, ops, OpType.MUL, new int[] {h, half}, mul, 5, 6);
        int first = op(t, ops, OpType.STRIDED_SLICE, new int[] {gelu, i32(t, 0, 0), i32(t, 1, 6), i32(t, 1, 1)},
                new StridedSliceOp.Options(0, 0, 0, 0, 0, false), 1, 6);
        int out = layer(t, ops, r, OpType.FULLY_CONNECTED, first, new int[] {3, 6}, new int[] {1, 3}, fcNone);
        return Model.of(new Graph("tiny_keyword_transformer", t, ops, new int[] {in}, new int[] {out}));
    }

    private static int vector(List<Tensor> t, SplittableRandom r, int n, float mean, double sd) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (mean + sd * r.nextGaussian());
        }
        int index = t.size();
        t.add(Tensor.constant(index, "vector" + index, TensorType.FLOAT32, new int[] {n}, Quantization.NONE,
                floats(v)));
        return index;
    }

    private static int op(List<Tensor> t, List<Operator> ops, OpType type, int[] inputs, OpOptions options,
            int... outShape) {
        int out = act(t, type.name().toLowerCase() + ops.size(), outShape);
        ops.add(new Operator(ops.size(), type, inputs, new int[] {out}, options));
        return out;
    }

    private static int i32(List<Tensor> t, int... v) {
        int index = t.size();
        t.add(Tensor.constant(index, "ints" + index, TensorType.INT32, new int[] {v.length}, Quantization.NONE,
                ints(v)));
        return index;
    }

    private static int f32(List<Tensor> t, float v) {
        int index = t.size();
        t.add(Tensor.constant(index, "scalar" + index, TensorType.FLOAT32, new int[] {}, Quantization.NONE,
                floats(v)));
        return index;
    }

    /** Seeded random samples for a single-input model, uniform in [lo, hi). */
    static List<float[]> samples(Model m, int count, long seed, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = m.main().input(0).elementCount();
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] x = new float[n];
            for (int k = 0; k < n; k++) {
                x[k] = (float) (lo + (hi - lo) * r.nextDouble());
            }
            list.add(x);
        }
        return list;
    }

    private static int act(List<Tensor> t, String name, int... shape) {
        int index = t.size();
        t.add(Tensor.activation(index, name, TensorType.FLOAT32, shape, Quantization.NONE));
        return index;
    }

    /** A conv / depthwise / FC layer with random weights (N(0, 0.5)) and biases; returns its output tensor. */
    private static int layer(List<Tensor> t, List<Operator> ops, SplittableRandom r, OpType type, int in,
            int[] weightShape, int[] outShape, OpOptions options) {
        int n = 1;
        for (int d : weightShape) {
            n *= d;
        }
        float[] w = new float[n];
        for (int k = 0; k < n; k++) {
            w[k] = (float) (r.nextGaussian() * 0.5);
        }
        int units = type == OpType.DEPTHWISE_CONV_2D ? weightShape[3] : weightShape[0];
        float[] b = new float[units];
        for (int k = 0; k < units; k++) {
            b[k] = (float) (r.nextGaussian() * 0.2);
        }
        String name = type.name().toLowerCase() + ops.size();
        int wi = t.size();
        t.add(Tensor.constant(wi, name + "/weights", TensorType.FLOAT32, weightShape, Quantization.NONE, floats(w)));
        int bi = t.size();
        t.add(Tensor.constant(bi, name + "/bias", TensorType.FLOAT32, new int[] {units}, Quantization.NONE,
                floats(b)));
        int out = act(t, name, outShape);
        ops.add(new Operator(ops.size(), type, new int[] {in, wi, bi}, new int[] {out}, options));
        return out;
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    static float[] toFloats(byte[] bytes) {
        float[] f = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
