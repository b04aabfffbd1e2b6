package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

import dev.prunus.core.validate.CValidator;

/**
 * {@code run} and {@code validate} on a stateful model (trained_lstm_int8): records are one sequence by default,
 * state carried as in TFLite Micro; {@code --reset-each} makes them independent, as the golden runs were.
 */
class StreamingStateCommandTest extends CliTestSupport {

    private Path model;
    private Path inputs;
    private List<String> golden;

    @BeforeEach
    void shared() throws Exception {
        java.util.Optional<Path> shared = SharedDir.root();
        assumeTrue(shared.isPresent(), "../shared is absent: LSTM checks skipped");
        model = shared.get().resolve("models/tflm/trained_lstm_int8.tflite");
        inputs = shared.get().resolve("samples/inputs/trained_lstm_int8__mnist_tflm.s8");
        golden = new ArrayList<>();
        int i = 0;
        for (String g : Files.readAllLines(
                shared.get().resolve("samples/reference_outputs/tflm/trained_lstm_int8__mnist_tflm.txt"))) {
            if (!g.startsWith("#")) {
                golden.add(i++ + " " + g.substring(g.indexOf("argmax=")));
            }
        }
    }

    @Test
    void runCarriesTheStateUnlessResetEach() {
        assertEquals(0, run("run", model.toString(), "--inputs", inputs.toString(), "--reset-each"), err::toString);
        assertEquals(golden, out.toString().strip().lines().toList(), "--reset-each reproduces the golden runs");

        assertEquals(0, run("run", model.toString(), "--inputs", inputs.toString()), err::toString);
        List<String> carried = out.toString().strip().lines().toList();
        assertEquals(golden.size(), carried.size());
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < carried.size(); i++) {
            if (!carried.get(i).equals(golden.get(i))) {
                differ.add(i);
            }
        }
        // the first record starts from the initial state; the state left by digits 2, 3 and 8 changes 3, 4 and 9
        assertEquals(List.of(3, 4, 9), differ, () -> String.join("\n", carried));
    }

    @Test
    void validateFeedsOneSequenceOrIndependentRecords() {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed");
        assertEquals(0, run("validate", model.toString(), "--inputs", inputs.toString()), err::toString);
        assertTrue(out.toString().contains("10 records, one sequence (state carried"), out::toString);
        assertTrue(out.toString().contains("bit-exact records: 10 / 10"), out::toString);
        assertEquals(0, run("validate", model.toString(), "--inputs", inputs.toString(), "--reset-each"),
                err::toString);
        assertTrue(out.toString().contains("10 records, state reset before each record"), out::toString);
        assertTrue(out.toString().contains("bit-exact records: 10 / 10"), out::toString);
    }

    @Test
    void inspectStatesThePersistentPartOfTheArena() {
        assertEquals(0, run("inspect", "--json", model.toString()), err::toString);
        var json = JsonParser.parseString(out.toString()).getAsJsonObject();
        // hidden int8 [1,20] and cell int16 [1,20], 16-byte aligned, and the 16-byte state flag slot
        assertEquals(96, json.get("persistentBytes").getAsInt());
        assertTrue(json.get("arenaBytes").getAsInt() > 96);
        assertEquals(0, run("inspect", model.toString()), err::toString);
        assertTrue(out.toString().contains("persistent 96 B)"), out::toString);
    }
}
