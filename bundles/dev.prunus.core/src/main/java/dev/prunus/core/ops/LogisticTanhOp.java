package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;


/** LOGISTIC and TANH: the same input scaling, fixed output quantization (1/256, -128 and 1/128, 0). */
final class LogisticTanhOp implements OperatorDefinition {

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        boolean logistic = op.type() == OpType.LOGISTIC;
        float wantScale = logistic ? 1f / 256 : 1f / 128;
        int wantZp = logistic ? -128 : 0;
        if (c.zp(out) != wantZp || c.scale(out) != wantScale) {
            throw c.fail(out.index(), "int8 " + op.type() + " output " + out + " must have scale "
                    + (logistic ? "1/256 and zero point -128" : "1/128 and zero point 0"));
        }
        Activations.InputScaling scaling = Activations.InputScaling.of(c.scale(in));
        int zp = c.zp(in);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int n = in.elementCount();
        if (logistic) {
            s.addStep(op, () -> Activations.logistic(scaling, zp, x, y, n));
        } else {
            s.addStep(op, () -> Activations.tanh(scaling, zp, x, y, n));
        }
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        Activations.InputScaling s = Activations.InputScaling.of(scale(in));
        String p = e.prefix(op);
        e.data().append("static const pn_sigmoid_params ").append(p).append("_params = {").append(zp(in))
                .append(", ").append(s.rangeRadius()).append(", ").append(s.multiplier()).append(", ")
                .append(s.leftShift()).append("};\n");
        String kernel = op.type() == OpType.LOGISTIC ? "pn_logistic_s8" : "pn_tanh_s8";
        e.source("src/" + kernel + ".c");
        e.call(op, kernel, "&" + p + "_params, " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
