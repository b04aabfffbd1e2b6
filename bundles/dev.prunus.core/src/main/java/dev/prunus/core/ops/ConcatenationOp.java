package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.DataMovement;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.ConcatenationOptions;
import dev.prunus.core.ir.OpType;


/** CONCATENATION: a copy per input slice (the int8 operator requires equal quantization). */
final class ConcatenationOp implements OperatorDefinition {

    // ConcatenationOptions: union code 10; field 0 axis, 1 fused activation.
    static final OptionsCodec OPTIONS = OptionsCodec.of(10, ConcatenationOptions.class,
            t -> new ConcatenationOptions(t.getInt(0, "axis", 0), t.activation(1)),
            (b, o) -> {
                b.start(2);
                b.addInt(0, o.axis(), 0);
                b.addByte(1, o.activation().tfliteCode(), 0);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        OpOptions.ConcatenationOptions o = c.options(OpOptions.ConcatenationOptions.class);
        if (o.activation() != Activation.NONE) {
            throw c.fail(-1, "CONCATENATION with fused activation " + o.activation() + " is not supported");
        }
        Tensor out = c.output(0, TensorType.INT8, -1);
        int rank = out.shape().length;
        int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        if (axis < 0 || axis >= rank) {
            throw c.fail(out.index(), "axis " + o.axis() + " is outside the rank of " + out);
        }
        int n = op.inputCount();
        byte[][] xs = new byte[n][];
        int[] sizes = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            Tensor in = c.input(i, TensorType.INT8, rank);
            for (int d = 0; d < rank; d++) {
                if (d != axis && in.shape()[d] != out.shape()[d]) {
                    throw c.fail(in.index(), "input " + in + " does not match output " + out + " outside axis " + axis);
                }
            }
            xs[i] = s.int8(in.index());
            sizes[i] = in.shape()[axis];
            total += sizes[i];
        }
        if (total != out.shape()[axis]) {
            throw c.fail(out.index(), "inputs add up to " + total + " along axis " + axis + ", output " + out);
        }
        long outer = outer(out, axis);
        long inner = inner(out, axis);
        byte[] y = s.int8(out.index());
        int fo = (int) outer;
        int fi = (int) inner;
        s.addStep(op, () -> DataMovement.concatenate(xs, sizes, fo, fi, y));
    }

    private static long outer(Tensor out, int axis) {
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.dim(d);
        }
        return outer;
    }

    private static long inner(Tensor out, int axis) {
        long inner = 1;
        for (int d = axis + 1; d < out.rank(); d++) {
            inner *= out.dim(d);
        }
        return inner;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        OpOptions.ConcatenationOptions o = op.options(OpOptions.ConcatenationOptions.class);
        Tensor out = e.output(op);
        int rank = out.rank();
        int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        long outer = outer(out, axis);
        long inner = inner(out, axis);
        long[] lengths = new long[op.inputCount()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = e.input(op, i).dim(axis) * inner;
        }
        emitCopies(e, op, outer, lengths);
    }

    /**
     * The C of a concatenation without requantization: for each of {@code outer} blocks, input i's next
     * {@code lengths[i]} bytes in input order (CONCATENATION, and PACK, which is a concatenation of slices of 1).
     */
    static void emitCopies(CEmission e, Operator op, long outer, long[] lengths) {
        Tensor out = e.output(op);
        String p = e.prefix(op);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < op.inputCount(); i++) {
            Tensor in = e.input(op, i);
            String ptr;
            if (in.isConstant()) {
                e.bytesArray(p + "_in" + i, in.data());
                ptr = p + "_in" + i;
            } else {
                ptr = e.in8(in.index());
            }
            list.append(i == 0 ? "" : ",\n").append("            {").append(ptr).append(", ")
                    .append(lengths[i]).append(", 0, 0, {0, 0}}");
        }
        e.body().append("    {\n        /* operator ").append(op.index()).append(": ").append(op.displayName())
                .append(" */\n        const pn_concat_input ").append(p).append("_inputs[").append(op.inputCount())
                .append("] = {\n").append(list)
                .append("};\n        if (pn_concatenation_s8(").append(op.inputCount()).append(", ").append(p)
                .append("_inputs, ").append(outer).append(", ").append(zp(out)).append(", ")
                .append(e.out8(out.index())).append(") != PN_OK) {\n            return ").append(op.index() + 1)
                .append(";\n        }\n    }\n");
        e.header("pn_concatenation_s8.h");
        e.source("src/pn_concatenation_s8.c");
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.concatenation(op);
    }
}
