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
 * STRIDED_SLICE of an int8 tensor with constant begin, end and strides (rank 1 to 5; begin, end and shrink masks,
 * as TFLM's reference kernel, which moves values without rescaling). Public for its options record.
 */
public final class StridedSliceOp implements OperatorDefinition {

    /**
     * StridedSliceOptions (union code 32): fields 0 begin_mask, 1 end_mask, 2 ellipsis_mask, 3 new_axis_mask,
     * 4 shrink_axis_mask, 5 offset.
     */
    public record Options(int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkAxisMask,
            boolean offset) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 32;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(32, Options.class,
            t -> new Options(t.getInt(0, "begin_mask", 0), t.getInt(1, "end_mask", 0), t.getInt(2, "ellipsis_mask", 0),
                    t.getInt(3, "new_axis_mask", 0), t.getInt(4, "shrink_axis_mask", 0), t.getBool(5, "offset", false)),
            (b, o) -> {
                b.start(6);
                b.addInt(0, o.beginMask(), 0);
                b.addInt(1, o.endMask(), 0);
                b.addInt(2, o.ellipsisMask(), 0);
                b.addInt(3, o.newAxisMask(), 0);
                b.addInt(4, o.shrinkAxisMask(), 0);
                b.addBool(5, o.offset(), false);
                return b.end();
            });

    StridedSliceOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /**
     * The slice of an operator whose input shape is {@code inShape}, begin/end/strides {@code constants}.
     *
     * @throws IllegalArgumentException with the reason the slice is not supported
     */
    public static Slicing.StridedSlice geometry(int[] inShape, int[] begin, int[] end, int[] strides, OpOptions options) {
        Options o = options instanceof Options s ? s : new Options(0, 0, 0, 0, 0, false);
        return Slicing.stridedSlice(inShape, begin, end, strides, o.beginMask(), o.endMask(), o.ellipsisMask(),
                o.newAxisMask(), o.shrinkAxisMask(), o.offset());
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        Slicing.StridedSlice g = checked(c, op, in, out);
        if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
            throw c.fail(out.index(), "STRIDED_SLICE moves values: output " + out + " must share the quantization "
                    + "of input " + in);
        }
        int[] sources = g.sources();
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> Slicing.copy(x, sources, y));
    }

    private static Slicing.StridedSlice checked(OperandCheck c, Operator op, Tensor in, Tensor out) {
        int[] begin = c.ints(c.constInput(1, TensorType.INT32, 1));
        int[] end = c.ints(c.constInput(2, TensorType.INT32, 1));
        int[] strides = c.ints(c.constInput(3, TensorType.INT32, 1));
        Slicing.StridedSlice g;
        try {
            g = geometry(in.shape(), begin, end, strides, op.options());
        } catch (IllegalArgumentException e) {
            throw c.fail(in.index(), "slice of input " + in + ": " + e.getMessage());
        }
        if (Arrays.stream(g.outShape()).reduce(1, (p, d) -> p * d) != out.elementCount()) {
            throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(g.outShape())
                    + " (begin " + Arrays.toString(begin) + ", end " + Arrays.toString(end) + ", strides "
                    + Arrays.toString(strides) + ")");
        }
        return g;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        int[] begin = ints(e.input(op, 1));
        int[] end = ints(e.input(op, 2));
        int[] strides = ints(e.input(op, 3));
        Slicing.StridedSlice g = geometry(in.shape(), begin, end, strides, op.options());
        // A float32 slice moves 4-byte elements: the byte kernel over one more, innermost axis of 4 bytes.
        int width = in.type() == TensorType.FLOAT32 ? 4 : 1;
        int rank = in.rank() + (width > 1 ? 1 : 0);
        if (width > 1 && rank > 5) {
            throw CEmission.fail(op, "a float32 STRIDED_SLICE of rank " + in.rank() + " is above the C kernel's 4");
        }
        long[] dims = new long[rank];
        long[] start = new long[rank];
        long[] count = new long[rank];
        long[] step = new long[rank];
        for (int d = 0; d < in.rank(); d++) {
            dims[d] = in.dim(d);
            start[d] = g.start()[d];
            count[d] = g.count(d);
            step[d] = g.stride()[d];
        }
        if (width > 1) {
            dims[rank - 1] = width;
            count[rank - 1] = width;
            step[rank - 1] = 1;
        }
        String p = e.prefix(op);
        e.intArray("int32_t", p + "_dims", dims);
        e.intArray("int32_t", p + "_start", start);
        e.intArray("int32_t", p + "_count", count);
        e.intArray("int32_t", p + "_stride", step);
        e.source("src/pn_strided_slice_s8.c");
        e.call(op, "pn_strided_slice_s8", rank + ", " + p + "_dims, " + p + "_start, " + p + "_count, " + p
                + "_stride, " + e.in8(in.index()) + ", " + e.out8(out.index()));
    }

    private static int[] ints(Tensor t) {
        return Arrays.stream(CEmission.ints(t)).mapToInt(v -> (int) v).toArray();
    }
}
