package dev.prunus.core.ops;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.floatops.FloatOperands;

/**
 * The C emission of a mixed model's float32 front end (interp.FloatSteps runs it in the interpreter with the float
 * evaluator's kernels): the runtime's {@code *_f32} kernels, with the interpreter's float semantics (one float
 * operation per element, FULLY_CONNECTED summed in the same order). The catalogue's definitions call these when
 * the operator's output is FLOAT32; SQRT and LOG, which have no int8 definition, come here directly.
 * STRIDED_SLICE, GATHER and RESHAPE move bytes and need no float kernel (their definitions widen to 4 bytes).
 */
public final class FloatKernels {

    /** Float32 operators the generated C runs (in a mixed model's front end). */
    public static final Set<OpType> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(OpType.STRIDED_SLICE,
            OpType.RESHAPE, OpType.GATHER, OpType.ADD, OpType.SUB, OpType.MUL, OpType.MAXIMUM, OpType.MINIMUM,
            OpType.FULLY_CONNECTED, OpType.SQRT, OpType.LOG));

    private FloatKernels() {
    }

    /** The supported operators, sorted, for messages. */
    public static String supportedList() {
        return SUPPORTED.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    /** Whether an operator writes FLOAT32 and so gets a float kernel (QUANTIZE / DEQUANTIZE change type). */
    static boolean isFloat(CEmission e, Operator op) {
        return op.type() != OpType.QUANTIZE && op.type() != OpType.DEQUANTIZE
                && e.output(op).type() == TensorType.FLOAT32;
    }

    /** SQRT or LOG over FLOAT32. */
    public static void unary(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        if ((op.type() != OpType.SQRT && op.type() != OpType.LOG) || in.type() != TensorType.FLOAT32
                || out.type() != TensorType.FLOAT32 || in.elementCount() != out.elementCount()) {
            throw CEmission.fail(op, "no C kernel for " + in.type() + " to " + out.type() + "; float32 kernels: "
                    + supportedList());
        }
        e.source("src/pn_unary_f32.c");
        e.call(op, "pn_unary_f32", (op.type() == OpType.SQRT ? "PN_F32_SQRT" : "PN_F32_LOG") + ", "
                + in.elementCount() + ", " + inF32(e, in) + ", " + outF32(e, out));
    }

    /** ADD, SUB, MUL, MAXIMUM or MINIMUM over FLOAT32, with broadcasting and the fused activation. */
    static void binary(CEmission e, Operator op, Activation activation) {
        Tensor a = e.input(op, 0);
        Tensor b = e.input(op, 1);
        Tensor out = e.output(op);
        String p = e.prefix(op);
        String operandA = operand(e, op, a, p + "_a");
        String operandB = operand(e, op, b, p + "_b");
        String kind = switch (op.type()) {
            case ADD -> "PN_F32_ADD";
            case SUB -> "PN_F32_SUB";
            case MUL -> "PN_F32_MUL";
            case MAXIMUM -> "PN_F32_MAXIMUM";
            case MINIMUM -> "PN_F32_MINIMUM";
            default -> throw CEmission.fail(op, "no float32 C kernel; float32 kernels: " + supportedList());
        };
        String ad = e.dims4(p + "_a_dims", a.shape());
        String bd = e.dims4(p + "_b_dims", b.shape());
        String od = e.dims4(p + "_out_dims", out.shape());
        e.source("src/pn_binary_f32.c");
        e.call(op, "pn_binary_f32", kind + ", " + ad + ", " + operandA + ", " + bd + ", " + operandB + ", " + od
                + ", " + bounds(e, op, activation) + ", " + outF32(e, out));
    }

    /** FULLY_CONNECTED over FLOAT32: weights [units, depth] (constant or an activation), optional float bias. */
    static void fullyConnected(CEmission e, Operator op, Activation activation) {
        Tensor in = e.input(op, 0);
        Tensor w = e.input(op, 1);
        Tensor out = e.output(op);
        if (in.type() != TensorType.FLOAT32 || w.rank() != 2) {
            throw CEmission.fail(op, "a float32 FULLY_CONNECTED needs a FLOAT32 input and rank-2 weights; has "
                    + in + " and " + w);
        }
        int units = w.dim(0);
        int depth = w.dim(1);
        String p = e.prefix(op);
        String weights = operand(e, op, w, p + "_weights");
        String bias = "NULL";
        if (op.inputCount() > 2 && op.inputIndex(2) >= 0) {
            bias = operand(e, op, e.input(op, 2), p + "_bias");
        }
        e.source("src/pn_fully_connected_f32.c");
        e.call(op, "pn_fully_connected_f32", in.elementCount() / depth + ", " + units + ", " + depth + ", "
                + inF32(e, in) + ", " + weights + ", " + bias + ", " + bounds(e, op, activation) + ", "
                + outF32(e, out));
    }

    /** A float operand: a constant array (real values, as the interpreter reads them) or an arena tensor. */
    private static String operand(CEmission e, Operator op, Tensor t, String cName) {
        if (t.isConstant()) {
            e.floatArray(cName, FloatOperands.realValues(t));
            return cName;
        }
        if (t.type() != TensorType.FLOAT32) {
            throw CEmission.fail(op, "input " + t + " has type " + t.type() + "; a float32 operator reads FLOAT32");
        }
        return inF32(e, t);
    }

    /** {@code act_min, act_max} of a fused activation, as the float evaluator clamps. */
    private static String bounds(CEmission e, Operator op, Activation a) {
        float[] lh = new FloatOperands(e.graph(), op).activationBounds(a);
        return CEmission.floatValue(lh[0]) + ", " + CEmission.floatValue(lh[1]);
    }

    private static String inF32(CEmission e, Tensor t) {
        return "(const float *)" + e.at(t.index());
    }

    private static String outF32(CEmission e, Tensor t) {
        return "(float *)" + e.at(t.index());
    }
}
