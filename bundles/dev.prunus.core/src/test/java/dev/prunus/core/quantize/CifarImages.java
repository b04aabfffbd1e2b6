package dev.prunus.core.quantize;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The shared CIFAR-10 samples as pretrainedResnet's float model takes them (pixels as 0-255 floats, RGB, HWC): the
 * training PNG folders for calibration and the test records for scoring. Test and benchmark helper until the data
 * readers land.
 */
final class CifarImages {

    static final int PIXELS = 32 * 32 * 3;

    private CifarImages() {
    }

    /** Every training PNG, class folders in labels.txt order, files sorted by name within a class. */
    static List<Path> trainingFiles(Path shared) throws IOException {
        Path train = shared.resolve("samples/cifar10-train");
        List<Path> files = new ArrayList<>();
        for (String c : Files.readAllLines(train.resolve("labels.txt"))) {
            if (c.isBlank()) {
                continue;
            }
            try (var s = Files.list(train.resolve(c.trim()))) {
                files.addAll(s.filter(p -> p.toString().endsWith(".png")).sorted().toList());
            }
        }
        return files;
    }

    /** {@code count} files spread evenly over the list (every n-th), so that every class is represented. */
    static List<Path> evenly(List<Path> files, int count) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(files.get((int) ((long) i * files.size() / count)));
        }
        return out;
    }

    /** A PNG as 0-255 floats, RGB, row-major HWC. */
    static float[] read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null || img.getWidth() != 32 || img.getHeight() != 32) {
            throw new IOException(png + " is not a 32x32 image");
        }
        float[] x = new float[PIXELS];
        int k = 0;
        for (int y = 0; y < 32; y++) {
            for (int c = 0; c < 32; c++) {
                int rgb = img.getRGB(c, y);
                x[k++] = (rgb >> 16) & 0xff;
                x[k++] = (rgb >> 8) & 0xff;
                x[k++] = rgb & 0xff;
            }
        }
        return x;
    }

    static List<float[]> read(List<Path> pngs) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (Path p : pngs) {
            out.add(read(p));
        }
        return out;
    }

    /** The test images (u8 HWC records). */
    static byte[] testRecords(Path shared) throws IOException {
        return Files.readAllBytes(shared.resolve("samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin"));
    }

    /** The test labels, in record order. */
    static int[] testLabels(Path shared) throws IOException {
        List<String> lines = Files.readAllLines(shared.resolve("samples/cifar10/labels.csv"));
        return lines.stream().skip(1).filter(l -> !l.isBlank()).mapToInt(l -> Integer.parseInt(l.split(",")[1]))
                .toArray();
    }

    /** Test image {@code i} as 0-255 floats. */
    static float[] testFloat(byte[] records, int i) {
        float[] x = new float[PIXELS];
        for (int k = 0; k < PIXELS; k++) {
            x[k] = records[i * PIXELS + k] & 0xff;
        }
        return x;
    }

    /** Test image {@code i} as the int8 record of pretrainedResnet_quant: q = u8 - 128. */
    static byte[] testInt8(byte[] records, int i) {
        byte[] x = new byte[PIXELS];
        for (int k = 0; k < PIXELS; k++) {
            x[k] = (byte) ((records[i * PIXELS + k] & 0xff) - 128);
        }
        return x;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }

    static int argmax(byte[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
