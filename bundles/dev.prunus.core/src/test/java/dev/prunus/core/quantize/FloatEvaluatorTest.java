package dev.prunus.core.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteWriter;

class FloatEvaluatorTest {

    /** Float kernels agree with desktop TFLite's to float rounding (summation order differs). */
    static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void loadDesktopTflite() {
        DesktopTflite.load();
    }

    @Test
    void everyOperatorMatchesDesktopTflite() {
        for (Model m : new Model[] {TinyFloatModels.cnn(7), TinyFloatModels.mlp(3), TinyFloatModels.transformerOps()}) {
            List<float[]> xs = TinyFloatModels.samples(m, 8, 4, -2f, 2f);
            float[][] expected = DesktopTflite.run(TfliteWriter.write(m), xs.toArray(new float[0][]));
            FloatEvaluator e = FloatEvaluator.create(m);
            for (int i = 0; i < xs.size(); i++) {
                float[] actual = e.run(xs.get(i))[0];
                assertEquals(expected[i].length, actual.length);
                for (int k = 0; k < actual.length; k++) {
                    assertEquals(expected[i][k], actual[k], TOLERANCE * (1 + Math.abs(expected[i][k])),
                            m.main().name() + " sample " + i + " output " + k);
                }
            }
        }
    }

    @Test
    void observerSeesTheInputAndEveryOperatorOutputOnce() {
        Model m = TinyFloatModels.cnn(7);
        FloatEvaluator e = FloatEvaluator.create(m);
        List<Integer> seen = new ArrayList<>();
        float[][] out = e.run(new float[][] {TinyFloatModels.samples(m, 1, 1, 0f, 1f).get(0)},
                (t, v) -> seen.add(t));
        assertEquals(1 + m.main().operators().size(), seen.size());
        assertEquals(m.main().inputs()[0], seen.get(0));
        float sum = 0;
        for (float p : out[0]) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f, "softmax output");
    }

    @Test
    void runsAreIndependent() {
        Model m = TinyFloatModels.cnn(7);
        FloatEvaluator e = FloatEvaluator.create(m);
        List<float[]> xs = TinyFloatModels.samples(m, 2, 8, -1f, 1f);
        float[] first = e.run(xs.get(0))[0];
        e.run(xs.get(1));
        assertArrayEquals(first, e.run(xs.get(0))[0]);
    }

    @Test
    void int8ModelsAreRefused() {
        QuantizeException ex = assertThrows(QuantizeException.class, () -> FloatEvaluator.create(DemoModel.build()));
        assertTrue(ex.getMessage().contains("FLOAT32"), ex.getMessage());
    }
}
