package dev.prunus.core.quantize;

import java.util.Arrays;

/**
 * The calibration statistic: per tensor, the smallest and largest value seen over all samples (TFLite's default
 * calibrator, a running min/max over the representative dataset). NaN values are ignored.
 */
public final class MinMaxObserver implements TensorObserver {

    private final float[] min;
    private final float[] max;
    private final boolean[] seen;

    public MinMaxObserver(int tensorCount) {
        min = new float[tensorCount];
        max = new float[tensorCount];
        seen = new boolean[tensorCount];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    @Override
    public void observe(int tensorIndex, float[] values) {
        float lo = min[tensorIndex];
        float hi = max[tensorIndex];
        for (float v : values) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        min[tensorIndex] = lo;
        max[tensorIndex] = hi;
        seen[tensorIndex] = true;
    }

    public boolean seen(int tensorIndex) {
        return seen[tensorIndex] && min[tensorIndex] <= max[tensorIndex];
    }

    public float min(int tensorIndex) {
        return min[tensorIndex];
    }

    public float max(int tensorIndex) {
        return max[tensorIndex];
    }
}
