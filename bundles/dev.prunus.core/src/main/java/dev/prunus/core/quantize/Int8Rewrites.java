package dev.prunus.core.quantize;

import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.BatchMatMulOp;
import dev.prunus.core.quantize.floatops.FloatOperands;

/**
 * Float-to-float rewrites done before calibration, so that every operator of the result has an int8 kernel in
 * TFLite Micro and in Prunus, with the same float results:
 * <ul>
 * <li>FULLY_CONNECTED whose weights are an activation (a transformer's attention products, as Keras exports
 * {@code q @ k^T} and {@code a @ v}) becomes BATCH_MATMUL with adj_y: {@code x W^T} either way. Prunus' int8
 * FULLY_CONNECTED takes constant weights only; TFLM's int8 BATCH_MATMUL takes two activations.</li>
 * <li>POW with the constant exponent 2 or 3 (GELU's tanh approximation has {@code x^3}) becomes one or two MULs:
 * TFLite Micro has no int8 POW, and int8 MUL requantizes each product to its own calibrated range.</li>
 * </ul>
 * The new tensors get names derived from the old ones; operators keep their order (a POW's MULs take its place).
 */
final class Int8Rewrites {

    private Int8Rewrites() {
    }

    /** The model with the rewrites applied (the same model when none applies). */
    static Model apply(Model model) {
        Graph g = model.main();
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        List<Operator> ops = new ArrayList<>();
        boolean changed = false;
        for (Operator op : g.operators()) {
            if (isActivationFullyConnected(g, op)) {
                int x = op.inputIndex(0);
                Tensor out = g.tensor(op.outputIndex(0));
                if (g.tensor(x).rank() != 2) {
                    // FULLY_CONNECTED flattens its input to [rows, depth]; BATCH_MATMUL needs that shape given.
                    int[] rows = {out.dim(0), g.tensor(op.inputIndex(1)).dim(1)};
                    int shape = tensors.size();
                    tensors.add(Tensor.constant(shape, out.name() + "_lhs_shape", TensorType.INT32, new int[] {2},
                            Quantization.NONE, littleEndian(rows)));
                    int flat = tensors.size();
                    tensors.add(Tensor.activation(flat, out.name() + "_lhs", TensorType.FLOAT32, rows,
                            Quantization.NONE));
                    ops.add(new Operator(ops.size(), OpType.RESHAPE, new int[] {x, shape}, new int[] {flat},
                            new OpOptions.ReshapeOptions(rows)));
                    x = flat;
                }
                ops.add(new Operator(ops.size(), OpType.BATCH_MATMUL, new int[] {x, op.inputIndex(1)},
                        new int[] {out.index()}, new BatchMatMulOp.Options(false, true, false)));
                changed = true;
            } else if (op.type() == OpType.POW && integerExponent(g, op) > 0) {
                int x = op.inputIndex(0);
                int out = op.outputIndex(0);
                if (integerExponent(g, op) == 2) {
                    ops.add(mul(ops.size(), x, x, out));
                } else {
                    Tensor like = g.tensor(out);
                    int square = tensors.size();
                    tensors.add(Tensor.activation(square, like.name() + "_square", TensorType.FLOAT32, like.shape(),
                            Quantization.NONE));
                    ops.add(mul(ops.size(), x, x, square));
                    ops.add(mul(ops.size(), square, x, out));
                }
                changed = true;
            } else {
                ops.add(op.withIndex(ops.size()));
            }
        }
        if (!changed) {
            return model;
        }
        return model.withMain(new Graph(g.name(), tensors, ops, g.inputs(), g.outputs()));
    }

    private static byte[] littleEndian(int[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static Operator mul(int index, int a, int b, int out) {
        return new Operator(index, OpType.MUL, new int[] {a, b}, new int[] {out},
                new OpOptions.MulOptions(Activation.NONE));
    }

    /**
     * A FULLY_CONNECTED of two activations (weights rank 2, output [rows, units]) without bias or fused activation:
     * {@code out = x W^T}, x flattened to [rows, depth].
     */
    static boolean isActivationFullyConnected(Graph g, Operator op) {
        if (op.type() != OpType.FULLY_CONNECTED || op.inputCount() < 2 || op.inputIndex(1) < 0) {
            return false;
        }
        Tensor x = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        boolean noBias = op.inputCount() < 3 || op.inputIndex(2) < 0;
        return !w.isConstant() && !x.isConstant() && noBias && w.rank() == 2 && out.rank() == 2 && x.rank() >= 2
                && x.dim(x.rank() - 1) == w.dim(1) && (long) out.dim(0) * w.dim(1) == x.elementCount()
                && out.dim(1) == w.dim(0)
                && op.options() instanceof OpOptions.FullyConnectedOptions o && o.activation() == Activation.NONE;
    }

    /** 2 or 3 when the POW's exponent is that constant scalar; 0 otherwise. */
    static int integerExponent(Graph g, Operator op) {
        if (op.inputCount() < 2) {
            return 0;
        }
        Tensor e = g.tensor(op.inputIndex(1));
        if (!e.isConstant() || e.elementCount() != 1 || e.type() != TensorType.FLOAT32) {
            return 0;
        }
        float v = FloatOperands.realValues(e)[0];
        return v == 2f ? 2 : v == 3f ? 3 : 0;
    }
}
