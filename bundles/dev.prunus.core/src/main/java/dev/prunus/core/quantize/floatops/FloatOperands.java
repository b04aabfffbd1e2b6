package dev.prunus.core.quantize.floatops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.QuantizeException;

/** The operands of one operator of a float graph, with checks whose failures name the operator and tensor. */
public final class FloatOperands {

    private final Graph graph;
    private final Operator op;

    public FloatOperands(Graph graph, Operator op) {
        this.graph = graph;
        this.op = op;
    }

    public Graph graph() {
        return graph;
    }

    public Operator op() {
        return op;
    }

    public QuantizeException fail(String message) {
        return new QuantizeException("operator " + op.index() + " (" + op.displayName() + "): " + message);
    }

    public <T extends OpOptions> T options(Class<T> type) {
        if (!type.isInstance(op.options())) {
            throw fail("options are " + op.options().getClass().getSimpleName() + ", expected " + type.getSimpleName());
        }
        return type.cast(op.options());
    }

    /** A float activation input (not constant); its index in the value arrays. */
    public Tensor activationInput(int i) {
        Tensor t = input(i);
        if (t.type() != TensorType.FLOAT32) {
            throw fail("input " + i + " " + t + " has type " + t.type() + "; a float model has FLOAT32 activations");
        }
        return t;
    }

    public Tensor input(int i) {
        int t = op.inputIndex(i);
        if (t < 0) {
            throw fail("input " + i + " is missing");
        }
        return graph.tensor(t);
    }

    public boolean hasInput(int i) {
        return op.inputIndex(i) >= 0;
    }

    public Tensor output(int i) {
        if (i >= op.outputCount()) {
            throw fail("output " + i + " is missing");
        }
        Tensor t = graph.tensor(op.outputIndex(i));
        if (t.type() != TensorType.FLOAT32) {
            throw fail("output " + i + " " + t + " has type " + t.type() + "; a float model has FLOAT32 activations");
        }
        return t;
    }

    /**
     * The real values of a constant input: FLOAT32 as stored; INT8 / INT16 / INT32 weights with a quantization scale
     * (the int8 weights of a "hybrid" float export) dequantized as {@code scale[c] * (q - zp[c])}.
     */
    public float[] constantFloats(int i) {
        Tensor t = input(i);
        if (!t.isConstant()) {
            throw fail("input " + i + " " + t + " must be a constant tensor");
        }
        return realValues(t);
    }

    /** The real values of a constant tensor (see {@link #constantFloats(int)}). */
    public static float[] realValues(Tensor t) {
        ByteBuffer b = t.dataView();
        int n = t.elementCount();
        float[] out = new float[n];
        Quantization q = t.quantization();
        switch (t.type()) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case INT8, INT16, INT32 -> {
                if (!q.isQuantized()) {
                    throw new QuantizeException(t + " holds " + t.type() + " weights without a quantization scale;"
                            + " a float model needs FLOAT32 weights or quantized integer weights");
                }
                int[] shape = t.shape();
                int axis = q.quantizedDimension();
                int inner = 1;
                for (int d = axis + 1; d < shape.length; d++) {
                    inner *= shape[d];
                }
                for (int k = 0; k < n; k++) {
                    int c = q.perChannel() ? (k / inner) % shape[axis] : 0;
                    long v = switch (t.type()) {
                        case INT8 -> b.get(k);
                        case INT16 -> b.getShort(2 * k);
                        default -> b.getInt(4 * k);
                    };
                    out[k] = (float) (q.scale(c) * (double) (v - q.zeroPoint(c)));
                }
            }
            default -> throw new QuantizeException(t + " has type " + t.type()
                    + "; float weights must be FLOAT32 (or quantized INT8/INT16/INT32)");
        }
        return out;
    }

    /** The values of a constant INT32 input (shapes, axes, paddings). */
    public int[] constantInts(int i) {
        Tensor t = input(i);
        if (!t.isConstant() || t.type() != TensorType.INT32) {
            throw fail("input " + i + " " + t + " must be a constant INT32 tensor");
        }
        int[] v = new int[t.elementCount()];
        t.dataView().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        return v;
    }

    public void expectShape(Tensor t, int... dims) {
        if (!Arrays.equals(t.shape(), dims)) {
            throw fail(t + " has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(dims));
        }
    }

    public void expectRank(Tensor t, int rank) {
        if (t.rank() != rank) {
            throw fail(t + " has rank " + t.rank() + ", expected " + rank);
        }
    }

    /** The clamp bounds of a fused activation: {lo, hi}. */
    public float[] activationBounds(Activation a) {
        return switch (a) {
            case NONE -> new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
            case RELU -> new float[] {0f, Float.POSITIVE_INFINITY};
            case RELU6 -> new float[] {0f, 6f};
            case RELU_N1_TO_1 -> new float[] {-1f, 1f};
            default -> throw fail("fused activation " + a + " is not supported; supported: NONE, RELU, RELU6, "
                    + "RELU_N1_TO_1");
        };
    }

    /** Clamps like TFLite's ActivationFunctionWithMinMax: min(max(x, lo), hi). */
    public static float clamp(float x, float lo, float hi) {
        return Math.min(Math.max(x, lo), hi);
    }
}
