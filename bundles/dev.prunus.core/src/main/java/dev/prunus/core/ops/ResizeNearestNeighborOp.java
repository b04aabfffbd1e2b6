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
 * RESIZE_NEAREST_NEIGHBOR of an int8 NHWC tensor to a constant size (TFLM's reference kernel: values are copied,
 * so the output shares the input's quantization). Public for its options record.
 */
public final class ResizeNearestNeighborOp implements OperatorDefinition {

    /** ResizeNearestNeighborOptions (union code 74): field 0 align_corners, 1 half_pixel_centers. */
    public record Options(boolean alignCorners, boolean halfPixelCenters) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 74;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(74, Options.class,
            t -> new Options(t.getBool(0, "align_corners", false), t.getBool(1, "half_pixel_centers", false)),
            (b, o) -> {
                b.start(2);
                b.addBool(0, o.alignCorners(), false);
                b.addBool(1, o.halfPixelCenters(), false);
                return b.end();
            });

    ResizeNearestNeighborOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    /** The options, or the schema defaults when the file carries an empty table. */
    private static Options optionsOf(Operator op) {
        return op.options() instanceof Options o ? o : new Options(false, false);
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, 4);
        Tensor size = c.constInput(1, TensorType.INT32, 1);
        Tensor out = c.output(0, TensorType.INT8, 4);
        if (!(op.options() instanceof Options || op.options() instanceof OpOptions.EmptyOptions
                || op.options() instanceof OpOptions.NoOptions)) {
            c.options(Options.class); // fails with the options' actual type
        }
        int[] hw = c.ints(size);
        int[] i = in.shape();
        int[] expected = {i[0], hw.length == 2 ? hw[0] : -1, hw.length == 2 ? hw[1] : -1, i[3]};
        if (hw.length != 2 || hw[0] < 1 || hw[1] < 1) {
            throw c.fail(size.index(), "size " + Arrays.toString(hw) + " must be two positive numbers (height, width)");
        }
        if (!Arrays.equals(expected, out.shape())) {
            throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(expected)
                    + " (input " + in + " resized to " + hw[0] + " x " + hw[1] + ")");
        }
        if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
            throw c.fail(out.index(), "RESIZE_NEAREST_NEIGHBOR copies values: output " + out + " must share the "
                    + "quantization of input " + in);
        }
        Options o = optionsOf(op);
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> DataMovement.resizeNearest(x, i[0], i[1], i[2], i[3], hw[0], hw[1], o.alignCorners(),
                o.halfPixelCenters(), y));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        Options o = optionsOf(op);
        String p = e.prefix(op);
        String id = e.dims4(p + "_in_dims", in.shape());
        e.source("src/pn_resize_nearest_s8.c");
        e.call(op, "pn_resize_nearest_s8", (o.alignCorners() ? 1 : 0) + ", " + (o.halfPixelCenters() ? 1 : 0) + ", "
                + id + ", " + out.shape()[1] + ", " + out.shape()[2] + ", " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
