package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** The engine on the real ResNet-8 (pretrainedResnet_quant) with real CIFAR-10 images from ../shared. */
class ResNetTrainingTest {

    private static final String MODEL = "models/mlperf_tiny/pretrainedResnet_quant.tflite";

    @Test
    void writeBackWithoutTrainingGivesTheSameModelAndOutputs() throws IOException {
        Model model = TfliteReader.read(SharedData.require(MODEL));
        Trainer t = Trainer.create(model, null, TrainOptions.DEFAULTS.withThreads(2));
        Model written = TfliteReader.read(TfliteWriter.write(t.toModel()));
        assertEquals(model, written);
        byte[] images = Files.readAllBytes(SharedData.require("samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin"));
        Interpreter a = Interpreter.create(model);
        Interpreter b = Interpreter.create(written);
        for (int i = 0; i < 20; i++) {
            byte[] q = new byte[Cifar.PIXELS];
            for (int j = 0; j < q.length; j++) {
                q[j] = (byte) ((images[i * Cifar.PIXELS + j] & 0xff) - 128);
            }
            assertArrayEquals(a.run(q), b.run(q), "image " + i);
        }
    }

    /**
     * Relative rates: ResNet-8's first convolution sees 0-255 pixels and its weights are two orders of magnitude
     * smaller than the others', so its Adam steps are scaled down by about as much; the median tensor keeps the
     * peak rate; off, every factor is 1.
     */
    @Test
    void relativeRatesScaleTheFirstLayerDown() throws IOException {
        Model model = TfliteReader.read(SharedData.require(MODEL));
        Trainer t = Trainer.create(model, null, TrainOptions.DEFAULTS.withThreads(1).withRelativeRates(true));
        List<Param> params = t.network().params;
        double[] f = Trainer.rateFactors(params, true);
        int first = -1;
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (!params.get(i).bias) {
                first = first < 0 ? i : first;
                weights.add(f[i]);
            } else {
                assertEquals(1.0, f[i], "biases keep the peak rate");
            }
        }
        assertTrue(f[first] < 0.05, "first convolution's factor " + f[first]);
        weights.sort(null);
        assertEquals(1.0, weights.get(weights.size() / 2), 1e-12, "the median tensor keeps the peak rate");
        for (double x : Trainer.rateFactors(params, false)) {
            assertEquals(1.0, x);
        }
    }

    /**
     * Half the filterlets of every CONV_2D after the first removed by magnitude, then two epochs on 96 CIFAR-10
     * training images with distillation from the unpruned model: the loss on those images falls, the removed
     * weights stay zero, and the written int8 model runs in the interpreter, agreeing with the engine.
     */
    @Test
    void prunedResNetRecoversOnTrainingImages() throws IOException {
        Model model = TfliteReader.read(SharedData.require(MODEL));
        TrainingData data = trainingImages(SharedData.require().resolve("samples/cifar10-train"),
                model.main().input(0), 10);
        TrainOptions o = TrainOptions.DEFAULTS.withEpochs(2).withBatchSize(16).withThreads(2)
                .withOptimizer(TrainOptions.Optimizer.ADAM, 5e-4).withAugmentation(true, 2, true);
        Trainer t = Trainer.create(model, model, o);
        int[] weights = t.weightTensors();
        for (int k = 1; k < weights.length; k++) {
            Tensor w = model.main().tensor(weights[k]);
            if (w.rank() == 4 && w.dim(1) * w.dim(2) > 1) {
                t.mask(weights[k], halfTheFilterlets(w));
            }
        }
        double before = TrainerTest.crossEntropy(t.logits(data), data);
        t.train(data, null);
        double after = TrainerTest.crossEntropy(t.logits(data), data);
        assertTrue(after < before, "cross-entropy on the training images " + before + " -> " + after);
        Model trained = TfliteReader.read(TfliteWriter.write(t.toModel()));
        Interpreter interp = Interpreter.create(trained);
        float[][] z = t.logits(data);
        Quantization q = trained.main().input(0).quantization();
        int agree = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] x = new float[Cifar.PIXELS];
            data.read(i, x, 0);
            byte[] in = new byte[x.length];
            for (int j = 0; j < x.length; j++) {
                in[j] = (byte) (Math.round(x[j] / q.scale(0)) + q.zeroPoint(0));
            }
            if (TrainerTest.argmax(interp.run(in)) == TrainerTest.argmax(z[i])) {
                agree++;
            }
        }
        assertTrue(agree >= data.size() * 0.9, "interpreter and engine agree on " + agree + " of " + data.size());
        for (int k = 1; k < weights.length; k++) {
            Param p = t.network().param(weights[k]);
            if (p.keep != null) {
                byte[] d = trained.main().tensor(weights[k]).data();
                for (int i = 0; i < d.length; i++) {
                    if (!p.keep[i]) {
                        assertEquals(0, d[i], "removed weight " + i + " of " + p);
                    }
                }
            }
        }
    }

    /** Keeps the larger half (by L1 norm) of the filterlets of CONV_2D weights [O, KH, KW, C]. */
    private static boolean[] halfTheFilterlets(Tensor w) {
        byte[] d = w.data();
        int units = w.dim(0) * w.dim(1) * w.dim(2);
        int c = w.dim(3);
        double[] norm = new double[units];
        for (int u = 0; u < units; u++) {
            for (int j = 0; j < c; j++) {
                norm[u] += Math.abs(d[u * c + j]) * w.quantization().scale(u / (w.dim(1) * w.dim(2)));
            }
        }
        double[] sorted = norm.clone();
        Arrays.sort(sorted);
        double cut = sorted[units / 2];
        boolean[] keep = Masks.keepAll(w);
        for (int u = 0; u < units; u++) {
            if (norm[u] < cut) {
                Masks.removeFilterlet(w.shape(), keep, u / (w.dim(1) * w.dim(2)), u / w.dim(2) % w.dim(1),
                        u % w.dim(2));
            }
        }
        return keep;
    }

    /** The first {@code perClass} PNGs (sorted by name) of each class folder, classes in labels.txt order. */
    static TrainingData trainingImages(Path dir, Tensor input, int perClass) throws IOException {
        List<String> classes = Files.readAllLines(dir.resolve("labels.txt")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        Quantization q = input.quantization();
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(classes.get(label)), "*.png")) {
                s.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files.subList(0, Math.min(perClass, files.size()))) {
                BufferedImage img = ImageIO.read(f.toFile());
                float[] x = new float[Cifar.PIXELS];
                for (int h = 0; h < 32; h++) {
                    for (int w = 0; w < 32; w++) {
                        int rgb = img.getRGB(w, h);
                        int[] c = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                        for (int ch = 0; ch < 3; ch++) {
                            x[(h * 32 + w) * 3 + ch] = (c[ch] - 128 - q.zeroPoint(0)) * q.scale(0);
                        }
                    }
                }
                xs.add(x);
                ys.add(label);
            }
        }
        return TrainingData.of(xs.toArray(new float[0][]), ys.stream().mapToInt(Integer::intValue).toArray());
    }
}
