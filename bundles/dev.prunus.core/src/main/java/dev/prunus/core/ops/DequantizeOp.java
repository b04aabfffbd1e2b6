package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.floatLiteral;
import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.QuantizeOps;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpType;


/** DEQUANTIZE: INT8 to FLOAT32 (a graph output). */
final class DequantizeOp implements OperatorDefinition {

    // DequantizeOptions (union code 38) has no fields.
    @Override
    public OptionsCodec options(OpType type) {
        return OptionsCodec.empty(38);
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.FLOAT32, -1);
        byte[] x = s.int8(in.index());
        float[] y = (float[]) s.buffer(out.index());
        float inScale = c.scale(in);
        int zp = c.zp(in);
        int n = in.elementCount();
        s.addStep(op, () -> QuantizeOps.dequantize(x, inScale, zp, y, n));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        if (in.type() != TensorType.INT8 || out.type() != TensorType.FLOAT32) {
            throw CEmission.fail(op, "DEQUANTIZE from " + in.type() + " to " + out.type() + " has no C kernel; "
                    + "supported: INT8 to FLOAT32");
        }
        e.source("src/pn_dequantize_s8.c");
        e.call(op, "pn_dequantize_s8", floatLiteral(scale(in)) + ", " + zp(in) + ", " + in.elementCount() + ", "
                + e.in8(in.index()) + ", (float *)" + e.at(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.passThrough(op, Activation.NONE);
    }
}
