package dev.prunus.core.quantize.floatops;

import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Tensor;

/**
 * Float elementwise unary operators: RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH, and SQRT, RSQRT
 * ({@code 1.f / std::sqrt(x)}), LOG and HARD_SWISH ({@code x * relu6(x + 3) / 6}) as TFLite's float kernels compute
 * them.
 */
public final class ActivationFloat {

    private ActivationFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        if (in.elementCount() != out.elementCount()) {
            throw o.fail("output " + out + " does not match input " + in);
        }
        OpType type = o.op().type();
        int x = in.index();
        int y = out.index();
        int n = in.elementCount();
        return v -> {
            float[] a = v[x];
            float[] r = v[y];
            for (int k = 0; k < n; k++) {
                r[k] = switch (type) {
                    case RELU -> Math.max(a[k], 0f);
                    case RELU6 -> FloatOperands.clamp(a[k], 0f, 6f);
                    case RELU_N1_TO_1 -> FloatOperands.clamp(a[k], -1f, 1f);
                    case LOGISTIC -> (float) (1.0 / (1.0 + Math.exp(-a[k])));
                    case SQRT -> (float) Math.sqrt(a[k]);
                    case RSQRT -> 1f / (float) Math.sqrt(a[k]);
                    case LOG -> (float) Math.log(a[k]);
                    case HARD_SWISH -> a[k] * Math.min(6f, Math.max(0f, a[k] + 3f)) / 6f;
                    default -> (float) Math.tanh(a[k]);
                };
            }
        };
    }
}
