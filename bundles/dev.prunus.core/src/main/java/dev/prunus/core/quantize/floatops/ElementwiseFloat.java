package dev.prunus.core.quantize.floatops;

import java.util.Arrays;

import dev.prunus.core.interp.kernels.Broadcast;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.ArithmeticOp;

/**
 * Float ADD, SUB, MUL (with a fused activation), SQUARED_DIFFERENCE, MAXIMUM, MINIMUM and POW, with NumPy
 * broadcasting, as TFLite's float kernels ({@code (a - b) * (a - b)}, {@code std::max}, {@code std::pow} in float).
 */
public final class ElementwiseFloat {

    private ElementwiseFloat() {
    }

    /** One element of the operation, before the activation clamp. */
    private interface Binary {
        float apply(float a, float b);
    }

    public static FloatStep prepare(FloatOperands o) {
        OpType type = o.op().type();
        Activation a = switch (type) {
            case ADD -> o.options(OpOptions.AddOptions.class).activation();
            case MUL -> o.options(OpOptions.MulOptions.class).activation();
            case SUB -> o.op().options() instanceof ArithmeticOp.SubOptions s ? s.activation() : Activation.NONE;
            default -> Activation.NONE;
        };
        Binary f = switch (type) {
            case ADD -> (p, q) -> p + q;
            case SUB -> (p, q) -> p - q;
            case MUL -> (p, q) -> p * q;
            case SQUARED_DIFFERENCE -> (p, q) -> (p - q) * (p - q);
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case POW -> (p, q) -> (float) Math.pow(p, q);
            default -> throw o.fail("not an elementwise binary operator");
        };
        float[] act = o.activationBounds(a);
        Tensor t1 = o.input(0);
        Tensor t2 = o.input(1);
        Tensor out = o.output(0);
        int[] shape = Broadcast.outputShape(t1.shape(), t2.shape());
        if (shape == null || Arrays.stream(shape).reduce(1, (p, d) -> p * d) != out.elementCount()) {
            throw o.fail("shapes " + Arrays.toString(t1.shape()) + " and " + Arrays.toString(t2.shape())
                    + " do not broadcast to output " + out);
        }
        float[] c1 = t1.isConstant() ? o.constantFloats(0) : null;
        float[] c2 = t2.isConstant() ? o.constantFloats(1) : null;
        if (c1 == null) {
            o.activationInput(0);
        }
        if (c2 == null) {
            o.activationInput(1);
        }
        Broadcast bc = Broadcast.sameShape(t1.shape(), t2.shape()) ? null : Broadcast.of(t1.shape(), t2.shape(), shape);
        int i1 = t1.index();
        int i2 = t2.index();
        int y = out.index();
        int n = out.elementCount();
        float lo = act[0];
        float hi = act[1];
        return v -> {
            float[] x1 = c1 != null ? c1 : v[i1];
            float[] x2 = c2 != null ? c2 : v[i2];
            float[] r = v[y];
            for (int k = 0; k < n; k++) {
                float p = x1[bc == null ? k : bc.index1(k)];
                float q = x2[bc == null ? k : bc.index2(k)];
                r[k] = FloatOperands.clamp(f.apply(p, q), lo, hi);
            }
        };
    }
}
