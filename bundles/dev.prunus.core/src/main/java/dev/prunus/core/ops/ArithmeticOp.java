package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Arithmetic;
import dev.prunus.core.interp.kernels.Broadcast;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;

/**
 * ADD, SUB, SQUARED_DIFFERENCE, MUL, MAXIMUM and MINIMUM: int8 elementwise with broadcasting, each with its own requantization
 * parameters (MAXIMUM and MINIMUM compare stored values of one shared quantization). Public for SUB's options.
 */
public final class ArithmeticOp implements OperatorDefinition {

    /** SubOptions (union code 28): field 0 fused activation, 1 pot_scale_int16 (default true). */
    public record SubOptions(Activation activation, boolean potScaleInt16) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 28;
        }
    }

    private static final OptionsCodec SUB_OPTIONS = OptionsCodec.of(28, SubOptions.class,
            t -> new SubOptions(t.activation(0), t.getBool(1, "pot_scale_int16", true)),
            (b, o) -> {
                b.start(2);
                b.addByte(0, o.activation().tfliteCode(), 0);
                b.addBool(1, o.potScaleInt16(), true);
                return b.end();
            });

    // AddOptions: union code 11, field 0 fused activation, 1 pot_scale_int16 (default true).
    private static final OptionsCodec ADD_OPTIONS = OptionsCodec.of(11, OpOptions.AddOptions.class,
            t -> new OpOptions.AddOptions(t.activation(0), t.getBool(1, "pot_scale_int16", true)),
            (b, o) -> {
                b.start(2);
                b.addByte(0, o.activation().tfliteCode(), 0);
                b.addBool(1, o.potScaleInt16(), true);
                return b.end();
            });

    // MulOptions: union code 21, field 0 fused activation.
    private static final OptionsCodec MUL_OPTIONS = OptionsCodec.of(21, OpOptions.MulOptions.class,
            t -> new OpOptions.MulOptions(t.activation(0)),
            (b, o) -> {
                b.start(1);
                b.addByte(0, o.activation().tfliteCode(), 0);
                return b.end();
            });

    ArithmeticOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return switch (type) {
            case ADD -> ADD_OPTIONS;
            case SUB -> SUB_OPTIONS;
            case MUL -> MUL_OPTIONS;
            case SQUARED_DIFFERENCE -> OptionsCodec.empty(76); // SquaredDifferenceOptions has no fields
            default -> OptionsCodec.empty(39); // MaximumMinimumOptions has no fields
        };
    }

    private static boolean isMaxMin(Operator op) {
        return op.type() == OpType.MAXIMUM || op.type() == OpType.MINIMUM;
    }

    /** The fused activation; an empty SUB table (all defaults) reads as none. */
    private static Activation activation(Operator op) {
        return switch (op.type()) {
            case ADD -> op.options(OpOptions.AddOptions.class).activation();
            case SUB -> op.options() instanceof SubOptions o ? o.activation() : Activation.NONE;
            default -> op.options(OpOptions.MulOptions.class).activation();
        };
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor a = c.input(0, TensorType.INT8, -1);
        Tensor b = c.input(1, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (op.type() == OpType.ADD) {
            c.options(OpOptions.AddOptions.class);
        } else if (op.type() == OpType.MUL) {
            c.options(OpOptions.MulOptions.class);
        }
        boolean squared = op.type() == OpType.SQUARED_DIFFERENCE;
        QuantMath.ActivationRange r = isMaxMin(op) || squared ? null : c.activation(activation(op), out);
        if (isMaxMin(op) && (c.scale(a) != c.scale(out) || c.scale(b) != c.scale(out) || c.zp(a) != c.zp(out)
                || c.zp(b) != c.zp(out))) {
            throw c.fail(out.index(), op.type() + " compares stored values: inputs " + a + " and " + b
                    + " must share the output's quantization " + out);
        }
        int[] shape = Broadcast.outputShape(a.shape(), b.shape());
        if (shape == null || !Arrays.equals(shape, out.shape()) && productOf(shape) != out.elementCount()) {
            throw c.fail(out.index(), "shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + " do not broadcast to output " + out);
        }
        byte[] x1 = s.int8(a.index());
        byte[] x2 = s.int8(b.index());
        byte[] y = s.int8(out.index());
        boolean same = Broadcast.sameShape(a.shape(), b.shape());
        Broadcast bc = same ? null : Broadcast.of(a.shape(), b.shape(), shape);
        int n = out.elementCount();
        if (op.type() == OpType.ADD) {
            Arithmetic.AddParams p = Arithmetic.AddParams.of(c.scale(a), c.zp(a), c.scale(b), c.zp(b), c.scale(out),
                    c.zp(out), r);
            s.addStep(op, same ? () -> Arithmetic.add(p, x1, x2, y, n) : () -> Arithmetic.add(p, bc, x1, x2, y));
        } else if (op.type() == OpType.SUB) {
            Arithmetic.AddParams p = Arithmetic.AddParams.ofSub(c.scale(a), c.zp(a), c.scale(b), c.zp(b),
                    c.scale(out), c.zp(out), r);
            s.addStep(op, same ? () -> Arithmetic.sub(p, x1, x2, y, n) : () -> Arithmetic.sub(p, bc, x1, x2, y));
        } else if (squared) {
            Arithmetic.AddParams p = Arithmetic.AddParams.ofSquaredDifference(c.scale(a), c.zp(a), c.scale(b),
                    c.zp(b), c.scale(out), c.zp(out));
            if (p.outputShift() > 30) {
                throw c.fail(out.index(), "output scale of " + out + " is too small for the squared difference of "
                        + a + " and " + b + " (requantization shift above 30)");
            }
            s.addStep(op, () -> Arithmetic.squaredDifference(p, bc, x1, x2, y, n));
        } else if (isMaxMin(op)) {
            boolean maximum = op.type() == OpType.MAXIMUM;
            s.addStep(op, () -> Arithmetic.maxMin(maximum, bc, x1, x2, y, n));
        } else {
            Arithmetic.MulParams p = Arithmetic.MulParams.of(c.scale(a), c.zp(a), c.scale(b), c.zp(b), c.scale(out),
                    c.zp(out), r);
            s.addStep(op, same ? () -> Arithmetic.mul(p, x1, x2, y, n) : () -> Arithmetic.mul(p, bc, x1, x2, y));
        }
    }

    private static int productOf(int[] shape) {
        int p = 1;
        for (int d : shape) {
            p *= d;
        }
        return p;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        if (FloatKernels.isFloat(e, op)) {
            FloatKernels.binary(e, op, isMaxMin(op) ? Activation.NONE : activation(op));
            return;
        }
        Tensor a = e.input(op, 0);
        Tensor b = e.input(op, 1);
        Tensor out = e.output(op);
        String p = e.prefix(op);
        String operandA = operand(e, a, p + "_a");
        String operandB = operand(e, b, p + "_b");
        String ad = e.dims4(p + "_a_dims", a.shape());
        String bd = e.dims4(p + "_b_dims", b.shape());
        String od = e.dims4(p + "_out_dims", out.shape());
        String kernel;
        if (isMaxMin(op)) {
            kernel = "pn_maximum_minimum_s8";
            e.source("src/" + kernel + ".c");
            e.call(op, kernel, (op.type() == OpType.MAXIMUM ? 1 : 0) + ", " + ad + ", " + operandA + ", " + bd + ", "
                    + operandB + ", " + od + ", " + e.out8(out.index()));
            return;
        }
        if (op.type() == OpType.ADD || op.type() == OpType.SUB || op.type() == OpType.SQUARED_DIFFERENCE) {
            Arithmetic.AddParams q = switch (op.type()) {
                case ADD -> Arithmetic.AddParams.of(scale(a), zp(a), scale(b), zp(b), scale(out), zp(out),
                        e.range(op, activation(op), out));
                case SUB -> Arithmetic.AddParams.ofSub(scale(a), zp(a), scale(b), zp(b), scale(out), zp(out),
                        e.range(op, activation(op), out));
                default -> Arithmetic.AddParams.ofSquaredDifference(scale(a), zp(a), scale(b), zp(b), scale(out),
                        zp(out));
            };
            e.data().append("static const pn_add_params ").append(p).append("_params = {").append(q.input1Offset())
                    .append(", ").append(q.input2Offset()).append(", ").append(q.leftShift()).append(", {")
                    .append(q.input1Multiplier()).append(", ").append(q.input1Shift()).append("}, {")
                    .append(q.input2Multiplier()).append(", ").append(q.input2Shift()).append("}, {")
                    .append(q.outputMultiplier()).append(", ").append(q.outputShift()).append("}, ")
                    .append(q.outputOffset()).append(", {").append(q.actMin()).append(", ").append(q.actMax())
                    .append("}};\n");
            kernel = switch (op.type()) {
                case ADD -> "pn_add_s8";
                case SUB -> "pn_sub_s8";
                default -> "pn_squared_difference_s8";
            };
        } else {
            QuantMath.ActivationRange r = e.range(op, activation(op), out);
            Arithmetic.MulParams q = Arithmetic.MulParams.of(scale(a), zp(a), scale(b), zp(b), scale(out), zp(out),
                    r);
            e.data().append("static const pn_mul_params ").append(p).append("_params = {").append(q.input1Offset())
                    .append(", ").append(q.input2Offset()).append(", {").append(q.outputMultiplier()).append(", ")
                    .append(q.outputShift()).append("}, ").append(q.outputOffset()).append(", {")
                    .append(q.actMin()).append(", ").append(q.actMax()).append("}};\n");
            kernel = "pn_mul_s8";
        }
        // SQUARED_DIFFERENCE shares SUB's source file (one walker for both)
        e.source("src/" + (op.type() == OpType.SQUARED_DIFFERENCE ? "pn_sub_s8" : kernel) + ".c");
        e.call(op, kernel, "&" + p + "_params, " + ad + ", " + operandA + ", " + bd + ", " + operandB + ", " + od
                + ", " + e.out8(out.index()));
    }

    /** An operand: a constant array or an arena tensor. */
    private static String operand(CEmission e, Tensor t, String cName) {
        if (t.isConstant()) {
            e.bytesArray(cName, t.data());
            return cName;
        }
        return e.in8(t.index());
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return op.type() == OpType.ADD ? layers.add(op) : layers.unsupported(op);
    }
}
