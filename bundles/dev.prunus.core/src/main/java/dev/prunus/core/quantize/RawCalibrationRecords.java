package dev.prunus.core.quantize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Graph;

/**
 * Calibration samples from raw records until the general data readers take over: either little-endian float32
 * values (one record = every graph input's elements, in input order), or int8 records (the bytes a quantized model
 * takes) decoded with a stated input quantization, {@code real = scale * (q - zeroPoint)}.
 */
public final class RawCalibrationRecords {

    private RawCalibrationRecords() {
    }

    /** Float32 records for the inputs of {@code graph}. */
    public static CalibrationSource float32(byte[] bytes, Graph graph) {
        int[] sizes = inputSizes(graph);
        int record = 4 * sum(sizes);
        requireWhole(bytes.length, record, "float32", graph);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<float[][]> samples = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += record) {
            float[][] s = new float[sizes.length][];
            int pos = at;
            for (int i = 0; i < sizes.length; i++) {
                s[i] = new float[sizes[i]];
                for (int k = 0; k < sizes[i]; k++, pos += 4) {
                    s[i][k] = b.getFloat(pos);
                }
            }
            samples.add(s);
        }
        return CalibrationSource.of(samples);
    }

    /** Int8 records for the inputs of {@code graph}, decoded with one scale and zero point for every input. */
    public static CalibrationSource int8(byte[] bytes, Graph graph, float scale, int zeroPoint) {
        int[] sizes = inputSizes(graph);
        int record = sum(sizes);
        requireWhole(bytes.length, record, "int8", graph);
        List<float[][]> samples = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += record) {
            float[][] s = new float[sizes.length][];
            int pos = at;
            for (int i = 0; i < sizes.length; i++) {
                s[i] = new float[sizes[i]];
                for (int k = 0; k < sizes[i]; k++, pos++) {
                    s[i][k] = scale * (bytes[pos] - zeroPoint);
                }
            }
            samples.add(s);
        }
        return CalibrationSource.of(samples);
    }

    private static int[] inputSizes(Graph graph) {
        int[] in = graph.inputs();
        int[] sizes = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            sizes[i] = graph.tensor(in[i]).elementCount();
        }
        return sizes;
    }

    private static int sum(int[] v) {
        int s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }

    private static void requireWhole(int length, int record, String form, Graph graph) {
        if (length == 0 || length % record != 0) {
            throw new QuantizeException("calibration data holds " + length + " bytes, which is not a whole number of "
                    + record + "-byte " + form + " records for the model's input(s) " + describeInputs(graph)
                    + "; give the records concatenated");
        }
    }

    private static String describeInputs(Graph graph) {
        StringBuilder sb = new StringBuilder();
        for (int t : graph.inputs()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(java.util.Arrays.toString(graph.tensor(t).shape()));
        }
        return sb.toString();
    }
}
