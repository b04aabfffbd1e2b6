package dev.prunus.core.quantize;

import java.util.Arrays;

/**
 * The calibration statistics per tensor: the smallest and largest value seen over all samples (TFLite's default
 * calibrator, a running min/max over the representative dataset) and the mean of each sample's min and max (for
 * {@link CalibrationMethod#AVERAGED_MIN_MAX}). Call {@link #observe} once per tensor and sample.
 */
public final class MinMaxObserver implements TensorObserver {

    private final float[] min;
    private final float[] max;
    private final double[] sumMin;
    private final double[] sumMax;
    private final int[] count;

    public MinMaxObserver(int tensorCount) {
        min = new float[tensorCount];
        max = new float[tensorCount];
        sumMin = new double[tensorCount];
        sumMax = new double[tensorCount];
        count = new int[tensorCount];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    @Override
    public void observe(int tensorIndex, float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        if (lo > hi) {
            return; // empty or all NaN
        }
        min[tensorIndex] = Math.min(min[tensorIndex], lo);
        max[tensorIndex] = Math.max(max[tensorIndex], hi);
        sumMin[tensorIndex] += lo;
        sumMax[tensorIndex] += hi;
        count[tensorIndex]++;
    }

    public boolean seen(int tensorIndex) {
        return count[tensorIndex] > 0;
    }

    /** The smallest value seen over all samples. */
    public float min(int tensorIndex) {
        return min[tensorIndex];
    }

    /** The largest value seen over all samples. */
    public float max(int tensorIndex) {
        return max[tensorIndex];
    }

    /** The mean of the per-sample minimums. */
    public float meanMin(int tensorIndex) {
        return (float) (sumMin[tensorIndex] / count[tensorIndex]);
    }

    /** The mean of the per-sample maximums. */
    public float meanMax(int tensorIndex) {
        return (float) (sumMax[tensorIndex] / count[tensorIndex]);
    }
}
