package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Mean;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.ReducerOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;

/**
 * MEAN over one contiguous run of axes, as TFLM's integer mean: {@code requant(sum - zpIn * n)} with the
 * multiplier {@code sIn / sOut} folded with {@code 1 / n}. The C code is a helper of the generated file, since
 * the runtime's pn_mean_s8 follows TFLM's float path instead.
 */
final class MeanOp implements OperatorDefinition {

    // ReducerOptions: union code 27, field 0 keep_dims (also the other reducers', which Prunus reads only).
    static final OptionsCodec OPTIONS = OptionsCodec.of(27, ReducerOptions.class,
            t -> new ReducerOptions(t.getBool(0, "keep_dims", false)),
            (b, o) -> {
                b.start(1);
                b.addBool(0, o.keepDims(), false);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor axis = c.constInput(1, TensorType.INT32, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        Mean k = new Mean(in.shape(), c.ints(axis), c.scale(in), c.zp(in), c.scale(out), c.zp(out));
        if (k.outputSize() != out.elementCount()) {
            throw c.fail(out.index(), "MEAN output " + out + " does not match the reduced input " + in);
        }
        s.addInt8Step(op, in, out, k::run, k.outputSize());
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor axis = e.input(op, 1);
        Tensor out = e.output(op);
        int rank = in.rank();
        boolean[] reduced = new boolean[rank];
        for (long a : CEmission.ints(axis)) {
            reduced[(int) (a < 0 ? a + rank : a)] = true;
        }
        int lo = -1;
        int hi = -1;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                if (lo < 0) {
                    lo = d;
                } else if (hi != d - 1) {
                    throw CEmission.fail(op, "MEAN over the non-adjacent axes "
                            + Arrays.toString(CEmission.ints(axis)) + " of " + in
                            + " has no C code; supported: one run of adjacent axes, e.g. [1, 2] of NHWC");
                }
                hi = d;
            }
        }
        long outer = 1;
        long count = 1;
        long inner = 1;
        for (int d = 0; d < rank; d++) {
            if (lo >= 0 && d >= lo && d <= hi) {
                count *= in.dim(d);
            } else if (lo < 0 || d < lo) {
                outer *= in.dim(d);
            } else {
                inner *= in.dim(d);
            }
        }
        QuantMath.Multiplier m = Mean.multiplier(scale(in), scale(out), count);
        int mult = m.multiplier();
        int sh = m.shift();
        if (e.firstUseOf("pn_gen_mean")) {
            e.data().append("/* MEAN: out[o][j] = clamp(requant(sum_i in[o][i][j] - in_zp * count) + out_zp). */\n")
                    .append("static void pn_gen_mean(const int8_t *in, int32_t outer, int32_t count, int32_t inner, ")
                    .append("int32_t in_zp,\n                        int32_t multiplier, int32_t shift, ")
                    .append("int32_t out_zp, int8_t *out)\n{\n")
                    .append("    int32_t o, i, j;\n")
                    .append("    for (o = 0; o < outer; o++) {\n        for (j = 0; j < inner; j++) {\n")
                    .append("            int32_t sum = 0;\n            int32_t v;\n")
                    .append("            for (i = 0; i < count; i++) {\n")
                    .append("                sum += in[((long)o * count + i) * inner + j];\n            }\n")
                    .append("            v = pn_requantize(sum - in_zp * count, multiplier, shift) + out_zp;\n")
                    .append("            out[(long)o * inner + j] = (int8_t)PN_CLAMP(v, -128, 127);\n")
                    .append("        }\n    }\n}\n\n");
        }
        e.body().append("    /* operator ").append(op.index()).append(": ").append(op.displayName()).append(" */\n")
                .append("    pn_gen_mean(").append(e.in8(in.index())).append(", ").append(outer).append(", ")
                .append(count).append(", ").append(inner).append(", ").append(zp(in)).append(", ").append(mult)
                .append(", ").append(sh).append(", ").append(zp(out)).append(", ").append(e.out8(out.index()))
                .append(");\n");
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.mean(op);
    }
}
