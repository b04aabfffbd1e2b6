package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.DataMovement;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

import java.util.Arrays;

/**
 * PACK of int8 tensors of one shape along a new axis (TFLM reference Pack: values copied, inputs sharing the
 * output's quantization): a concatenation of slices of size 1, so it runs on the concatenation kernels. Public for
 * its options record.
 */
public final class PackOp implements OperatorDefinition {

    /** PackOptions (union code 59): field 0 values_count, 1 axis. */
    public record Options(int valuesCount, int axis) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 59;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(59, Options.class,
            t -> new Options(t.getInt(0, "values_count", 0), t.getInt(1, "axis", 0)),
            (b, o) -> {
                b.start(2);
                b.addInt(0, o.valuesCount(), 0);
                b.addInt(1, o.axis(), 0);
                return b.end();
            });

    PackOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /** The new axis in the output, negative counted from the end of the output's rank. */
    private static int axis(Operator op, int outRank) {
        int a = op.options() instanceof Options o ? o.axis() : 0;
        return a < 0 ? a + outRank : a;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Options o = c.options(Options.class);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int n = op.inputCount();
        if (o.valuesCount() != n) {
            throw c.fail(-1, "values_count " + o.valuesCount() + " does not match the " + n + " inputs");
        }
        Tensor first = c.input(0, TensorType.INT8, out.rank() - 1);
        int axis = axis(op, out.rank());
        if (axis < 0 || axis >= out.rank()) {
            throw c.fail(out.index(), "axis " + o.axis() + " is outside the rank of " + out);
        }
        int[] expected = new int[out.rank()];
        for (int d = 0, k = 0; d < expected.length; d++) {
            expected[d] = d == axis ? n : first.dim(k++);
        }
        if (!Arrays.equals(expected, out.shape())) {
            throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(expected));
        }
        byte[][] xs = new byte[n][];
        int[] ones = new int[n];
        for (int i = 0; i < n; i++) {
            Tensor in = c.input(i, TensorType.INT8, first.rank());
            if (!Arrays.equals(in.shape(), first.shape())) {
                throw c.fail(in.index(), "input " + in + " does not have the shape of input 0 " + first);
            }
            if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
                throw c.fail(in.index(), "PACK moves values: input " + in + " must share the quantization of output "
                        + out);
            }
            xs[i] = s.int8(in.index());
            ones[i] = 1;
        }
        int outer = outer(out, axis);
        int inner = first.elementCount() / Math.max(1, outer);
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> DataMovement.concatenate(xs, ones, outer, inner, y));
    }

    private static int outer(Tensor out, int axis) {
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.dim(d);
        }
        return outer;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor out = e.output(op);
        int outer = outer(out, axis(op, out.rank()));
        long[] lengths = new long[op.inputCount()];
        Arrays.fill(lengths, e.input(op, 0).elementCount() / Math.max(1, outer));
        ConcatenationOp.emitCopies(e, op, outer, lengths);
    }
}
