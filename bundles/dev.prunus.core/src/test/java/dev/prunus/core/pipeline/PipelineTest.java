package dev.prunus.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.PrunusException;
import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;

class PipelineTest {

    private static final byte[] MODEL = TfliteWriter.write(DemoModel.build());
    private static final byte[] CAL = DemoModel.inputs(12);

    private final Map<String, byte[]> fileSystem = new HashMap<>(Map.of("cal.s8", CAL));

    private PipelineRequest request(PrunusSettings s) {
        return new PipelineRequest("demo.tflite", MODEL, s, p -> {
            byte[] b = fileSystem.get(p);
            if (b == null) {
                throw new NoSuchFileException(p);
            }
            return b;
        });
    }

    private static PrunusSettings settings(String method, Double ratio) {
        return PrunusSettings.defaults("demo.tflite").withMethod(method, ratio)
                .withBudget(new PrunusSettings.Budget(null, null, null, null)).withData("cal.s8", null, null);
    }

    @Test
    void sameRequestGivesTheSameBytes() {
        PipelineResult a = Pipeline.run(request(settings("filterlet", 0.5)), Progress.NONE);
        PipelineResult b = Pipeline.run(request(settings("filterlet", 0.5)), Progress.NONE);
        assertEquals(a.files().keySet(), b.files().keySet());
        a.files().forEach((name, bytes) -> assertArrayEquals(bytes, b.files().get(name), name));
        assertEquals(a.summary(), b.summary());
    }

    @Test
    void outputsArePresentAndThePrunedModelRuns() {
        PipelineResult r = Pipeline.run(request(settings("auto", 0.5)), Progress.NONE);
        assertTrue(r.files().containsKey("demo.pruned.tflite"), r.files().keySet()::toString);
        assertTrue(r.files().containsKey("demo.report.json"));
        assertTrue(r.files().containsKey("demo.report.html"));
        assertTrue(r.files().keySet().stream().anyMatch(f -> f.endsWith(".c")), r.files().keySet()::toString);
        assertTrue(r.files().keySet().stream().anyMatch(f -> f.endsWith(".h")), r.files().keySet()::toString);
        Model pruned = TfliteReader.read(r.files().get("demo.pruned.tflite"));
        byte[] out = Interpreter.create(pruned).run(Arrays.copyOf(CAL, DemoModel.INPUT_BYTES));
        assertEquals(Interpreter.create(DemoModel.build()).run(Arrays.copyOf(CAL, DemoModel.INPUT_BYTES)).length,
                out.length);
        assertFalse(r.summary().isEmpty());
    }

    @Test
    void methodNoneWritesNoPrunedModelAndKeepsTheWeights() {
        PipelineResult r = Pipeline.run(request(settings("none", null)), Progress.NONE);
        assertFalse(r.files().containsKey("demo.pruned.tflite"));
        String json = report(r).toString();
        assertTrue(json.contains("\"method\":\"none\""), json);
    }

    @Test
    void ratioAndCoreFromTheSettingsAreHonoured() {
        long small = prunedWeights(settings("filterlet", 0.3));
        long large = prunedWeights(settings("filterlet", 0.7));
        assertTrue(large < small, () -> "ratio 0.7 keeps fewer weights (" + large + ") than 0.3 (" + small + ")");

        PrunusSettings m7 = settings("filterlet", 0.3).withTarget(new PrunusSettings.Target("m7", null, null, null));
        String m7Report = new String(Pipeline.run(request(m7), Progress.NONE).files().get("demo.report.json"),
                StandardCharsets.UTF_8);
        assertTrue(m7Report.contains("\"m7\""), m7Report);
    }

    private long prunedWeights(PrunusSettings s) {
        Model m = TfliteReader.read(Pipeline.run(request(s), Progress.NONE).files().get("demo.pruned.tflite"));
        long nz = 0;
        for (var t : m.main().tensors()) {
            if (t.isConstant() && t.type() == dev.prunus.core.ir.TensorType.INT8) {
                for (byte b : t.data()) {
                    nz += b != 0 ? 1 : 0;
                }
            }
        }
        return nz;
    }

    @Test
    void calibrationFileWithPartialRecordIsAClearError() {
        fileSystem.put("bad.s8", Arrays.copyOf(CAL, DemoModel.INPUT_BYTES + 7));
        PrunusSettings s = settings("auto", 0.5).withData("bad.s8", null, null);
        PrunusException e = assertThrows(PrunusException.class, () -> Pipeline.run(request(s), Progress.NONE));
        assertTrue(e.getMessage().contains("bad.s8") && e.getMessage().contains(String.valueOf(DemoModel.INPUT_BYTES)),
                e.getMessage());
    }

    @Test
    void missingCalibrationFileIsAClearError() {
        PrunusSettings s = settings("auto", 0.5).withData("nowhere.s8", null, null);
        PrunusException e = assertThrows(PrunusException.class, () -> Pipeline.run(request(s), Progress.NONE));
        assertTrue(e.getMessage().contains("calibration") && e.getMessage().contains("nowhere.s8"), e.getMessage());
    }

    /** The caller sees one task whose work never exceeds its total, although the pruner begins its own. */
    @Test
    void nestedStepsDoNotResetTheOuterProgress() {
        List<String> begins = new ArrayList<>();
        AtomicInteger total = new AtomicInteger();
        AtomicInteger worked = new AtomicInteger();
        Progress p = new Progress() {
            @Override
            public void begin(String task, int totalWork) {
                begins.add(task);
                total.set(totalWork);
            }

            @Override
            public void worked(int work) {
                assertTrue(work > 0, "work is reported in positive steps");
                worked.addAndGet(work);
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        Pipeline.run(request(settings("auto", 0.5)), p);
        assertEquals(1, begins.size(), begins::toString);
        assertEquals(total.get(), worked.get());
    }

    @Test
    void cancellationStopsTheRunWithoutResult() {
        CancelAfter p = new CancelAfter(50);
        assertThrows(CanceledException.class, () -> Pipeline.run(request(settings("auto", 0.5)), p));
    }

    /** The C the pipeline generates for the pruned model computes bit for bit what the interpreter computes. */
    @Test
    void prunedCAgreesBitForBitWithTheInterpreter(@TempDir Path work) throws IOException {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not on the PATH");
        PipelineResult r = Pipeline.run(request(settings("auto", 0.5)), Progress.NONE);
        Model pruned = TfliteReader.read(r.files().get("demo.pruned.tflite"));
        var plan = PackPlanner.plan(pruned.main(), "m4");
        // The validator compiles what the generator makes of the pruned .tflite: the pipeline's own C files.
        CGenerator.generate(pruned, "demo", plan, Progress.NONE).forEach((name, bytes) -> assertArrayEquals(bytes,
                r.files().get(name), name + " is what the pipeline wrote"));
        ValidationResult v = CValidator.validate(pruned, plan, DemoModel.inputs(8), null, CValidator.Target.HOST,
                "-O2", work, Progress.NONE);
        assertEquals(8, v.records());
        assertEquals(8, v.bitExact(), "records whose C output equals the interpreter's, first mismatch "
                + v.firstMismatch());
    }

    private static JsonObject report(PipelineResult r) {
        return JsonParser.parseString(new String(r.files().get("demo.report.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }
}
