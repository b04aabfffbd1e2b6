package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** Training on a small CNN classifier with synthetic data: determinism, masks, write-back, losses going down. */
class TrainerTest {

    /** conv 3x3 (relu) -> depthwise 3x3 (relu6) -> avg pool -> reshape -> fc -> softmax, 8x8x2 input, 3 classes. */
    static Model smallCnn() {
        TinyModels m = new TinyModels(21);
        int x = m.act(0.02f, 0, 1, 8, 8, 2);
        int w1 = m.weights(0, 6, 3, 3, 2);
        int c1 = m.act(0.05f, -128, 1, 8, 8, 6);
        m.op(OpType.CONV_2D, new int[] {x, w1, m.bias(w1, x, 6)}, c1,
                new OpOptions.Conv2DOptions(Padding.SAME, 1, 1, Activation.RELU, 1, 1));
        int w2 = m.weights(3, 1, 3, 3, 6);
        int c2 = m.act(0.05f, -128, 1, 4, 4, 6);
        m.op(OpType.DEPTHWISE_CONV_2D, new int[] {c1, w2, m.bias(w2, c1, 6)}, c2,
                new OpOptions.DepthwiseConv2DOptions(Padding.SAME, 2, 2, 1, Activation.RELU6, 1, 1));
        int p = m.act(0.05f, -128, 1, 1, 1, 6);
        m.op(OpType.AVERAGE_POOL_2D, new int[] {c2}, p, new OpOptions.Pool2DOptions(Padding.VALID, 4, 4, 4, 4,
                Activation.NONE));
        int r = m.act(0.05f, -128, 1, 6);
        m.op(OpType.RESHAPE, new int[] {p, m.int32(new int[] {2}, 1, 6)}, r, new OpOptions.ReshapeOptions(
                new int[] {1, 6}));
        int w3 = m.weights(0, 3, 6);
        int z = m.act(0.1f, 0, 1, 3);
        m.op(OpType.FULLY_CONNECTED, new int[] {r, w3, m.bias(w3, r, 3)}, z,
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        int y = m.act(1f / 256, -128, 1, 3);
        m.op(OpType.SOFTMAX, new int[] {z}, y, new OpOptions.SoftmaxOptions(1f));
        return m.build(x, y);
    }

    /** Samples on the input grid (q = -128..127 at scale 0.02), labelled by which channel and half is brightest. */
    static TrainingData synthetic(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[count][128];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = r.nextInt(3);
            labels[i] = label;
            for (int j = 0; j < 128; j++) {
                int h = j / 16;
                int c = j % 2;
                boolean lit = label == 0 ? c == 0 : label == 1 ? c == 1 : h < 4;
                int q = (int) Math.round((lit ? 60 : 0) + r.nextGaussian() * 25);
                x[i][j] = Math.max(-128, Math.min(127, q)) * 0.02f;
            }
        }
        return TrainingData.of(x, labels);
    }

    private static TrainOptions options(int threads) {
        return TrainOptions.DEFAULTS.withEpochs(2).withBatchSize(8).withThreads(threads)
                .withOptimizer(TrainOptions.Optimizer.ADAM, 3e-3).withAugmentation(true, 1, true).withSeed(7);
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalWeights() {
        TrainingData data = synthetic(40, 1);
        Model a = train(options(2), data);
        Model b = train(options(2), data);
        assertArrayEquals(TfliteWriter.write(a), TfliteWriter.write(b));
        Model other = train(options(2).withSeed(8), data);
        assertNotEquals(Arrays.hashCode(TfliteWriter.write(a)), Arrays.hashCode(TfliteWriter.write(other)));
    }

    private static Model train(TrainOptions o, TrainingData data) {
        Trainer t = Trainer.create(smallCnn(), smallCnn(), o);
        t.train(data, null);
        return t.toModel();
    }

    @Test
    void maskedFilterletsAndChannelsStayExactlyZero() {
        Model model = smallCnn();
        Trainer t = Trainer.create(model, null, options(2));
        int conv = t.weightTensors()[0];
        int dw = t.weightTensors()[1];
        Tensor w = model.main().tensor(conv);
        boolean[] keep = Masks.keepAll(w);
        Masks.removeFilterlet(w.shape(), keep, 2, 1, 1);
        Masks.removeFilterlet(w.shape(), keep, 5, 0, 2);
        Masks.removeChannel(w.shape(), 0, keep, 4);
        t.mask(conv, keep);
        boolean[] keepDw = Masks.keepAll(model.main().tensor(dw));
        Masks.removeBlock(keepDw, 6, 6);
        t.mask(dw, keepDw);
        t.train(synthetic(40, 2), null);
        Param p = t.network().param(conv);
        byte[] written = t.toModel().main().tensor(conv).data();
        int removed = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                assertEquals(0f, p.value[i], "masked weight " + i);
                assertEquals(0, written[i], "written masked weight " + i);
                removed++;
            }
        }
        assertEquals(2 * 2 + 18, removed);
        byte[] writtenDw = t.toModel().main().tensor(dw).data();
        for (int i = 6; i < 12; i++) {
            assertEquals(0, writtenDw[i], "written masked depthwise weight " + i);
        }
        assertTrue(Arrays.equals(model.main().tensor(conv).shape(), t.toModel().main().tensor(conv).shape()));
    }

    @Test
    void untrainedWriteBackIsTheOriginalModel() {
        Model model = smallCnn();
        Trainer t = Trainer.create(model, null, options(1));
        assertEquals(model, t.toModel());
        // Learning rate 0 and frozen ranges: steps run, nothing moves.
        Trainer still = Trainer.create(model, null, options(2).withOptimizer(TrainOptions.Optimizer.SGD, 0)
                .withWeightDecay(0).withQuantization(true, false, 0.9));
        still.train(synthetic(16, 3), null);
        assertEquals(model, still.toModel());
    }

    @Test
    void trainingLowersTheLossAndTheWrittenModelAgreesWithTheEngine() {
        TrainingData data = synthetic(96, 4);
        Model model = smallCnn();
        Trainer t = Trainer.create(model, null, options(2).withEpochs(6).withAugmentation(false, 0, false)
                .withOptimizer(TrainOptions.Optimizer.ADAM, 2e-2));
        double before = crossEntropy(t.logits(data), data);
        Trainer.Result r = t.train(data, null);
        double after = crossEntropy(t.logits(data), data);
        assertTrue(after < before * 0.8, "cross-entropy " + before + " -> " + after + ", epochs " + Arrays.toString(
                r.epochLoss()));
        assertTrue(r.epochLoss()[5] < r.epochLoss()[0], Arrays.toString(r.epochLoss()));
        Model trained = TfliteReader.read(TfliteWriter.write(t.toModel()));
        assertEquals(model.main().operators(), trained.main().operators());
        // The int8 interpreter on the written model predicts what the fake-quantized engine predicted.
        Interpreter interp = Interpreter.create(trained);
        float[][] z = t.logits(data);
        float s = trained.main().input(0).quantization().scale(0);
        int agree = 0;
        for (int i = 0; i < data.size(); i++) {
            float[] x = new float[128];
            data.read(i, x, 0);
            byte[] q = new byte[128];
            for (int j = 0; j < 128; j++) {
                q[j] = (byte) Math.round(x[j] / s);
            }
            byte[] out = interp.run(q);
            if (argmax(out) == argmax(z[i])) {
                agree++;
            }
        }
        assertTrue(agree >= data.size() * 0.9, "interpreter and engine agree on " + agree + " of " + data.size());
    }

    @Test
    void cancelStopsBetweenSteps() {
        Trainer t = Trainer.create(smallCnn(), null, options(1));
        Progress cancelAfterTwo = new Progress() {
            int steps;

            @Override
            public void begin(String task, int totalWork) {
            }

            @Override
            public void worked(int work) {
                steps += work;
            }

            @Override
            public boolean isCanceled() {
                return steps >= 2;
            }
        };
        assertThrows(CanceledException.class, () -> t.train(synthetic(64, 5), cancelAfterTwo));
    }

    @Test
    void clearErrorsForDataThatDoesNotFit() {
        Trainer t = Trainer.create(smallCnn(), null, options(1));
        TrainingException e = assertThrows(TrainingException.class,
                () -> t.train(TrainingData.of(new float[][] {new float[5]}, new int[] {0}), null));
        assertTrue(e.getMessage().contains("needs 128"), e.getMessage());
        TrainingException unlabelled = assertThrows(TrainingException.class,
                () -> t.train(TrainingData.of(new float[][] {new float[128]}, null), null));
        assertTrue(unlabelled.getMessage().contains("no labels"), unlabelled.getMessage());
    }

    static double crossEntropy(float[][] z, TrainingData data) {
        double sum = 0;
        double[] p = new double[z[0].length];
        for (int i = 0; i < z.length; i++) {
            Losses.softmax(z[i], 0, z[i].length, 1, p);
            sum -= Math.log(Math.max(1e-30, p[data.label(i)]));
        }
        return sum / z.length;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static int argmax(byte[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
