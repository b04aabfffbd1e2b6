package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.prunus.core.demo.DemoModel;

class PrunusCliTest extends CliTestSupport {

    private Path demoModel() throws Exception {
        return demoModel("demo.tflite");
    }

    @Test
    void inspectListsEveryOperatorWithTotals() throws Exception {
        assertEquals(0, run("inspect", demoModel().toString()), err::toString);
        String text = out.toString();
        for (String op : new String[] { "CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX" }) {
            assertTrue(text.contains(op), () -> op + " missing from:\n" + text);
        }
        assertTrue(text.contains("operators 7"), text);
    }

    @Test
    void inspectJsonHasFiguresThatAddUp() throws Exception {
        assertEquals(0, run("inspect", "--json", demoModel().toString()), err::toString);
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(7, json.getAsJsonArray("operators").size());
        long macs = 0;
        for (var op : json.getAsJsonArray("operators")) {
            macs += op.getAsJsonObject().get("macs").getAsLong();
        }
        assertEquals(json.get("macs").getAsLong(), macs);
        // conv1 16x16x16 outputs x 27 MACs each, as computed by hand.
        assertEquals(16L * 16 * 16 * 27, json.getAsJsonArray("operators").get(0).getAsJsonObject().get("macs").getAsLong());
        assertTrue(json.get("arenaBytes").getAsLong() > 0);
    }

    @Test
    void corruptModelFailsWithOneLineReason() throws Exception {
        Path bad = dir.resolve("bad.tflite");
        Files.write(bad, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 });
        assertEquals(PrunusCli.EXIT_FAILURE, run("inspect", bad.toString()));
        String message = err.toString().strip();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.startsWith("prunus inspect: "), message);
    }

    @Test
    void missingModelSaysWhichFile() {
        assertEquals(PrunusCli.EXIT_FAILURE, run("inspect", dir.resolve("nope.tflite").toString()));
        assertTrue(err.toString().contains("nope.tflite"), err.toString());
    }

    @Test
    void runPrintsOneLinePerRecord() throws Exception {
        Path inputs = dir.resolve("in.s8");
        Files.write(inputs, DemoModel.inputs(3));
        assertEquals(0, run("run", demoModel().toString(), "--inputs", inputs.toString()), err::toString);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(3, lines.length);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines[i].matches(i + " argmax=[0-3] out=-?\\d+,-?\\d+,-?\\d+,-?\\d+"), lines[i]);
        }
    }

    @Test
    void runRejectsPartialRecords() throws Exception {
        Path inputs = dir.resolve("in.s8");
        Files.write(inputs, new byte[DemoModel.INPUT_BYTES + 5]);
        assertEquals(PrunusCli.EXIT_FAILURE, run("run", demoModel().toString(), "--inputs", inputs.toString()));
        assertTrue(err.toString().contains("not a whole number of " + DemoModel.INPUT_BYTES + "-byte input records"),
                err.toString());
    }

    @Test
    void runReproducesTfliteMicroGoldenOutputs() throws Exception {
        java.util.Optional<Path> shared = dev.prunus.cli.SharedDir.root();
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.isPresent(), "../shared is absent: golden check skipped");
        Path model = shared.get().resolve("models/tflm/micro_speech_quantized.tflite");
        Path inputs = shared.get().resolve("samples/inputs/micro_speech_quantized__micro_speech.s8");
        java.util.List<String> golden = Files.readAllLines(
                shared.get().resolve("samples/reference_outputs/tflm/micro_speech_quantized__micro_speech.txt"));
        assertEquals(0, run("run", model.toString(), "--inputs", inputs.toString()), err::toString);
        String[] lines = out.toString().strip().split("\n");
        int i = 0;
        for (String g : golden) {
            if (g.startsWith("#")) {
                continue;
            }
            String expected = g.substring(g.indexOf("argmax="));
            assertEquals(i + " " + expected, lines[i]);
            i++;
        }
        assertEquals(i, lines.length);
    }

    @Test
    void helpOnEveryCommandAndUsageErrors() {
        assertEquals(0, run("--help"));
        assertEquals(0, run("inspect", "--help"));
        assertEquals(0, run("demo", "--help"));
        assertEquals(0, run("run", "--help"));
        assertEquals(PrunusCli.EXIT_USAGE, run());
        assertEquals(PrunusCli.EXIT_USAGE, run("inspect", "--no-such-option", "x"));
    }
}
