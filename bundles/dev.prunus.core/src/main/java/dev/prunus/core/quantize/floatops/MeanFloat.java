package dev.prunus.core.quantize.floatops;

import dev.prunus.core.ir.Tensor;

/** Float MEAN over constant axes (keep_dims or not: the output holds the same values either way). */
public final class MeanFloat {

    private MeanFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        Tensor in = o.activationInput(0);
        Tensor out = o.output(0);
        int[] shape = in.shape();
        boolean[] reduced = new boolean[shape.length];
        for (int a : o.constantInts(1)) {
            int axis = a < 0 ? a + shape.length : a;
            if (axis < 0 || axis >= shape.length) {
                throw o.fail("axis " + a + " is outside the rank of " + in);
            }
            reduced[axis] = true;
        }
        int outSize = 1;
        int count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                count *= shape[d];
            } else {
                outSize *= shape[d];
            }
        }
        if (outSize != out.elementCount()) {
            throw o.fail("output " + out + " does not match the reduced input " + in);
        }
        // Output index of every input element, computed once.
        int n = in.elementCount();
        int[] target = new int[n];
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            int t = 0;
            for (int d = 0; d < shape.length; d++) {
                if (!reduced[d]) {
                    t = t * shape[d] + idx[d];
                }
            }
            target[k] = t;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        int x = in.index();
        int y = out.index();
        int divisor = Math.max(1, count);
        return v -> {
            float[] a = v[x];
            float[] r = v[y];
            java.util.Arrays.fill(r, 0f);
            for (int k = 0; k < n; k++) {
                r[target[k]] += a[k];
            }
            for (int k = 0; k < r.length; k++) {
                r[k] /= divisor;
            }
        };
    }
}
