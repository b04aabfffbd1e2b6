package dev.prunus.core.tflite;

import dev.prunus.core.ir.Model;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.testing.SharedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints, per shared model, the warm time of {@link TfliteReader#read(byte[])} (file bytes to IR; median of 41
 * runs after 30 warm-up runs) and the heap the resulting model retains beyond the file size (averaged over 16
 * retained copies). Target: under 50 ms warm per model. Run from the module folder:
 * {@code java -cp <classes>:<test-classes>:<flatbuffers jar> dev.prunus.core.tflite.ReadBenchmark}.
 */
public final class ReadBenchmark {

    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (SharedData.root().isEmpty()) {
            System.out.println("../shared is absent: nothing to measure (set -Dprunus.shared=DIR)");
            return;
        }
        System.out.printf("%-28s %10s %12s %14s %14s%n", "model", "file B", "warm read ms", "retained B", "beyond file B");
        for (SharedModels.Facts facts : SharedModels.ALL) {
            Path file = SharedData.root().get().resolve(facts.file());
            measure(facts.name(), Files.readAllBytes(file));
        }
        // No shared model is large: a synthetic 4 MiB one (FULLY_CONNECTED 2048x2048) checks the 200 ms target.
        measure("synthetic_fc_4MiB", TfliteWriter.write(largeModel(2048)));
    }

    private static void measure(String name, byte[] bytes) throws InterruptedException {
        {
            for (int i = 0; i < 30; i++) {
                TfliteReader.read(bytes);
            }
            double[] ms = new double[41];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                TfliteReader.read(bytes);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            long retained = retainedBytes(bytes, 16);
            System.out.printf("%-28s %10d %12.3f %14d %14d%n", name, bytes.length, ms[ms.length / 2], retained,
                    retained - bytes.length);
        }
    }

    /** One int8 fully connected layer with n x n weights, per-tensor quantization. */
    private static Model largeModel(int n) {
        dev.prunus.core.ir.Quantization q = dev.prunus.core.ir.Quantization.perTensor(0.05f, 0);
        byte[] weights = new byte[n * n];
        new java.util.Random(1).nextBytes(weights);
        List<dev.prunus.core.ir.Tensor> t = List.of(
                dev.prunus.core.ir.Tensor.activation(0, "in", dev.prunus.core.ir.TensorType.INT8, new int[] { 1, n }, q),
                dev.prunus.core.ir.Tensor.constant(1, "w", dev.prunus.core.ir.TensorType.INT8, new int[] { n, n }, q, weights),
                dev.prunus.core.ir.Tensor.activation(2, "out", dev.prunus.core.ir.TensorType.INT8, new int[] { 1, n }, q));
        dev.prunus.core.ir.Operator fc = new dev.prunus.core.ir.Operator(0, dev.prunus.core.ir.OpType.FULLY_CONNECTED,
                new int[] { 0, 1, -1 }, new int[] { 2 },
                new dev.prunus.core.ir.OpOptions.FullyConnectedOptions(dev.prunus.core.ir.Activation.NONE, false, false));
        return Model.of(new dev.prunus.core.ir.Graph("main", t, List.of(fc), new int[] { 0 }, new int[] { 2 }));
    }

    private static long retainedBytes(byte[] bytes, int copies) throws InterruptedException {
        List<Model> keep = new ArrayList<>(copies);
        long before = usedAfterGc();
        for (int i = 0; i < copies; i++) {
            keep.add(TfliteReader.read(bytes));
        }
        long after = usedAfterGc();
        if (keep.size() != copies) {
            throw new IllegalStateException();
        }
        return (after - before) / copies;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
