package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.prunus.core.define.Sequential;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.CalibrationSource;
import dev.prunus.core.quantize.FloatEvaluator;
import dev.prunus.core.quantize.PostTrainingQuantizer;
import dev.prunus.core.quantize.QuantizeOptions;
import dev.prunus.core.tflite.TfliteWriter;

/** Float training, export and post-training quantization: the path the demo's maker takes (releng/demo). */
class FloatExportTest {

    private static final int SAMPLES = 64;

    private static Model floatModel() {
        return Sequential.input("img", 8, 8, 1).seed(3)
                .conv2d("conv", 4, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
                .flatten().dense("logits", 3, Activation.NONE).softmax().build();
    }

    /** Images whose class is the brightest third of the rows: learnable in one epoch. */
    private static float[][] images(int[] labels) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] x = new float[labels.length][64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < 64; k++) {
                int row = k / 8;
                x[i][k] = (float) (0.2 * r.nextDouble() + (row * 3 / 8 == labels[i] ? 0.8 : 0));
            }
        }
        return x;
    }

    private static Trainer trained(float[][] x, int[] y) {
        List<float[]> samples = new ArrayList<>(List.of(x));
        QuantizeOptions q = QuantizeOptions.defaults().withInputQuantization(1f / 255f, -128);
        Model start = PostTrainingQuantizer.quantize(floatModel(), CalibrationSource.ofSingleInput(samples), q).model();
        Trainer t = Trainer.create(start, null, TrainOptions.DEFAULTS.withEpochs(1).withBatchSize(8)
                .withQuantization(false, false, 0.99).withAugmentation(false, 0, false).withSeed(1).withThreads(2));
        t.train(TrainingData.of(x, y), null);
        return t;
    }

    @Test
    void theExportedFloatModelComputesWhatTheEngineTrained() {
        int[] y = new int[SAMPLES];
        float[][] x = images(y);
        Trainer t = trained(x, y);
        Model exported = FloatExport.of(t);
        assertEquals(TensorType.FLOAT32, exported.main().input(0).type());
        assertEquals(TensorType.FLOAT32, exported.main().operator(0).input(exported.main(), 1).type());
        assertEquals(TensorType.FLOAT32, exported.main().operator(0).input(exported.main(), 2).type());
        float[][] logits = t.logits(TrainingData.of(x, y));
        FloatEvaluator e = FloatEvaluator.create(exported);
        for (int i = 0; i < 8; i++) {
            float[] p = e.run(x[i])[0];
            float[] expected = softmax(logits[i]);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], p[c], 1e-4, "sample " + i + " class " + c);
            }
        }
    }

    @Test
    void exportAndQuantizationAreDeterministicAndFollowTheTrainedWeights() {
        int[] y = new int[SAMPLES];
        float[][] x = images(y);
        List<float[]> samples = List.of(x);
        QuantizeOptions q = QuantizeOptions.defaults().withInputQuantization(1f / 255f, -128);
        byte[] a = TfliteWriter.write(PostTrainingQuantizer.quantize(FloatExport.of(trained(x, y)),
                CalibrationSource.ofSingleInput(samples), q).model());
        byte[] b = TfliteWriter.write(PostTrainingQuantizer.quantize(FloatExport.of(trained(x, y)),
                CalibrationSource.ofSingleInput(samples), q).model());
        assertArrayEquals(a, b);
        byte[] untrained = TfliteWriter.write(PostTrainingQuantizer.quantize(floatModel(),
                CalibrationSource.ofSingleInput(samples), q).model());
        assertNotEquals(java.util.Arrays.hashCode(untrained), java.util.Arrays.hashCode(a));
    }

    @Test
    void aGraphWithQuantizeEdgesIsRefused() {
        int[] y = new int[SAMPLES];
        float[][] x = images(y);
        QuantizeOptions q = QuantizeOptions.defaults().withFloatIo(true);
        Model edges = PostTrainingQuantizer.quantize(floatModel(), CalibrationSource.ofSingleInput(List.of(x)), q)
                .model();
        TrainingException e = assertThrows(TrainingException.class, () -> {
            Trainer t = Trainer.create(edges, null, TrainOptions.DEFAULTS.withThreads(1));
            FloatExport.of(t);
        });
        assertTrue(e.getMessage().contains("QUANTIZE"), e.getMessage());
    }

    private static float[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            sum += e[i];
        }
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }
}
