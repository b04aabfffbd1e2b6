package dev.prunus.core.quantize.floatops;

import java.util.Arrays;

import dev.prunus.core.interp.kernels.Slicing;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.GatherOp;
import dev.prunus.core.ops.PackOp;
import dev.prunus.core.ops.StridedSliceOp;

/**
 * Float RESHAPE, PAD (with zeros), CONCATENATION, TRANSPOSE, STRIDED_SLICE, GATHER, SPLIT and PACK: values move,
 * nothing is computed. The last five share the int8 operators' geometry ({@link Slicing}).
 */
public final class DataMovementFloat {

    private DataMovementFloat() {
    }

    public static FloatStep reshape(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        if (in.elementCount() != out.elementCount()) {
            throw o.fail("output " + out + " has a different element count than input " + in);
        }
        int x = in.index();
        int y = out.index();
        int n = in.elementCount();
        return v -> System.arraycopy(v[x], 0, v[y], 0, n);
    }

    public static FloatStep pad(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        if (o.hasInput(2)) {
            throw o.fail("PAD with an explicit constant value (PADV2 semantics) is not supported");
        }
        int[] p = o.constantInts(1);
        int rank = in.rank();
        if (p.length != 2 * rank) {
            throw o.fail("paddings must be [" + rank + ", 2]");
        }
        int[] is = in.shape();
        int[] os = out.shape();
        for (int d = 0; d < rank; d++) {
            if (p[2 * d] < 0 || p[2 * d + 1] < 0 || is[d] + p[2 * d] + p[2 * d + 1] != os[d]) {
                throw o.fail("paddings " + java.util.Arrays.toString(p) + " do not turn " + in + " into " + out);
            }
        }
        // Destination offset of every input element, computed once.
        int n = in.elementCount();
        int[] target = new int[n];
        int[] idx = new int[rank];
        for (int k = 0; k < n; k++) {
            int t = 0;
            for (int d = 0; d < rank; d++) {
                t = t * os[d] + idx[d] + p[2 * d];
            }
            target[k] = t;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < is[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        int x = in.index();
        int y = out.index();
        return v -> {
            float[] a = v[x];
            float[] r = v[y];
            java.util.Arrays.fill(r, 0f);
            for (int k = 0; k < n; k++) {
                r[target[k]] = a[k];
            }
        };
    }

    public static FloatStep concatenation(FloatOperands o) {
        OpOptions.ConcatenationOptions opt = o.options(OpOptions.ConcatenationOptions.class);
        float[] act = o.activationBounds(opt.activation());
        Tensor out = o.output(0);
        int rank = out.rank();
        int axis = opt.axis() < 0 ? opt.axis() + rank : opt.axis();
        if (axis < 0 || axis >= rank) {
            throw o.fail("axis " + opt.axis() + " is outside the rank of " + out);
        }
        int count = o.op().inputCount();
        int[] xs = new int[count];
        float[][] constants = new float[count][];
        int[] sizes = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++) {
            Tensor in = o.input(i);
            if (in.rank() != rank) {
                throw o.fail("input " + in + " does not have the rank of output " + out);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && in.dim(d) != out.dim(d)) {
                    throw o.fail("input " + in + " does not match output " + out + " outside axis " + axis);
                }
            }
            if (in.isConstant()) {
                constants[i] = o.constantFloats(i);
            } else {
                o.activationInput(i);
            }
            xs[i] = in.index();
            sizes[i] = in.dim(axis);
            total += sizes[i];
        }
        if (total != out.dim(axis)) {
            throw o.fail("inputs add up to " + total + " along axis " + axis + ", output " + out);
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.dim(d);
        }
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= out.dim(d);
        }
        int fOuter = outer;
        int fInner = inner;
        int y = out.index();
        boolean clamp = opt.activation() != Activation.NONE;
        return v -> {
            float[] r = v[y];
            int at = 0;
            for (int b = 0; b < fOuter; b++) {
                for (int i = 0; i < count; i++) {
                    float[] a = constants[i] != null ? constants[i] : v[xs[i]];
                    int len = sizes[i] * fInner;
                    System.arraycopy(a, b * len, r, at, len);
                    at += len;
                }
            }
            if (clamp) {
                for (int k = 0; k < r.length; k++) {
                    r[k] = FloatOperands.clamp(r[k], act[0], act[1]);
                }
            }
        };
    }

    public static FloatStep transpose(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        int[] perm = o.constantInts(1);
        int rank = in.rank();
        boolean[] seen = new boolean[rank];
        if (perm.length != rank) {
            throw o.fail("permutation " + Arrays.toString(perm) + " does not have one entry per axis of " + in);
        }
        int[] expected = new int[rank];
        for (int d = 0; d < rank; d++) {
            int a = perm[d] < 0 ? perm[d] + rank : perm[d];
            if (a < 0 || a >= rank || seen[a]) {
                throw o.fail("permutation " + Arrays.toString(perm) + " must name each axis of " + in + " once");
            }
            seen[a] = true;
            perm[d] = a;
            expected[d] = in.dim(a);
        }
        o.expectShape(out, expected);
        return gatherStep(in, out, Slicing.transposeSources(in.shape(), perm));
    }

    public static FloatStep stridedSlice(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        Slicing.StridedSlice g;
        try {
            g = StridedSliceOp.geometry(in.shape(), o.constantInts(1), o.constantInts(2), o.constantInts(3),
                    o.op().options());
        } catch (IllegalArgumentException e) {
            throw o.fail("slice of " + in + ": " + e.getMessage());
        }
        if (Arrays.stream(g.outShape()).reduce(1, (p, d) -> p * d) != out.elementCount()) {
            throw o.fail("output " + out + " should have shape " + Arrays.toString(g.outShape()));
        }
        return gatherStep(in, out, g.sources());
    }

    public static FloatStep gather(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        int[] indices = o.constantInts(1);
        try {
            int axis = GatherOp.axis(o.op().options(), in.rank());
            o.expectShape(out, Slicing.gatherShape(in.shape(), axis, o.input(1).shape()));
            return gatherStep(in, out, Slicing.gatherSources(in.shape(), axis, indices));
        } catch (IllegalArgumentException e) {
            throw o.fail("gather from " + in + ": " + e.getMessage());
        }
    }

    /** SPLIT into equal parts along a constant axis (input 0), each output a slice of input 1. */
    public static FloatStep split(FloatOperands o) {
        int[] axisValue = o.constantInts(0);
        Tensor in = o.activationInput(1);
        int parts = o.op().outputCount();
        int rank = in.rank();
        int axis = axisValue.length == 1 && axisValue[0] < 0 ? axisValue[0] + rank : axisValue[0];
        if (axisValue.length != 1 || axis < 0 || axis >= rank || in.dim(axis) % parts != 0) {
            throw o.fail("axis " + Arrays.toString(axisValue) + " does not split " + in + " into " + parts
                    + " equal parts");
        }
        int size = in.dim(axis) / parts;
        FloatStep[] steps = new FloatStep[parts];
        for (int k = 0; k < parts; k++) {
            int[] begin = new int[rank];
            int[] end = in.shape().clone();
            int[] strides = new int[rank];
            Arrays.fill(strides, 1);
            begin[axis] = k * size;
            end[axis] = (k + 1) * size;
            Slicing.StridedSlice g = Slicing.stridedSlice(in.shape(), begin, end, strides, 0, 0, 0, 0, 0, false);
            Tensor out = o.output(k);
            o.expectShape(out, g.outShape());
            steps[k] = gatherStep(in, out, g.sources());
        }
        return v -> {
            for (FloatStep step : steps) {
                step.run(v);
            }
        };
    }

    /** PACK: inputs of one shape stacked along a new axis of the output. */
    public static FloatStep pack(FloatOperands o) {
        Tensor out = o.output(0);
        int n = o.op().inputCount();
        int a = o.op().options() instanceof PackOp.Options p ? p.axis() : 0;
        int axis = a < 0 ? a + out.rank() : a;
        if (axis < 0 || axis >= out.rank() || out.dim(axis) != n) {
            throw o.fail("axis " + a + " of output " + out + " does not hold the " + n + " inputs");
        }
        int[] xs = new int[n];
        for (int i = 0; i < n; i++) {
            Tensor in = o.activationInput(i);
            if (in.elementCount() * n != out.elementCount()) {
                throw o.fail("input " + in + " does not fit output " + out);
            }
            xs[i] = in.index();
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.dim(d);
        }
        int inner = out.elementCount() / n / outer;
        int fOuter = outer;
        int y = out.index();
        return v -> {
            float[] r = v[y];
            int at = 0;
            for (int b = 0; b < fOuter; b++) {
                for (int x : xs) {
                    System.arraycopy(v[x], b * inner, r, at, inner);
                    at += inner;
                }
            }
        };
    }

    private static FloatStep gatherStep(Tensor in, Tensor out, int[] sources) {
        int x = in.index();
        int y = out.index();
        return v -> Slicing.copy(v[x], sources, v[y]);
    }
}
