package dev.prunus.core.define;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

class SequentialTest {

    private static Model digits(long seed) {
        return Sequential.input("digits", 28, 28, 1).seed(seed)
                .conv2d("conv1", 8, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
                .depthwiseConv2d("dw2", 3, 2, Padding.SAME, Activation.RELU6)
                .conv2d("pw3", 16, 1, 1, Padding.VALID, Activation.RELU).globalAveragePool()
                .flatten().dense("logits", 10, Activation.NONE).softmax().build();
    }

    @Test
    void shapesFollowTfliteRules() {
        Graph g = digits(1).main();
        assertEquals(8, g.operators().size());
        assertEquals(OpType.CONV_2D, g.operator(0).type());
        assertArrayEquals(new int[] { 1, 28, 28, 8 }, g.operator(0).output(g, 0).shape());
        assertArrayEquals(new int[] { 8, 3, 3, 1 }, g.operator(0).input(g, 1).shape());
        assertArrayEquals(new int[] { 1, 14, 14, 8 }, g.operator(1).output(g, 0).shape());
        assertArrayEquals(new int[] { 1, 3, 3, 8 }, g.operator(2).input(g, 1).shape());
        assertArrayEquals(new int[] { 1, 7, 7, 8 }, g.operator(2).output(g, 0).shape());
        assertArrayEquals(new int[] { 1, 1, 1, 16 }, g.operator(4).output(g, 0).shape());
        assertArrayEquals(new int[] { 1, 16 }, g.operator(5).output(g, 0).shape());
        assertArrayEquals(new int[] { 10, 16 }, g.operator(6).input(g, 1).shape());
        assertEquals(TensorType.FLOAT32, g.output(0).type());
        assertTrue(g.isTopologicallyOrdered());
    }

    @Test
    void heInitialisationHasTheExpectedSpread() {
        Graph g = digits(3).main();
        FloatBuffer w = g.operator(6).input(g, 1).dataView().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double sum = 0;
        double squares = 0;
        int n = w.remaining();
        for (int i = 0; i < n; i++) {
            sum += w.get(i);
            squares += w.get(i) * w.get(i);
        }
        double std = Math.sqrt(squares / n - (sum / n) * (sum / n));
        // He normal over a fan-in of 16: std sqrt(2/16) = 0.354; 160 draws land within 25 %.
        assertEquals(0.354, std, 0.09);
    }

    @Test
    void sameSeedSameBytesAndTheFileReadsBack() throws Exception {
        byte[] a = TfliteWriter.write(digits(7));
        assertArrayEquals(a, TfliteWriter.write(digits(7)));
        assertNotEquals(java.util.Arrays.hashCode(a), java.util.Arrays.hashCode(TfliteWriter.write(digits(8))));
        Model back = TfliteReader.read(a);
        assertEquals(digits(7).main().operators().size(), back.main().operators().size());
        assertArrayEquals(digits(7).main().operator(0).input(digits(7).main(), 1).data(),
                back.main().operator(0).input(back.main(), 1).data());
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.input("x", 28, 28, 1).dense("fc", 10, Activation.NONE));
        assertTrue(e.getMessage().contains("add flatten() first"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sequential.input("x", 4, 4, 1).conv2d("big", 4, 5, 1, Padding.VALID, Activation.NONE));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Sequential.input("x", 4, 4, 1).maxPool(2).seed(3));
    }
}
