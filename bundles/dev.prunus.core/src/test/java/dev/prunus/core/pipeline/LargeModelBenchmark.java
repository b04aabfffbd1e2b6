package dev.prunus.core.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * A large model made by Prunus' own writer (a stack of {@code LAYERS} int8 FULLY_CONNECTED layers of
 * {@code WIDTH} x {@code WIDTH} with ReLU, then a classifier and SOFTMAX: over 4 MB and over 100 operators) through
 * inspect (read + validate), prune and generate, printing wall time and peak heap of each step. Run by
 * bench/large-model.sh; figures in docs/benchmarks/hardening.md.
 */
public final class LargeModelBenchmark {

    static final int WIDTH = 192;
    static final int LAYERS = 120;

    private LargeModelBenchmark() {
    }

    /** The model; weights from a fixed seed. */
    public static Model build() {
        SplittableRandom random = new SplittableRandom(42);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        Quantization act = Quantization.perTensor(0.05f, -128);
        t.add(Tensor.activation(0, "input", TensorType.INT8, new int[] { 1, WIDTH }, act));
        int x = 0;
        for (int l = 0; l <= LAYERS; l++) {
            boolean last = l == LAYERS;
            int out = last ? 10 : WIDTH;
            byte[] w = new byte[out * WIDTH];
            for (int i = 0; i < w.length; i++) {
                w[i] = (byte) random.nextInt(-127, 128);
            }
            float[] scales = new float[out];
            for (int c = 0; c < out; c++) {
                scales[c] = (float) (0.0005 + 0.001 * random.nextDouble());
            }
            int wi = t.size();
            t.add(Tensor.constant(wi, "fc" + l + "/weights", TensorType.INT8, new int[] { out, WIDTH },
                    new Quantization(scales, new long[out], 0), w));
            ByteBuffer bias = ByteBuffer.allocate(out * 4).order(ByteOrder.LITTLE_ENDIAN);
            float[] biasScales = new float[out];
            for (int c = 0; c < out; c++) {
                bias.putInt(random.nextInt(-500, 500));
                biasScales[c] = act.scale(0) * scales[c];
            }
            int bi = t.size();
            t.add(Tensor.constant(bi, "fc" + l + "/bias", TensorType.INT32, new int[] { out },
                    new Quantization(biasScales, new long[out], 0), bias.array()));
            int yi = t.size();
            t.add(Tensor.activation(yi, "fc" + l, TensorType.INT8, new int[] { 1, out }, act));
            ops.add(new Operator(ops.size(), OpType.FULLY_CONNECTED, new int[] { x, wi, bi }, new int[] { yi },
                    new OpOptions.FullyConnectedOptions(last ? Activation.NONE : Activation.RELU, false, false)));
            x = yi;
        }
        int probs = t.size();
        t.add(Tensor.activation(probs, "softmax", TensorType.INT8, new int[] { 1, 10 },
                Quantization.perTensor(1f / 256f, -128)));
        ops.add(new Operator(ops.size(), OpType.SOFTMAX, new int[] { x }, new int[] { probs },
                new OpOptions.SoftmaxOptions(1f)));
        return Model.of(new Graph("main", t, ops, new int[] { 0 }, new int[] { probs }));
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static void report(String step, long start) {
        System.out.printf(Locale.ROOT, "%-34s %8.2f s   peak heap %6.0f MB%n", step, (System.nanoTime() - start) / 1e9,
                peakHeap() / 1e6);
    }

    public static void main(String[] args) {
        resetPeaks();
        long start = System.nanoTime();
        byte[] bytes = TfliteWriter.write(build());
        report("write (" + bytes.length + " B)", start);
        resetPeaks();
        start = System.nanoTime();
        Model m = TfliteReader.read(bytes);
        Interpreter interp = Interpreter.create(m);
        report("inspect (" + m.main().operators().size() + " operators, " + interp.macCount() + " MACs)", start);
        byte[] records = new byte[16 * WIDTH];
        new SplittableRandom(7).nextBytes(records);
        for (String method : new String[] { "none", "unstructured", "channel" }) {
            PrunusSettings s = PrunusSettings.defaults("large.tflite").withMethod(method, 0.5)
                    .withBudget(new PrunusSettings.Budget(null, null, null, null)).withData("cal.s8", null, null);
            resetPeaks();
            start = System.nanoTime();
            PipelineResult r = Pipeline.run(new PipelineRequest("large.tflite", bytes, s, p -> records), Progress.NONE);
            long c = r.files().get("large.c").length;
            report("pipeline " + method + " 0.5 (C " + c + " B)", start);
        }
    }
}
