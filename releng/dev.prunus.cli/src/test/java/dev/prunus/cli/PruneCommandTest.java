package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteReader;

class PruneCommandTest extends CliTestSupport {

    private Path demo() throws Exception {
        Path model = demoModel("demo.tflite");
        Files.write(dir.resolve("cal.s8"), DemoModel.inputs(10));
        return model;
    }

    @Test
    void writesPrunedModelCodeAndReportAndSkipsUnchangedFiles() throws Exception {
        Path model = demo();
        Path outDir = dir.resolve("gen");
        String[] args = {"prune", model.toString(), "--method", "filterlet", "--ratio", "0.5", "--calibration",
            dir.resolve("cal.s8").toString(), "--out", outDir.toString()};
        assertEquals(0, run(args), err::toString);
        for (String f : new String[] {"demo.pruned.tflite", "demo.report.json", "demo.report.html"}) {
            assertTrue(Files.isRegularFile(outDir.resolve(f)), f + " written; output:\n" + out);
        }
        try (var files = Files.list(outDir)) {
            assertTrue(files.anyMatch(p -> p.toString().endsWith(".c")), "C sources written");
        }
        Model pruned = TfliteReader.read(outDir.resolve("demo.pruned.tflite"));
        byte[] in = Arrays.copyOf(DemoModel.inputs(1), DemoModel.INPUT_BYTES);
        assertEquals(Interpreter.create(DemoModel.build()).run(in).length, Interpreter.create(pruned).run(in).length);
        assertTrue(out.toString().contains("files written to"), out::toString);
        assertNotEquals(0, written(out.toString()), out::toString);

        byte[] before = Files.readAllBytes(outDir.resolve("demo.pruned.tflite"));
        assertEquals(0, run(args), err::toString);
        assertEquals(0, written(out.toString()), "a second identical run rewrites nothing:\n" + out);
        assertArrayEquals(before, Files.readAllBytes(outDir.resolve("demo.pruned.tflite")));
    }

    @Test
    void settingsFileIsReadAndOptionsOverrideIt() throws Exception {
        Path model = demo();
        Files.writeString(dir.resolve("demo.prunus.json"), "{\"schema\": 1, \"model\": \"demo.tflite\", "
                + "\"method\": \"none\", \"calibration\": \"cal.s8\"}");
        Path outDir = dir.resolve("gen");
        assertEquals(0, run("prune", model.toString(), "--settings", dir.resolve("demo.prunus.json").toString(),
                "--out", outDir.toString()), err::toString);
        assertTrue(Files.notExists(outDir.resolve("demo.pruned.tflite")), "method none writes no pruned model");
        assertEquals(0, run("prune", model.toString(), "--settings", dir.resolve("demo.prunus.json").toString(),
                "--method", "channel", "--ratio", "0.25", "--out", outDir.toString()), err::toString);
        assertTrue(Files.isRegularFile(outDir.resolve("demo.pruned.tflite")), "the option overrides method none");
    }

    @Test
    void fineTuneOptionFineTunesAndReportsIt() throws Exception {
        Path model = demo();
        Path outDir = dir.resolve("gen");
        assertEquals(0, run("prune", model.toString(), "--method", "filterlet", "--ratio", "0.5", "--calibration",
                dir.resolve("cal.s8").toString(), "--fine-tune", "2", "--out", outDir.toString()), err::toString);
        String report = Files.readString(outDir.resolve("demo.report.json"));
        assertTrue(report.contains("fine-tuned by distillation"), report);
        assertNotEquals(0, run("prune", model.toString(), "--fine-tune", "-3", "--out", outDir.toString()));
        assertTrue(err.toString().contains("--fine-tune -3 is out of range"), err::toString);
    }

    /**
     * {@code --train} on raw records with labels: the report carries the training curve, the trained result is
     * cached beside the outputs, and a second identical run does not train and rewrites nothing.
     */
    @Test
    void trainOptionPrunesWhileTrainingAndCachesTheResult() throws Exception {
        Path model = demo();
        byte[] records = DemoModel.inputs(48);
        Files.write(dir.resolve("train.s8"), records);
        Interpreter dense = Interpreter.create(DemoModel.build());
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < records.length / DemoModel.INPUT_BYTES; i++) {
            dense.reset();
            labels.append(Interpreter.argmax(dense.run(Arrays.copyOfRange(records, i * DemoModel.INPUT_BYTES,
                    (i + 1) * DemoModel.INPUT_BYTES)))).append('\n');
        }
        Files.writeString(dir.resolve("train.labels"), labels);
        Path outDir = dir.resolve("gen");
        String[] args = {"prune", model.toString(), "--method", "filterlet", "--ratio", "0.5", "--train",
            dir.resolve("train.s8").toString(), "--train-labels", dir.resolve("train.labels").toString(), "--epochs",
            "2", "--out", outDir.toString()};
        assertEquals(0, run(args), err::toString);
        assertTrue(err.toString().contains("epoch 2/2: loss "), err::toString);
        String report = Files.readString(outDir.resolve("demo.report.json"));
        assertTrue(report.contains("\"training\"") && report.contains("\"explored\""), report);
        assertTrue(Files.isRegularFile(outDir.resolve(".prunus-cache/demo.trained")), "cache entry written");

        assertEquals(0, run(args), err::toString);
        assertTrue(err.toString().contains("not retrained") && !err.toString().contains("epoch 1/2"), err::toString);
        assertEquals(0, written(out.toString()), "an unchanged key rewrites nothing:\n" + out);

        assertNotEquals(0, run("prune", model.toString(), "--epochs", "3", "--out", outDir.toString()));
        assertTrue(err.toString().contains("--epochs needs --train"), err::toString);
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path model = demo();
        Files.write(dir.resolve("bad.s8"), new byte[DemoModel.INPUT_BYTES + 1]);
        assertNotEquals(0, run("prune", model.toString(), "--method", "auto", "--ratio", "0.5", "--calibration",
                dir.resolve("bad.s8").toString(), "--out", dir.resolve("gen").toString()));
        assertTrue(err.toString().contains("bad.s8"), err::toString);
        assertNotEquals(0, run("prune", model.toString(), "--method", "pineapple", "--out", dir.toString()));
        assertTrue(err.toString().contains("pineapple"), err::toString);
        assertNotEquals(0, run("prune", model.toString(), "--calibration", dir.resolve("nope.s8").toString(),
                "--out", dir.toString()));
        assertTrue(err.toString().contains("nope.s8"), err::toString);
    }

    private static int written(String text) {
        for (String line : text.split("\n")) {
            if (line.contains("files written to")) {
                return Integer.parseInt(line.strip().split(" ")[0]);
            }
        }
        throw new AssertionError("no summary line in:\n" + text);
    }
}
