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
            byte[] bytes = Files.readAllBytes(file);
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
            System.out.printf("%-28s %10d %12.3f %14d %14d%n", facts.name(), bytes.length, ms[ms.length / 2], retained,
                    retained - bytes.length);
        }
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
