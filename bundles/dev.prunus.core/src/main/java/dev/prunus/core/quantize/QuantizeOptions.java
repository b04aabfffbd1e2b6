package dev.prunus.core.quantize;

/**
 * Options of {@link PostTrainingQuantizer}.
 *
 * @param floatIo                  keep FLOAT32 graph inputs and outputs, with QUANTIZE after each input and
 *                                 DEQUANTIZE before each output (default false: int8 at the edges, the converter's
 *                                 full-integer mode)
 * @param perChannelFullyConnected FULLY_CONNECTED weights with one scale per output row (default true); false gives
 *                                 one scale per tensor, as older converters and desktop TFLite before 2.13 expect
 * @param inputScale               a fixed quantization for every graph input instead of the calibrated one (NaN = calibrate);
 *                                 pretrainedResnet takes scale 1, zero point -128 so that its int8 records are pixel - 128
 * @param inputZeroPoint           the zero point that goes with {@code inputScale}
 * @param maxSamples               use at most this many calibration samples, the first ones (0 = all)
 * @param method                   how activation ranges come from the samples (default min/max, as TFLite)
 */
public record QuantizeOptions(boolean floatIo, boolean perChannelFullyConnected, float inputScale, int inputZeroPoint,
        int maxSamples, CalibrationMethod method) {

    public QuantizeOptions {
        if (!Float.isNaN(inputScale) && !(inputScale > 0 && Float.isFinite(inputScale))) {
            throw new QuantizeException("the input scale must be a positive number, was " + inputScale);
        }
        if (inputZeroPoint < -128 || inputZeroPoint > 127) {
            throw new QuantizeException("the input zero point must be in [-128, 127], was " + inputZeroPoint);
        }
        if (method == null) {
            throw new QuantizeException("a calibration method is needed; use one of "
                    + java.util.Arrays.toString(CalibrationMethod.values()));
        }
        if (maxSamples < 0) {
            throw new QuantizeException("the sample limit must not be negative, was " + maxSamples);
        }
    }

    /** Int8 at the edges, per-channel weights everywhere, calibrated input, all samples. */
    public static QuantizeOptions defaults() {
        return new QuantizeOptions(false, true, Float.NaN, 0, 0, CalibrationMethod.MIN_MAX);
    }

    public QuantizeOptions withFloatIo(boolean value) {
        return new QuantizeOptions(value, perChannelFullyConnected, inputScale, inputZeroPoint, maxSamples, method);
    }

    public QuantizeOptions withPerChannelFullyConnected(boolean value) {
        return new QuantizeOptions(floatIo, value, inputScale, inputZeroPoint, maxSamples, method);
    }

    public QuantizeOptions withInputQuantization(float scale, int zeroPoint) {
        return new QuantizeOptions(floatIo, perChannelFullyConnected, scale, zeroPoint, maxSamples, method);
    }

    public QuantizeOptions withMaxSamples(int value) {
        return new QuantizeOptions(floatIo, perChannelFullyConnected, inputScale, inputZeroPoint, value, method);
    }

    public QuantizeOptions withMethod(CalibrationMethod value) {
        return new QuantizeOptions(floatIo, perChannelFullyConnected, inputScale, inputZeroPoint, maxSamples, value);
    }

    /** Whether the input quantization is fixed rather than calibrated. */
    public boolean fixedInput() {
        return !Float.isNaN(inputScale);
    }
}
