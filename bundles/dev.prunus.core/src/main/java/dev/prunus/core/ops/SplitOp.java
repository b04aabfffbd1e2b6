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
 * SPLIT of an int8 tensor into equal parts along a constant axis (TFLM reference Split: values copied, outputs
 * sharing the input's quantization). Each output is a strided slice of the input, so the interpreter and the C
 * use the STRIDED_SLICE kernels. Public for its options record.
 */
public final class SplitOp implements OperatorDefinition {

    /** SplitOptions (union code 35): field 0 num_splits. */
    public record Options(int numSplits) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 35;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(35, Options.class,
            t -> new Options(t.getInt(0, "num_splits", 0)),
            (b, o) -> {
                b.start(1);
                b.addInt(0, o.numSplits(), 0);
                return b.end();
            });

    SplitOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /** The slice of the input that output {@code k} of {@code parts} holds. */
    private static Slicing.StridedSlice part(int[] inShape, int axis, int parts, int k) {
        int rank = inShape.length;
        int size = inShape[axis] / parts;
        int[] begin = new int[rank];
        int[] end = inShape.clone();
        int[] strides = new int[rank];
        Arrays.fill(strides, 1);
        begin[axis] = k * size;
        end[axis] = (k + 1) * size;
        return Slicing.stridedSlice(inShape, begin, end, strides, 0, 0, 0, 0, 0, false);
    }

    private static int axis(int[] axisValue, int rank) {
        return axisValue[0] < 0 ? axisValue[0] + rank : axisValue[0];
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        int[] axisValue = c.ints(c.constInput(0, TensorType.INT32, -1));
        Tensor in = c.input(1, TensorType.INT8, -1);
        int parts = op.outputCount();
        if (axisValue.length != 1) {
            throw c.fail(op.inputIndex(0), "the axis must be one value, got " + Arrays.toString(axisValue));
        }
        int axis = axis(axisValue, in.rank());
        if (axis < 0 || axis >= in.rank() || in.rank() > Slicing.MAX_RANK) {
            throw c.fail(in.index(), "axis " + axisValue[0] + " is outside the rank of " + in + " (ranks 1 to "
                    + Slicing.MAX_RANK + ")");
        }
        if (op.options() instanceof Options o && o.numSplits() != parts) {
            throw c.fail(-1, "num_splits " + o.numSplits() + " does not match the " + parts + " outputs");
        }
        if (in.dim(axis) % parts != 0) {
            throw c.fail(in.index(), "axis " + axis + " of " + in + " does not split into " + parts + " equal parts");
        }
        byte[] x = s.int8(in.index());
        for (int k = 0; k < parts; k++) {
            Tensor out = c.output(k, TensorType.INT8, in.rank());
            Slicing.StridedSlice g = part(in.shape(), axis, parts, k);
            if (!Arrays.equals(g.outShape(), out.shape())) {
                throw c.fail(out.index(), "output " + k + " " + out + " should have shape "
                        + Arrays.toString(g.outShape()));
            }
            if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
                throw c.fail(out.index(), "SPLIT moves values: output " + out + " must share the quantization of "
                        + "input " + in);
            }
            int[] sources = g.sources();
            byte[] y = s.int8(out.index());
            s.addStep(op, () -> Slicing.copy(x, sources, y));
        }
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 1);
        int rank = in.rank();
        int axis = axis(new int[] {(int) CEmission.ints(e.input(op, 0))[0]}, rank);
        String p = e.prefix(op);
        long[] dims = new long[rank];
        long[] stride = new long[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.dim(d);
            stride[d] = 1;
        }
        e.intArray("int32_t", p + "_dims", dims);
        e.intArray("int32_t", p + "_stride", stride);
        e.source("src/pn_strided_slice_s8.c");
        for (int k = 0; k < op.outputCount(); k++) {
            Slicing.StridedSlice g = part(in.shape(), axis, op.outputCount(), k);
            long[] start = new long[rank];
            long[] count = new long[rank];
            for (int d = 0; d < rank; d++) {
                start[d] = g.start()[d];
                count[d] = g.count(d);
            }
            e.intArray("int32_t", p + "_start" + k, start);
            e.intArray("int32_t", p + "_count" + k, count);
            e.call(op, "pn_strided_slice_s8", rank + ", " + p + "_dims, " + p + "_start" + k + ", " + p + "_count" + k
                    + ", " + p + "_stride, " + e.in8(in.index()) + ", " + e.out8(op.outputIndex(k)));
        }
    }
}
