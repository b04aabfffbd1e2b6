package dev.prunus.core.ops;

import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.Requant;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;

/**
 * Checks of one operator's tensors and options for {@link OperatorDefinition#prepare}; every failure is an
 * {@link UnsupportedModelException} that names the operator (index and name) and the tensor.
 */
public final class OperandCheck {
    private final Graph g;
    private final Operator op;

    public OperandCheck(Graph g, Operator op) {
        this.g = g;
        this.op = op;
    }

    public UnsupportedModelException fail(int tensor, String message) {
        String prefix = "operator " + op.index() + " (" + op.displayName() + ")";
        String msg = message.startsWith("operator " + op.index()) ? message : prefix + ": " + message;
        return new UnsupportedModelException(op.index(), op.displayName(), tensor, msg);
    }

    public <T extends OpOptions> T options(Class<T> type) {
        if (!type.isInstance(op.options())) {
            throw fail(-1, "options are " + op.options().getClass().getSimpleName() + ", expected "
                    + type.getSimpleName());
        }
        return type.cast(op.options());
    }

    public Tensor input(int i, TensorType type, int rank) {
        int t = op.inputIndex(i);
        if (t < 0) {
            throw fail(-1, "input " + i + " is missing");
        }
        return check(g.tensor(t), "input " + i, type, rank);
    }

    public Tensor constInput(int i, TensorType type, int rank) {
        Tensor t = input(i, type, rank);
        if (!t.hasData() || t.isVariable()) {
            throw fail(t.index(), "input " + i + " " + t + " must be a constant tensor");
        }
        return t;
    }

    public Tensor optionalConstInput(int i, TensorType type) {
        if (op.inputIndex(i) < 0) {
            return null;
        }
        return constInput(i, type, -1);
    }

    public Tensor output(int i, TensorType type, int rank) {
        if (i >= op.outputCount()) {
            throw fail(-1, "output " + i + " is missing");
        }
        return check(g.tensor(op.outputIndex(i)), "output " + i, type, rank);
    }

    private Tensor check(Tensor t, String what, TensorType type, int rank) {
        if (type != null && t.type() != type) {
            throw fail(t.index(), what + " " + t + " has type " + t.type() + "; supported: " + type);
        }
        if (type == null && !(t.type() == TensorType.INT8 || t.type() == TensorType.INT16
                || t.type() == TensorType.INT32 || t.type() == TensorType.FLOAT32)) {
            throw fail(t.index(), what + " " + t + " has type " + t.type()
                    + "; supported: INT8, INT16, INT32, FLOAT32");
        }
        if (rank >= 0 && t.shape().length != rank) {
            throw fail(t.index(), what + " " + t + " has rank " + t.shape().length + ", expected " + rank);
        }
        if ((type == TensorType.INT8 || type == TensorType.INT16) && !t.quantization().isQuantized()) {
            throw fail(t.index(), what + " " + t + " has no quantization scale");
        }
        return t;
    }

    /** The operands of a convolution: int8 NHWC input, constant int8 4-D filter, optional int32 bias, int8 output. */
    public record ConvOperands(Tensor in, Tensor filter, Tensor bias, Tensor out) {
    }

    /** Checks and returns a convolution's operands (CONV_2D, DEPTHWISE_CONV_2D). */
    public ConvOperands convOperands() {
        Tensor in = input(0, TensorType.INT8, 4);
        Tensor filter = constInput(1, TensorType.INT8, 4);
        Tensor bias = optionalConstInput(2, TensorType.INT32);
        Tensor out = output(0, TensorType.INT8, 4);
        return new ConvOperands(in, filter, bias, out);
    }

    /** Checks that a windowed operator's output is the NHWC shape its geometry gives. */
    public void expectShape(Tensor out, ConvGeometry g) {
        expectShape(out, g.batches(), g.outH(), g.outW(), g.outC());
    }

    /**
     * The per-channel requantization of a convolution's accumulators into {@code out}: input scale times the
     * filter's {@code channels} scales on {@code axis}, over the output scale, clamped to the fused activation.
     */
    public Requant convRequant(ConvOperands t, int channels, int axis, Activation a) {
        return Requant.of(QuantMath.perChannelMultipliers(scale(t.in()), filterScales(t.filter(), channels, axis),
                scale(t.out()), channels), zp(t.out()), activation(a, t.out()));
    }

    public void expectShape(Tensor t, int... dims) {
        if (!Arrays.equals(t.shape(), dims)) {
            throw fail(t.index(), t + " has shape " + Arrays.toString(t.shape()) + ", expected "
                    + Arrays.toString(dims));
        }
    }

    public float scale(Tensor t) {
        if (!t.quantization().isQuantized()) {
            throw fail(t.index(), t + " has no quantization scale");
        }
        return t.quantization().scale(0);
    }

    public int zp(Tensor t) {
        return (int) t.quantization().zeroPoint(0);
    }

    public float[] filterScales(Tensor filter, int channels, int axis) {
        Quantization q = filter.quantization();
        if (!q.isQuantized()) {
            throw fail(filter.index(), filter + " has no quantization scale");
        }
        if (q.perChannel()) {
            if (q.channelCount() != channels || q.quantizedDimension() != axis) {
                throw fail(filter.index(), filter + " has " + q.channelCount() + " scales on axis "
                        + q.quantizedDimension() + ", expected " + channels + " on axis " + axis);
            }
            for (int ch = 0; ch < channels; ch++) {
                if (q.zeroPoint(ch) != 0) {
                    throw fail(filter.index(), filter + " has a non-zero zero point on channel " + ch
                            + "; per-channel weights must be symmetric");
                }
            }
        }
        return q.scales();
    }

    public QuantMath.ActivationRange activation(Activation a, Tensor out) {
        if (a == Activation.TANH || a == Activation.SIGN_BIT) {
            throw fail(out.index(), "fused activation " + a + " is not supported; supported: NONE, RELU, "
                    + "RELU6, RELU_N1_TO_1");
        }
        return QuantMath.activationRangeInt8(a, scale(out), zp(out));
    }

    public int[] ints(Tensor t) {
        int[] v = new int[t.elementCount()];
        t.dataView().asIntBuffer().get(v);
        return v;
    }
}
