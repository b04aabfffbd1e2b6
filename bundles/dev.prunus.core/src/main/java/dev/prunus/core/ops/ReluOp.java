package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;


/** RELU (requantizing, TFLM ReluQuantized) and RELU6 (a clamp in the input's quantization). */
final class ReluOp implements OperatorDefinition {

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int n = in.elementCount();
        if (op.type() == OpType.RELU) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) c.scale(in) / (double) c.scale(out));
            int inZp = c.zp(in);
            int outZp = c.zp(out);
            float outScale = c.scale(out);
            s.addStep(op, () -> Activations.relu(m, inZp, outZp, outScale, x, y, n));
        } else {
            float inScale = c.scale(in);
            int zp = c.zp(in);
            s.addStep(op, () -> Activations.relu6(inScale, zp, x, y, n));
        }
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        String p = e.prefix(op);
        String kernel;
        String params;
        if (op.type() == OpType.RELU) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) scale(in) / (double) scale(out));
            int actMin = Math.max(-128, zp(out) + (int) QuantMath.round(0.0f / scale(out)));
            e.data().append("static const pn_relu_params ").append(p).append("_params = {").append(zp(in))
                    .append(", ").append(zp(out)).append(", {").append(m.multiplier()).append(", ")
                    .append(m.shift()).append("}, {").append(actMin).append(", 127}};\n");
            kernel = "pn_relu_s8";
            params = p + "_params";
        } else {
            int six = QuantMath.clamp((int) (QuantMath.round(6.0f / scale(in)) + zp(in)), -128, 127);
            e.data().append("static const pn_activation ").append(p).append("_range = {").append(zp(in))
                    .append(", ").append(six).append("};\n");
            kernel = "pn_relu6_s8";
            params = p + "_range";
        }
        e.source("src/" + kernel + ".c");
        e.call(op, kernel, "&" + params + ", " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.passThrough(op, op.type() == OpType.RELU ? Activation.RELU : Activation.RELU6);
    }
}
