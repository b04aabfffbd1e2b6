package dev.prunus.core.data;

/**
 * Bilinear resampling of 8-bit planes as Pillow's {@code Image.resize(size, BILINEAR)} does it: a triangle filter
 * whose support widens with the shrink factor (so shrinking averages every source pixel instead of aliasing),
 * pixel centres at half-integers, a horizontal pass then a vertical pass, each with 22-bit fixed-point weights and
 * rounding to 8 bits. Same-size axes are copied untouched.
 */
final class BilinearResize {

    private static final int PRECISION_BITS = 32 - 8 - 2;

    private BilinearResize() {
    }

    /** Resizes a {@code w x h} plane of values 0..255 (row-major) to {@code outW x outH}. */
    static int[] resize(int[] plane, int w, int h, int outW, int outH) {
        int[] cur = plane;
        if (outW != w) {
            cur = horizontal(cur, w, h, outW);
        }
        if (outH != h) {
            cur = vertical(cur, outW, h, outH);
        }
        return cur == plane ? plane.clone() : cur;
    }

    /** Per output index: first source index, count, then the fixed-point weights. */
    private record Coefficients(int[] first, int[] count, int[][] weights) {
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(1.0, scale);
        double support = filterScale; // the triangle filter's support is 1
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        int[][] weights = new int[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max(0, (int) (center - support + 0.5));
            int max = Math.min(inSize, (int) (center + support + 0.5)) - min;
            double[] k = new double[max];
            double sum = 0;
            for (int x = 0; x < max; x++) {
                double d = Math.abs((x + min - center + 0.5) / filterScale);
                k[x] = d < 1.0 ? 1.0 - d : 0.0;
                sum += k[x];
            }
            int[] fixed = new int[max];
            for (int x = 0; x < max; x++) {
                double v = sum != 0 ? k[x] / sum : k[x];
                fixed[x] = (int) (v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS));
            }
            first[o] = min;
            count[o] = max;
            weights[o] = fixed;
        }
        return new Coefficients(first, count, weights);
    }

    private static int[] horizontal(int[] in, int w, int h, int outW) {
        Coefficients c = coefficients(w, outW);
        int[] out = new int[outW * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < outW; x++) {
                int acc = 1 << (PRECISION_BITS - 1);
                int[] k = c.weights[x];
                for (int i = 0; i < c.count[x]; i++) {
                    acc += in[y * w + c.first[x] + i] * k[i];
                }
                out[y * outW + x] = clip8(acc);
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int w, int h, int outH) {
        Coefficients c = coefficients(h, outH);
        int[] out = new int[w * outH];
        for (int y = 0; y < outH; y++) {
            int[] k = c.weights[y];
            for (int x = 0; x < w; x++) {
                int acc = 1 << (PRECISION_BITS - 1);
                for (int i = 0; i < c.count[y]; i++) {
                    acc += in[(c.first[y] + i) * w + x] * k[i];
                }
                out[y * w + x] = clip8(acc);
            }
        }
        return out;
    }

    private static int clip8(int acc) {
        if (acc >= 255 << PRECISION_BITS) {
            return 255;
        }
        return acc <= 0 ? 0 : acc >> PRECISION_BITS;
    }
}
