package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.OpOptions.ReshapeOptions;
import dev.prunus.core.ir.OpType;

import java.util.Arrays;


/**
 * RESHAPE, EXPAND_DIMS and SQUEEZE: the same bytes under another shape; in place in C when the planner shares the
 * buffer. Public for SQUEEZE's options record.
 */
public final class ReshapeOp implements OperatorDefinition {

    /** SqueezeOptions (union code 30): field 0 squeeze_dims (empty: every dimension of size 1). */
    public record SqueezeOptions(int[] squeezeDims) implements OpOptions {
        public SqueezeOptions {
            squeezeDims = squeezeDims == null ? new int[0] : squeezeDims.clone();
        }

        @Override
        public int[] squeezeDims() {
            return squeezeDims.clone();
        }

        @Override
        public int builtinOptionsType() {
            return 30;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SqueezeOptions q && Arrays.equals(squeezeDims, q.squeezeDims);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(squeezeDims);
        }

        @Override
        public String toString() {
            return "SqueezeOptions[squeezeDims=" + Arrays.toString(squeezeDims) + "]";
        }
    }

    private static final OptionsCodec SQUEEZE_OPTIONS = OptionsCodec.of(30, SqueezeOptions.class,
            t -> new SqueezeOptions(t.intVector(0, "squeeze_dims")),
            (b, o) -> {
                int[] dims = o.squeezeDims();
                int vec = dims.length == 0 ? 0 : b.intVector(dims);
                b.start(1);
                if (vec != 0) {
                    b.addOffset(0, vec);
                }
                return b.end();
            });

    ReshapeOp() {
    }

    // ReshapeOptions: union code 17; field 0 new_shape (a vector, absent in many files).
    static final OptionsCodec OPTIONS = OptionsCodec.of(17, ReshapeOptions.class,
            t -> new ReshapeOptions(t.intVector(0, "new_shape")),
            (b, o) -> {
                int[] shape = o.newShape();
                int vec = shape == null ? 0 : b.intVector(shape);
                b.start(1);
                if (shape != null) {
                    b.addOffset(0, vec);
                }
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return switch (type) {
            case EXPAND_DIMS -> OptionsCodec.empty(52); // ExpandDimsOptions has no fields
            case SQUEEZE -> SQUEEZE_OPTIONS;
            default -> OPTIONS;
        };
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, null, -1);
        Tensor out = c.output(0, in.type(), -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), op.type() + " output " + out + " has a different element count than input "
                    + in);
        }
        if (op.type() != OpType.RESHAPE) {
            int[] expected = op.type() == OpType.EXPAND_DIMS ? expandedShape(c, op.input(s.graph(), 1), in)
                    : squeezedShape(c, op, in);
            if (!Arrays.equals(expected, out.shape())) {
                throw c.fail(out.index(), op.type() + " output " + out + " should have shape "
                        + Arrays.toString(expected));
            }
        }
        Object x = s.buffer(in.index());
        Object y = s.buffer(out.index());
        int n = in.elementCount();
        s.addStep(op, () -> System.arraycopy(x, 0, y, 0, n));
    }

    /** EXPAND_DIMS: a 1 inserted at the constant axis (input 1; negative counts from the end, as TFLM). */
    private static int[] expandedShape(OperandCheck c, Tensor axisTensor, Tensor in) {
        if (axisTensor == null || !axisTensor.hasData() || axisTensor.isVariable()) {
            throw c.fail(axisTensor == null ? -1 : axisTensor.index(), "input 1 (axis) must be a constant tensor");
        }
        if (axisTensor.elementCount() != 1
                || !(axisTensor.type() == TensorType.INT32 || axisTensor.type() == TensorType.INT64)) {
            throw c.fail(axisTensor.index(), "axis " + axisTensor + " must be one INT32 or INT64 value");
        }
        java.nio.ByteBuffer d = axisTensor.dataView();
        long axis = axisTensor.type() == TensorType.INT32 ? d.getInt(0) : d.getLong(0);
        int rank = in.shape().length;
        long a = axis < 0 ? axis + rank + 1 : axis;
        if (a < 0 || a > rank) {
            throw c.fail(axisTensor.index(), "axis " + axis + " is outside [" + (-rank - 1) + ", " + rank + "] for input "
                    + in);
        }
        int[] shape = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            shape[i] = i == a ? 1 : in.shape()[j++];
        }
        return shape;
    }

    /** SQUEEZE: the listed dimensions of size 1 removed (all of them when the list is empty). */
    private static int[] squeezedShape(OperandCheck c, Operator op, Tensor in) {
        int rank = in.shape().length;
        int[] dims = op.options() instanceof SqueezeOptions q ? q.squeezeDims() : new int[0];
        boolean[] drop = new boolean[rank];
        for (int d : dims) {
            int a = d < 0 ? d + rank : d;
            if (a < 0 || a >= rank || in.shape()[a] != 1) {
                throw c.fail(in.index(), "squeeze dimension " + d + " is not a dimension of size 1 of input " + in);
            }
            drop[a] = true;
        }
        int[] shape = new int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (!(dims.length == 0 ? in.shape()[d] == 1 : drop[d])) {
                shape[n++] = in.shape()[d];
            }
        }
        return Arrays.copyOf(shape, n);
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        e.body().append("    /* operator ").append(op.index()).append(": ").append(op.displayName());
        if (e.offset(in.index()) == e.offset(out.index())) {
            e.body().append(": in place, no code */\n");
        } else {
            e.body().append(" */\n    memmove(").append(e.at(out.index())).append(", ").append(e.at(in.index()))
                    .append(", ").append(out.byteSize()).append(");\n");
        }
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.reshape(op);
    }
}
