package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Softmax;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.SoftmaxOptions;
import dev.prunus.core.ir.OpType;


/** SOFTMAX over the last dimension; int8 output at scale 1/256, zero point -128. */
final class SoftmaxOp implements OperatorDefinition {

    // SoftmaxOptions: union code 9; field 0 beta.
    static final OptionsCodec OPTIONS = OptionsCodec.of(9, SoftmaxOptions.class,
            t -> new SoftmaxOptions(t.getFloat(0, "beta", 0f)),
            (b, o) -> {
                b.start(1);
                b.addFloat(0, o.beta(), 0f);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        OpOptions.SoftmaxOptions o = c.options(OpOptions.SoftmaxOptions.class);
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (c.zp(out) != -128 || Math.abs(c.scale(out) - 1f / 256) > 0.001f / 256) {
            throw c.fail(out.index(), "int8 SOFTMAX output " + out + " must have scale 1/256 and zero point -128");
        }
        if (in.elementCount() != out.elementCount() || in.shape().length == 0) {
            throw c.fail(out.index(), "SOFTMAX output " + out + " does not match input " + in);
        }
        int depth = in.shape()[in.shape().length - 1];
        int rows = in.elementCount() / Math.max(depth, 1);
        Softmax k = new Softmax(o.beta(), c.scale(in));
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> k.run(x, y, rows, depth));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        OpOptions.SoftmaxOptions o = op.options(OpOptions.SoftmaxOptions.class);
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        Softmax s = new Softmax(o.beta(), scale(in));
        String p = e.prefix(op);
        int depth = in.dim(-1);
        int rows = in.elementCount() / Math.max(depth, 1);
        e.data().append("static const pn_softmax_params ").append(p).append("_params = {")
                .append(s.inputMultiplier()).append(", ").append(s.inputLeftShift()).append(", ").append(s.diffMin())
                .append("};\n");
        e.source("src/pn_softmax_s8.c");
        e.call(op, "pn_softmax_s8", "&" + p + "_params, " + rows + ", " + depth + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.softmax(op);
    }
}
