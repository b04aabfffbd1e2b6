package dev.prunus.core.quantize;

/** How activation ranges are derived from the calibration samples. Graph inputs always take the overall min/max. */
public enum CalibrationMethod {
    /**
     * The smallest and largest value seen over all samples: TFLite's calibrator (the default). With many samples
     * a few outliers widen the ranges, so more data can lower accuracy.
     */
    MIN_MAX,
    /**
     * The mean over samples of each sample's min and max (the averaged statistic of fake-quantization training):
     * values beyond it saturate, the rest get finer steps. Less sensitive to outliers and to the number of samples.
     */
    AVERAGED_MIN_MAX,
    /**
     * The range that holds all but 0.01 % of the values on each side, read from a 2048-bin histogram in a second
     * pass over the samples (twice the calibration time). Clips rare outliers only.
     */
    PERCENTILE,
    /**
     * The range [a * min, a * max] with the least expected squared int8 error (rounding inside, clipping outside)
     * over a 2048-bin histogram from a second pass (twice the calibration time).
     */
    MSE
}
