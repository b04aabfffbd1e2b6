package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Rsqrt;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

/** RSQRT int8 (TFLM elementwise RsqrtEvalQuantized, double rounding), run as a 256-entry table of that function. */
final class RsqrtOp implements OperatorDefinition {

    @Override
    public OptionsCodec options(OpType type) {
        return null; // RSQRT carries no options table
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), "output " + out + " must have the input's " + in.elementCount() + " elements");
        }
        QuantMath.Multiplier m = Rsqrt.outputMultiplier(c.scale(in), c.scale(out));
        if (m.shift() - 20 < -31 || m.shift() > 30) {
            throw c.fail(out.index(), "scales of input " + in + " and output " + out + " give a requantization shift "
                    + "outside the 32-bit range; the output scale is wrong");
        }
        byte[] table = Rsqrt.table(c.zp(in), m, c.zp(out));
        int inZp = c.zp(in);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int n = in.elementCount();
        s.addStep(op, () -> Rsqrt.apply(table, inZp, x, y, n));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        byte[] table = Rsqrt.table(zp(in), Rsqrt.outputMultiplier(scale(in), scale(out)), zp(out));
        String p = e.prefix(op);
        e.bytesArray(p + "_table", table);
        e.source("src/pn_rsqrt_s8.c");
        e.call(op, "pn_rsqrt_s8", p + "_table, " + zp(in) + ", " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
