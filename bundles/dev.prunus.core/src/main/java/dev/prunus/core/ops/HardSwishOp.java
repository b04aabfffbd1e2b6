package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.HardSwish;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/** HARD_SWISH int8 (TFLM reference HardSwish, 16-bit fixed point), run as a 256-entry table of that function. */
final class HardSwishOp implements OperatorDefinition {

    @Override
    public OptionsCodec options(OpType type) {
        return OptionsCodec.empty(91); // HardSwishOptions has no fields
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), "output " + out + " must have the input's " + in.elementCount() + " elements");
        }
        HardSwish.Params p;
        try {
            p = HardSwish.Params.of(c.scale(in), c.zp(in), c.scale(out), c.zp(out));
        } catch (IllegalArgumentException e) {
            throw c.fail(out.index(), e.getMessage());
        }
        byte[] table = HardSwish.table(p);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int n = in.elementCount();
        s.addStep(op, () -> HardSwish.lookUp(table, x, y, n));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        String p = e.prefix(op);
        e.bytesArray(p + "_table", HardSwish.table(HardSwish.Params.of(scale(in), zp(in), scale(out), zp(out))));
        e.source("src/pn_lut_s8.c");
        e.call(op, "pn_lut_s8", p + "_table, " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
