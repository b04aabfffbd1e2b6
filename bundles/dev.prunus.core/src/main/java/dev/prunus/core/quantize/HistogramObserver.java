package dev.prunus.core.quantize;

/**
 * A second calibration pass for {@link CalibrationMethod#PERCENTILE} and {@link CalibrationMethod#MSE}: per tensor,
 * a histogram of 2048 bins over the overall [min, max] of the first pass, from which the range holding all but a
 * small fraction of the values, or the range with the least expected int8 error, is read.
 */
final class HistogramObserver implements TensorObserver {

    static final int BINS = 2048;

    private final MinMaxObserver bounds;
    private final long[][] counts;

    HistogramObserver(MinMaxObserver bounds, int tensorCount) {
        this.bounds = bounds;
        this.counts = new long[tensorCount][];
    }

    @Override
    public void observe(int tensorIndex, float[] values) {
        if (!bounds.seen(tensorIndex)) {
            return;
        }
        float lo = bounds.min(tensorIndex);
        float hi = bounds.max(tensorIndex);
        long[] h = counts[tensorIndex];
        if (h == null) {
            h = counts[tensorIndex] = new long[BINS];
        }
        double width = hi > lo ? (hi - (double) lo) / BINS : 1;
        for (float v : values) {
            if (v == v) {
                int b = (int) ((v - (double) lo) / width);
                h[Math.max(0, Math.min(BINS - 1, b))]++;
            }
        }
    }

    /**
     * The range that leaves out at most {@code tail} of the values on each side: the lower edge of the first bin
     * and the upper edge of the last bin kept.
     */
    float[] range(int tensorIndex, double tail) {
        long[] h = counts[tensorIndex];
        float lo = bounds.min(tensorIndex);
        float hi = bounds.max(tensorIndex);
        if (h == null || !(hi > lo)) {
            return new float[] {lo, hi};
        }
        long total = 0;
        for (long c : h) {
            total += c;
        }
        long drop = (long) Math.floor(tail * total);
        int first = 0;
        for (long below = 0; first < BINS - 1 && below + h[first] <= drop; first++) {
            below += h[first];
        }
        int last = BINS - 1;
        for (long above = 0; last > first && above + h[last] <= drop; last--) {
            above += h[last];
        }
        double width = (hi - (double) lo) / BINS;
        return new float[] {(float) (lo + first * width), (float) (lo + (last + 1) * width)};
    }

    /** Candidate shrink factors of the overall range tried by {@link #mseRange}. */
    static final int STEPS = 200;

    /**
     * The range [a * min, a * max] (a in (0, 1], 0 always inside) whose int8 quantization has the least expected
     * squared error over the histogram: values inside cost step^2 / 12 (rounding), values outside their distance to
     * the edge squared (clipping). Bin centres stand for their values.
     */
    float[] mseRange(int tensorIndex) {
        long[] h = counts[tensorIndex];
        float lo = Math.min(0f, bounds.min(tensorIndex));
        float hi = Math.max(0f, bounds.max(tensorIndex));
        float min = bounds.min(tensorIndex);
        float max = bounds.max(tensorIndex);
        if (h == null || !(max > min)) {
            return new float[] {min, max};
        }
        double width = (max - (double) min) / BINS;
        double best = Double.POSITIVE_INFINITY;
        float[] bestRange = {min, max};
        for (int s = STEPS; s >= 1; s--) {
            double a = (double) s / STEPS;
            double l = a * lo;
            double u = a * hi;
            double step = (u - l) / 255;
            double error = 0;
            for (int b = 0; b < BINS; b++) {
                if (h[b] == 0) {
                    continue;
                }
                double x = min + (b + 0.5) * width;
                double d = x < l ? l - x : x > u ? x - u : 0;
                error += h[b] * (d > 0 ? d * d : step * step / 12);
            }
            if (error < best) {
                best = error;
                bestRange = new float[] {(float) l, (float) u};
            }
        }
        return bestRange;
    }
}
