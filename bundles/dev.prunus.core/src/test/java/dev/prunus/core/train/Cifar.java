package dev.prunus.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;

/** The shared CIFAR-10 test images (uint8 HWC) in a model's real-valued input domain, for tests and benchmarks. */
final class Cifar {

    static final int PIXELS = 32 * 32 * 3;

    private Cifar() {
    }

    /**
     * The first {@code count} images and labels: int8 q = u8 - 128, then x = (q - zp) * s with the input tensor's
     * quantization.
     */
    static TrainingData read(Path bin, Path labelsCsv, Tensor input, int count) throws IOException {
        byte[] bytes = Files.readAllBytes(bin);
        List<String> lines = Files.readAllLines(labelsCsv);
        Quantization q = input.quantization();
        float s = q.scale(0);
        long zp = q.zeroPoint(0);
        int n = Math.min(count, bytes.length / PIXELS);
        float[][] x = new float[n][PIXELS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < PIXELS; j++) {
                int u8 = bytes[i * PIXELS + j] & 0xff;
                x[i][j] = (u8 - 128 - zp) * s;
            }
            labels[i] = Integer.parseInt(lines.get(i + 1).split(",")[1].trim());
        }
        return TrainingData.of(x, labels);
    }
}
