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
import dev.prunus.core.quant.QuantMath;


/** QUANTIZE: FLOAT32 to INT8 (a graph input), or INT8 to INT8 (requantization). */
final class QuantizeOp implements OperatorDefinition {

    // QuantizeOptions (union code 89) has no fields.
    @Override
    public OptionsCodec options(OpType type) {
        return OptionsCodec.empty(89);
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, null, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int n = out.elementCount();
        byte[] y = s.int8(out.index());
        if (in.type() == TensorType.FLOAT32) {
            float[] x = (float[]) s.buffer(in.index());
            float outScale = c.scale(out);
            int zp = c.zp(out);
            s.addStep(op, () -> QuantizeOps.quantize(x, outScale, zp, y, n));
        } else if (in.type() == TensorType.INT8) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) c.scale(in) / (double) c.scale(out));
            byte[] x = s.int8(in.index());
            int inZp = c.zp(in);
            int outZp = c.zp(out);
            s.addStep(op, () -> QuantizeOps.requantize(x, inZp, m, outZp, y, n));
        } else {
            throw c.fail(in.index(), "QUANTIZE from " + in.type() + " is not supported; supported: FLOAT32 or INT8 "
                    + "to INT8");
        }
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        if (in.type() == TensorType.FLOAT32 && out.type() == TensorType.INT8) {
            e.source("src/pn_quantize_f32_s8.c");
            e.call(op, "pn_quantize_f32_s8", floatLiteral(scale(out)) + ", " + zp(out) + ", " + out.elementCount()
                    + ", (const float *)" + e.at(in.index()) + ", " + e.out8(out.index()));
            return;
        }
        if (in.type() != TensorType.INT8 || out.type() != TensorType.INT8) {
            throw CEmission.fail(op, "QUANTIZE from " + in.type() + " to " + out.type() + " has no C kernel; "
                    + "supported: INT8 or FLOAT32 to INT8");
        }
        QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) scale(in) / (double) scale(out));
        String p = e.prefix(op);
        e.data().append("static const pn_requantize_params ").append(p).append("_params = {").append(zp(in))
                .append(", ").append(zp(out)).append(", {").append(m.multiplier()).append(", ").append(m.shift())
                .append("}};\n");
        e.source("src/pn_quantize_s8.c");
        e.call(op, "pn_quantize_s8", "&" + p + "_params, " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.passThrough(op, Activation.NONE);
    }
}
