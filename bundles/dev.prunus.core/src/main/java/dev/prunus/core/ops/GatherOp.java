package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Slicing;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

import java.util.Arrays;

/**
 * GATHER of an int8 tensor along one axis by constant INT32 indices (batch_dims 0), as TFLM's reference kernel:
 * slices copied without rescaling, an index outside the axis is an error. Public for its options record.
 */
public final class GatherOp implements OperatorDefinition {

    /** GatherOptions (union code 23): field 0 axis, 1 batch_dims. */
    public record Options(int axis, int batchDims) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 23;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(23, Options.class,
            t -> new Options(t.getInt(0, "axis", 0), t.getInt(1, "batch_dims", 0)),
            (b, o) -> {
                b.start(2);
                b.addInt(0, o.axis(), 0);
                b.addInt(1, o.batchDims(), 0);
                return b.end();
            });

    GatherOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /**
     * The axis of a GATHER on an input of rank {@code rank}, negative counted from the end.
     *
     * @throws IllegalArgumentException when it is outside the rank or batch_dims is not 0
     */
    public static int axis(OpOptions options, int rank) {
        Options o = options instanceof Options g ? g : new Options(0, 0);
        if (o.batchDims() != 0) {
            throw new IllegalArgumentException("batch_dims " + o.batchDims() + " is not supported (only 0)");
        }
        int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("axis " + o.axis() + " is outside the input's rank " + rank);
        }
        return axis;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor indices = c.constInput(1, TensorType.INT32, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int[] sources;
        try {
            int axis = axis(op.options(), in.rank());
            int[] shape = Slicing.gatherShape(in.shape(), axis, indices.shape());
            if (!Arrays.equals(shape, out.shape())) {
                throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(shape));
            }
            sources = Slicing.gatherSources(in.shape(), axis, c.ints(indices));
        } catch (IllegalArgumentException e) {
            throw c.fail(indices.index(), "GATHER of input " + in + " by " + indices + ": " + e.getMessage());
        }
        if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
            throw c.fail(out.index(), "GATHER moves values: output " + out + " must share the quantization of "
                    + "input " + in);
        }
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> Slicing.copy(x, sources, y));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor indices = e.input(op, 1);
        Tensor out = e.output(op);
        int axis = axis(op.options(), in.rank());
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= in.dim(d);
        }
        long inner = in.type() == TensorType.FLOAT32 ? 4 : 1; // a float32 gather moves 4-byte elements
        for (int d = axis + 1; d < in.rank(); d++) {
            inner *= in.dim(d);
        }
        String p = e.prefix(op);
        e.intArray("int32_t", p + "_indices", CEmission.ints(indices));
        e.source("src/pn_gather_s8.c");
        e.call(op, "pn_gather_s8", outer + ", " + in.dim(axis) + ", " + inner + ", " + indices.elementCount() + ", "
                + p + "_indices, " + e.in8(in.index()) + ", " + e.out8(out.index()));
    }
}
