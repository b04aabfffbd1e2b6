package dev.prunus.core.quantize.floatops;

import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Tensor;

/**
 * Float FULLY_CONNECTED: weights [units, depth], every row of the input (any rank) a batch, as TFLite. Weights
 * may be an activation (a transformer's attention products are FULLY_CONNECTED of two activations).
 */
public final class FullyConnectedFloat {

    private FullyConnectedFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        OpOptions.FullyConnectedOptions opt = o.options(OpOptions.FullyConnectedOptions.class);
        Tensor in = o.activationInput(0);
        Tensor w = o.input(1);
        Tensor out = o.output(0);
        o.expectRank(w, 2);
        if (opt.weightsFormat() != 0) {
            throw o.fail("shuffled weights (format " + opt.weightsFormat() + ") are not supported");
        }
        int units = w.dim(0);
        int depth = w.dim(1);
        if (in.elementCount() % depth != 0 || out.elementCount() != in.elementCount() / depth * units) {
            throw o.fail("input " + in + " does not fit weights " + w + " and output " + out);
        }
        int batches = in.elementCount() / depth;
        float[] constantWeights = w.isConstant() ? o.constantFloats(1) : null;
        if (constantWeights == null) {
            o.activationInput(1);
        }
        float[] bias = o.hasInput(2) ? o.constantFloats(2) : new float[units];
        int wi = w.index();
        float[] act = o.activationBounds(opt.activation());
        int x = in.index();
        int y = out.index();
        return v -> {
            float[] a = v[x];
            float[] r = v[y];
            float[] weights = constantWeights != null ? constantWeights : v[wi];
            for (int b = 0; b < batches; b++) {
                for (int u = 0; u < units; u++) {
                    float sum = 0f;
                    int wa = u * depth;
                    int ia = b * depth;
                    for (int d = 0; d < depth; d++) {
                        sum += a[ia + d] * weights[wa + d];
                    }
                    r[b * units + u] = FloatOperands.clamp(sum + bias[u], act[0], act[1]);
                }
            }
        };
    }
}
