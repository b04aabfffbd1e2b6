package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.DataMovement;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpType;

import java.util.Arrays;

/** PAD with the output zero point (an explicit constant value, PADV2 semantics, is rejected). */
final class PadOp implements OperatorDefinition {

    // PadOptions (union code 22) has no fields.
    @Override
    public OptionsCodec options(OpType type) {
        return OptionsCodec.empty(22);
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor paddings = c.constInput(1, TensorType.INT32, 2);
        if (op.inputIndex(2) >= 0) {
            throw c.fail(op.inputIndex(2), "PAD with an explicit constant value is not supported (PADV2 semantics)");
        }
        Tensor out = c.output(0, TensorType.INT8, -1);
        int rank = in.shape().length;
        int[] p = c.ints(paddings);
        if (paddings.shape()[0] != rank || paddings.shape()[1] != 2) {
            throw c.fail(paddings.index(), "paddings " + paddings + " must be [" + rank + ", 2]");
        }
        int[] before = new int[rank];
        int[] after = new int[rank];
        for (int d = 0; d < rank; d++) {
            before[d] = p[2 * d];
            after[d] = p[2 * d + 1];
            if (before[d] < 0 || after[d] < 0 || in.shape()[d] + before[d] + after[d] != out.shape()[d]) {
                throw c.fail(paddings.index(), "paddings " + Arrays.toString(p) + " do not turn " + in + " into "
                        + out);
            }
        }
        byte value = (byte) c.zp(out);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int[] shape = in.shape();
        s.addStep(op, () -> DataMovement.pad(x, shape, before, after, value, y));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor paddings = e.input(op, 1);
        Tensor out = e.output(op);
        int rank = in.rank();
        if (rank > 4) {
            throw CEmission.fail(op, "input " + in + " has rank " + rank + "; the C PAD kernel handles rank 4 at "
                    + "most");
        }
        long[] pv = CEmission.ints(paddings);
        int[] before = {0, 0, 0, 0};
        int[] after = {0, 0, 0, 0};
        for (int d = 0; d < rank; d++) {
            before[4 - rank + d] = (int) pv[2 * d];
            after[4 - rank + d] = (int) pv[2 * d + 1];
        }
        String p = e.prefix(op);
        e.data().append("static const pn_pad_params ").append(p).append("_params = {{").append(before[0])
                .append(", ").append(before[1]).append(", ").append(before[2]).append(", ").append(before[3])
                .append("}, {").append(after[0]).append(", ").append(after[1]).append(", ").append(after[2])
                .append(", ").append(after[3]).append("}};\n");
        String id = e.dims4(p + "_in_dims", in.shape());
        e.source("src/pn_pad_s8.c");
        e.call(op, "pn_pad_s8", "&" + p + "_params, " + zp(out) + ", " + id + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.pad(op);
    }
}
