package dev.prunus.core.testing;

import static dev.prunus.core.ir.OpType.ADD;
import static dev.prunus.core.ir.OpType.AVERAGE_POOL_2D;
import static dev.prunus.core.ir.OpType.CONV_2D;
import static dev.prunus.core.ir.OpType.DEPTHWISE_CONV_2D;
import static dev.prunus.core.ir.OpType.FULLY_CONNECTED;
import static dev.prunus.core.ir.OpType.RESHAPE;
import static dev.prunus.core.ir.OpType.SOFTMAX;
import static dev.prunus.core.ir.OpType.UNIDIRECTIONAL_SEQUENCE_LSTM;

import dev.prunus.core.ir.OpType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What ../shared/models/README.md states about each shared model, as data for tests: input and output tensors,
 * operator counts, the "params" column, how weights are quantized, and the whole-arena size TFLite Micro needs
 * (from the team's brief), which Prunus' planned arena must beat.
 *
 * <p>One correction to the README: its "wq" column says "pc" for vww_96_int8 and pretrainedResnet_quant, but the
 * FULLY_CONNECTED weights of both files carry a single scale (per tensor); only their convolutions are per channel.
 */
public final class SharedModels {

    /**
     * @param file         path under {@code ../shared}
     * @param input        input shape, scale and zero point
     * @param output       output shape, scale and zero point
     * @param ops          operator counts
     * @param params       elements of all constant tensors
     * @param convPerChannel whether CONV_2D/DEPTHWISE_CONV_2D weights are per channel ("pc")
     * @param fcPerChannel   whether FULLY_CONNECTED weights are per channel
     * @param tflmArenaBytes TFLite Micro's whole arena for this model
     */
    public record Facts(String file, Io input, Io output, Map<OpType, Integer> ops, long params, boolean convPerChannel,
            boolean fcPerChannel, int tflmArenaBytes) {

        public String name() {
            String base = Path.of(file).getFileName().toString();
            return base.substring(0, base.length() - ".tflite".length());
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** A tensor's shape and quantization as the README writes them (scales to the README's 6 digits). */
    public record Io(int[] shape, double scale, int zeroPoint) {
    }

    private static Io io(double scale, int zp, int... shape) {
        return new Io(shape, scale, zp);
    }

    public static final List<Facts> ALL = List.of(
            new Facts("models/mlperf_tiny/kws_ref_model.tflite", io(0.584703, 83, 1, 49, 10, 1), io(1 / 256.0, -128, 1, 12),
                    Map.of(CONV_2D, 5, DEPTHWISE_CONV_2D, 4, AVERAGE_POOL_2D, 1, RESHAPE, 1, FULLY_CONNECTED, 1, SOFTMAX, 1),
                    22_606, true, false, 24_000),
            new Facts("models/mlperf_tiny/vww_96_int8.tflite", io(1 / 255.0, -128, 1, 96, 96, 3), io(1 / 256.0, -128, 1, 2),
                    Map.of(CONV_2D, 14, DEPTHWISE_CONV_2D, 13, AVERAGE_POOL_2D, 1, RESHAPE, 1, FULLY_CONNECTED, 1, SOFTMAX, 1),
                    210_852, true, false, 103_392),
            new Facts("models/mlperf_tiny/pretrainedResnet_quant.tflite", io(1, -128, 1, 32, 32, 3),
                    io(1 / 256.0, -128, 1, 10),
                    Map.of(CONV_2D, 9, ADD, 3, AVERAGE_POOL_2D, 1, RESHAPE, 1, FULLY_CONNECTED, 1, SOFTMAX, 1),
                    77_708, true, false, 55_712),
            new Facts("models/mlperf_tiny/ad01_int8.tflite", io(0.391015, 89, 1, 640), io(0.364498, 96, 1, 640),
                    Map.of(FULLY_CONNECTED, 10), 265_864, false, false, 3_424),
            new Facts("models/mlperf_tiny/str_ww_ref_model.tflite", io(0.00370104, -128, 1, 30, 1, 40),
                    io(1 / 256.0, -128, 1, 3),
                    Map.of(DEPTHWISE_CONV_2D, 4, CONV_2D, 4, RESHAPE, 1, FULLY_CONNECTED, 1, SOFTMAX, 1),
                    46_885, true, false, 16_352),
            new Facts("models/tflm/person_detect.tflite", io(1 / 127.5, -1, 1, 96, 96, 1), io(1 / 256.0, -128, 1, 2),
                    Map.of(DEPTHWISE_CONV_2D, 14, CONV_2D, 14, AVERAGE_POOL_2D, 1, RESHAPE, 1, SOFTMAX, 1),
                    210_708, true, false, 85_024),
            new Facts("models/tflm/person_detect_qdim0.tflite", io(1 / 127.5, -1, 1, 96, 96, 1),
                    io(1 / 256.0, -128, 1, 2),
                    Map.of(DEPTHWISE_CONV_2D, 14, CONV_2D, 14, AVERAGE_POOL_2D, 1, RESHAPE, 1, SOFTMAX, 1),
                    210_708, true, false, 85_024),
            new Facts("models/tflm/micro_speech_quantized.tflite", io(0.101716, -128, 1, 1960), io(1 / 256.0, -128, 1, 4),
                    Map.of(RESHAPE, 1, DEPTHWISE_CONV_2D, 1, FULLY_CONNECTED, 1, SOFTMAX, 1), 16_656, true, false, 7_312),
            new Facts("models/tflm/hello_world_int8.tflite", io(0.0244801, -128, 1, 1), io(0.00829096, 5, 1, 1),
                    Map.of(FULLY_CONNECTED, 3), 321, false, false, 1_184),
            new Facts("models/tflm/trained_lstm_int8.tflite", io(1 / 255.0, -128, 1, 28, 28), io(1 / 256.0, -128, 1, 10),
                    Map.of(UNIDIRECTIONAL_SEQUENCE_LSTM, 1, RESHAPE, 1, FULLY_CONNECTED, 1, SOFTMAX, 1), 9_532, false,
                    false, 3_936));

    private SharedModels() {
    }

    /** The facts of one model by name (file name without .tflite). */
    public static Facts named(String name) {
        for (Facts f : ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no shared model named " + name);
    }

    /** The model file; skips the calling test when ../shared or the file is absent. */
    public static Path require(Facts facts) {
        return SharedData.require(facts.file());
    }
}
