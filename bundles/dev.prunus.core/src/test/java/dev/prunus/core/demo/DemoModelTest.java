package dev.prunus.core.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

class DemoModelTest {

    @Test
    void writesTheSameBytesEveryTimeAndReadsBack() {
        byte[] first = TfliteWriter.write(DemoModel.build());
        byte[] second = TfliteWriter.write(DemoModel.build());
        assertArrayEquals(first, second, "the demo model must be deterministic");
        Model read = TfliteReader.read(first);
        assertEquals(7, read.main().operators().size());
        assertEquals(OpType.CONV_2D, read.main().operators().get(0).type());
        assertEquals(OpType.SOFTMAX, read.main().operators().get(6).type());
        assertArrayEquals(new int[] { 1, 16, 16, 3 }, read.main().tensor(read.main().inputs()[0]).shape());
    }

    @Test
    void inputsAreDeterministicRecords() {
        assertEquals(3 * DemoModel.INPUT_BYTES, DemoModel.inputs(3).length);
        assertArrayEquals(DemoModel.inputs(2), DemoModel.inputs(2));
    }
}
