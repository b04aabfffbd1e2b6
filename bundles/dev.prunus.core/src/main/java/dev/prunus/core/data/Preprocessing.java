package dev.prunus.core.data;

import java.util.List;

/**
 * How a sample's values become the model's real-valued input, when the defaults inferred from the input
 * quantization do not fit (see {@link Dataset}). Any of {@code scale}, {@code offset}, {@code mean}, {@code std}
 * set replaces the inferred mapping by {@code x = (v * scale + offset - mean[c]) / std[c]}, the unset ones taking
 * 1, 0, 0 and 1. Null fields are unset; the settings file's {@code "preprocessing"} object holds the same keys.
 *
 * @param scale     factor on the raw value (e.g. 1/255 for pixels to [0, 1])
 * @param offset    added after the scale
 * @param mean      per-channel (or one) mean subtracted after scale and offset
 * @param std       per-channel (or one) divisor applied last
 * @param channels  image channel order the model expects: rgb, bgr or grayscale (default: rgb for 3 channels,
 *                  grayscale for 1)
 * @param rawType   what a raw record file holds: int8 (the input tensor's bytes), uint8 (pixels) or float32
 *                  (little-endian real values); default by the file's ending: .u8 uint8, .f32 float32, else int8
 *                  (float32 for a FLOAT32 model input)
 * @param npzInputs key of the samples in a {@code .npz} file (default {@code x})
 * @param npzLabels key of the labels in a {@code .npz} file (default {@code y})
 */
public record Preprocessing(Double scale, Double offset, List<Double> mean, List<Double> std, String channels,
        String rawType, String npzInputs, String npzLabels) {

    /** Everything inferred from the model and the data. */
    public static final Preprocessing DEFAULT = new Preprocessing(null, null, null, null, null, null, null, null);

    /** Channel orders an image reader can produce. */
    public static final List<String> CHANNELS = List.of("rgb", "bgr", "grayscale");

    /** Contents a raw record file can hold. */
    public static final List<String> RAW_TYPES = List.of("int8", "uint8", "float32");

    public Preprocessing {
        mean = mean == null ? null : List.copyOf(mean);
        std = std == null ? null : List.copyOf(std);
    }

    /** Whether the value mapping is given explicitly instead of inferred. */
    public boolean overridesMapping() {
        return scale != null || offset != null || mean != null || std != null;
    }

    public String npzInputsOrDefault() {
        return npzInputs != null ? npzInputs : "x";
    }

    public String npzLabelsOrDefault() {
        return npzLabels != null ? npzLabels : "y";
    }

    public Preprocessing withRawType(String newRawType) {
        return new Preprocessing(scale, offset, mean, std, channels, newRawType, npzInputs, npzLabels);
    }

    public Preprocessing withMapping(Double newScale, Double newOffset, List<Double> newMean, List<Double> newStd) {
        return new Preprocessing(newScale, newOffset, newMean, newStd, channels, rawType, npzInputs, npzLabels);
    }

    public Preprocessing withChannels(String newChannels) {
        return new Preprocessing(scale, offset, mean, std, newChannels, rawType, npzInputs, npzLabels);
    }

    public Preprocessing withNpzKeys(String newInputs, String newLabels) {
        return new Preprocessing(scale, offset, mean, std, channels, rawType, newInputs, newLabels);
    }
}
