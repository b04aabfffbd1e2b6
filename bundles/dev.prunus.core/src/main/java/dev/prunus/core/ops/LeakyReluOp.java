package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

/**
 * LEAKY_RELU int8 (TFLM QuantizeLeakyRelu): two requantizations, the identity for non-negative inputs and alpha
 * for negative ones. Public for its options record.
 */
public final class LeakyReluOp implements OperatorDefinition {

    /** LeakyReluOptions (union code 75): field 0 alpha. */
    public record Options(float alpha) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 75;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(75, Options.class, t -> new Options(t.getFloat(0, "alpha", 0f)),
            (b, o) -> {
                b.start(1);
                b.addFloat(0, o.alpha(), 0f);
                return b.end();
            });

    LeakyReluOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /** The two multipliers as TFLM's CalculateOpDataLeakyRelu derives them: float products, then QuantizeMultiplier. */
    record Params(QuantMath.Multiplier identity, QuantMath.Multiplier alpha) {
        static Params of(float inScale, float alpha, float outScale) {
            return new Params(QuantMath.quantizeMultiplier((double) (inScale / outScale)),
                    QuantMath.quantizeMultiplier((double) (inScale * alpha / outScale)));
        }
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), "output " + out + " must have the input's " + in.elementCount() + " elements");
        }
        float alpha = c.options(Options.class).alpha();
        if (!Float.isFinite(alpha)) {
            throw c.fail(-1, "alpha " + alpha + " is not a finite number; re-export the model with a finite slope");
        }
        Params p = params(c, in, out, alpha);
        int inZp = c.zp(in);
        int outZp = c.zp(out);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int n = in.elementCount();
        s.addStep(op, () -> Activations.leakyRelu(p.identity(), p.alpha(), inZp, outZp, x, y, n));
    }

    private static Params params(OperandCheck c, Tensor in, Tensor out, float alpha) {
        Params p = Params.of(c.scale(in), alpha, c.scale(out));
        if (p.identity().shift() > 30 || p.alpha().shift() > 30) {
            throw c.fail(out.index(), "scale ratio of input " + in + " to output " + out + " (alpha " + alpha
                    + ") is too large for a 32-bit requantization; the output scale is wrong");
        }
        return p;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        Params q = Params.of(scale(in), op.options(Options.class).alpha(), scale(out));
        String p = e.prefix(op);
        e.data().append("static const pn_leaky_relu_params ").append(p).append("_params = {").append(zp(in))
                .append(", ").append(zp(out)).append(", {").append(q.identity().multiplier()).append(", ")
                .append(q.identity().shift()).append("}, {").append(q.alpha().multiplier()).append(", ")
                .append(q.alpha().shift()).append("}};\n");
        e.source("src/pn_leaky_relu_s8.c");
        e.call(op, "pn_leaky_relu_s8", "&" + p + "_params, " + in.elementCount() + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
