package dev.prunus.core.quantize.floatops;

import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Tensor;

/** Float SOFTMAX over the last dimension: exp(beta * (x - max)) / sum, as TFLite's reference kernel. */
public final class SoftmaxFloat {

    private SoftmaxFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        float beta = o.options(OpOptions.SoftmaxOptions.class).beta();
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        if (in.elementCount() != out.elementCount() || in.rank() == 0) {
            throw o.fail("output " + out + " does not match input " + in);
        }
        int depth = in.dim(-1);
        int rows = in.elementCount() / Math.max(1, depth);
        int x = in.index();
        int y = out.index();
        return v -> {
            float[] a = v[x];
            float[] r = v[y];
            for (int row = 0; row < rows; row++) {
                int base = row * depth;
                float max = Float.NEGATIVE_INFINITY;
                for (int d = 0; d < depth; d++) {
                    max = Math.max(max, a[base + d]);
                }
                float sum = 0f;
                for (int d = 0; d < depth; d++) {
                    float e = (float) Math.exp((a[base + d] - max) * beta);
                    r[base + d] = e;
                    sum += e;
                }
                for (int d = 0; d < depth; d++) {
                    r[base + d] /= sum;
                }
            }
        };
    }
}
