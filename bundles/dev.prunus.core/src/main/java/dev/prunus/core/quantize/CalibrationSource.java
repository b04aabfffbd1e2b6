package dev.prunus.core.quantize;

import java.util.List;

/**
 * Calibration samples for post-training quantization, in the float model's input domain (for pretrainedResnet:
 * pixels as 0-255 floats). Kept small so that any data reader (raw records, image folders, npy) can feed it.
 */
public interface CalibrationSource {

    /** Number of samples. */
    int size();

    /** Sample {@code index}: one array per graph input, row-major in the input tensor's shape. */
    float[][] sample(int index);

    /** Samples held in memory, one array per graph input each. */
    static CalibrationSource of(List<float[][]> samples) {
        List<float[][]> copy = List.copyOf(samples);
        return new CalibrationSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public float[][] sample(int index) {
                return copy.get(index);
            }
        };
    }

    /** Samples of a single-input model held in memory. */
    static CalibrationSource ofSingleInput(List<float[]> samples) {
        return of(samples.stream().map(s -> new float[][] {s}).toList());
    }
}
