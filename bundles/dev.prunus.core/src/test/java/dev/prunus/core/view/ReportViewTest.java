package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prunus.core.PrunusException;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.pipeline.PipelineResult;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** The report read back, the weight heat map and the part choice agree with the figures of the models. */
class ReportViewTest {

    @Test
    void reportFiguresEqualTheModelsFigures() {
        byte[] dense = TfliteWriter.write(DemoModel.build());
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null));
        PipelineResult r = Pipeline.run(new PipelineRequest("demo.tflite", dense, s, p -> {
            throw new java.io.FileNotFoundException(p);
        }), Progress.NONE);
        ReportView report = ReportView.read(r.files().get("demo.report.json"));
        Model pruned = TfliteReader.read(r.files().get("demo.pruned.tflite"));
        assertEquals(ModelView.of(TfliteReader.read(dense)).figures("m4").flashBytes(), report.before().flashBytes());
        assertEquals(ModelView.of(pruned).figures("m4").flashBytes(), report.after().flashBytes());
        assertEquals(ModelView.of(pruned).figures("m4").arenaBytes(), report.after().arenaBytes());
        assertTrue(report.layers().size() >= 3);
        assertNull(report.fidelity(), "no records, no fidelity");
        assertThrows(PrunusException.class, () -> ReportView.read("{}".getBytes(StandardCharsets.UTF_8)));

        int conv = report.layers().stream().filter(l -> "FILTERLET".equals(l.format())).findFirst().orElseThrow()
                .operator();
        WeightMap before = WeightMap.of(DemoModel.build().main(), conv);
        WeightMap after = WeightMap.of(pruned.main(), conv);
        assertEquals(1.0, before.keptFraction(), 1e-9);
        assertTrue(after.keptFraction() < 0.9, "the mask shows what filterlet pruning removed: " + after.keptFraction());
        assertEquals(1.0, java.util.Arrays.stream(before.importance()).max().orElse(0), 1e-9);
        assertEquals("filterlet", before.unit());
    }

    /** A report written by hand following the report contract; surefire runs in the module folder. */
    private static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(Path.of("src/test/fixtures/report", name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void exploredPointsTrainingCurveAndClassAccuracyAreRead() {
        ReportView r = ReportView.read(fixture("trained.report.json"));
        assertEquals(5, r.explored().size());
        ReportView.Explored dense = r.dense().orElseThrow();
        assertEquals("dense", dense.label());
        assertEquals(123_456, dense.flashBytes());
        assertEquals(7_890_123, dense.instructions());
        assertEquals(0.8884, dense.top1(), 1e-12);
        ReportView.Explored chosen = r.chosen().orElseThrow();
        assertEquals("filterlet 0.50 trained", chosen.label());
        assertFalse(chosen.dense());
        assertEquals(61_000, chosen.flashBytes());
        assertEquals(1, r.explored().stream().filter(ReportView.Explored::chosen).count());
        assertTrue(r.exploredHasAccuracy());

        assertEquals(3, r.training().size());
        assertEquals(List.of(1, 2, 3), r.training().stream().map(ReportView.Epoch::epoch).toList());
        assertEquals(0.912, r.training().get(1).loss(), 1e-12);
        assertEquals(0.882, r.training().get(2).validationTop1(), 1e-12);
        assertEquals(12.3, r.training().get(0).seconds(), 1e-12);
        assertEquals(0.45, r.training().get(1).prunedFraction(), 1e-12);

        assertEquals(4, r.classes().size());
        ReportView.ClassAccuracy bird = r.classes().get(2);
        assertEquals(2, bird.index());
        assertEquals("bird", bird.name());
        assertEquals(0.81, bird.before(), 1e-12);
        assertEquals(0.78, bird.after(), 1e-12);
        assertEquals(0.8884, r.fidelity().accuracyBefore(), 1e-12, "the old fidelity fields still read");
    }

    @Test
    void withoutLabelsThereIsNoAccuracyToDrawAndClassesAreAbsent() {
        ReportView r = ReportView.read(fixture("unlabelled.report.json"));
        assertEquals(2, r.explored().size());
        assertNull(r.explored().get(0).top1(), "no labelled validation data: no top-1");
        assertFalse(r.exploredHasAccuracy());
        assertEquals("channel 0.50", r.chosen().orElseThrow().label());
        assertEquals(2, r.training().size());
        assertNull(r.training().get(0).validationTop1());
        assertNull(r.training().get(0).prunedFraction());
        assertEquals(2.1, r.training().get(1).loss(), 1e-12);
        assertTrue(r.classes().isEmpty());
    }

    @Test
    void aReportWrittenBeforeTheseFieldsStillLoads() {
        ReportView r = ReportView.read(fixture("before-charts.report.json"));
        assertEquals(3050, r.before().flashBytes());
        assertTrue(r.explored().isEmpty());
        assertTrue(r.chosen().isEmpty());
        assertTrue(r.dense().isEmpty());
        assertTrue(r.training().isEmpty());
        assertTrue(r.classes().isEmpty());
        assertEquals(0.8, r.fidelity().accuracyAfter(), 1e-12);
    }

    @Test
    void classNamesDefaultAndUnevenArraysKeepEveryClass() {
        String json = new String(fixture("before-charts.report.json"), StandardCharsets.UTF_8).replace(
                "\"accuracyPruned\": 0.8}", "\"accuracyPruned\": 0.8, \"classAccuracyOriginal\": [0.5, 0.25, 1.0],"
                        + " \"classAccuracyPruned\": [0.5, 0.125]}");
        ReportView r = ReportView.read(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, r.classes().size());
        assertEquals("class 0", r.classes().get(0).name(), "labels files count classes from 0");
        assertEquals(0.125, r.classes().get(1).after(), 1e-12);
        assertNull(r.classes().get(2).after(), "no pruned figure for the third class");
        assertEquals(1.0, r.classes().get(2).before(), 1e-12);
    }

    @Test
    void aMalformedExploredPointIsNotAReport() {
        String json = new String(fixture("unlabelled.report.json"), StandardCharsets.UTF_8)
                .replace("\"flashBytes\": 14100, ", "");
        PrunusException e = assertThrows(PrunusException.class,
                () -> ReportView.read(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not a Prunus report"), e.getMessage());
        String wrongType = new String(fixture("trained.report.json"), StandardCharsets.UTF_8)
                .replace("\"loss\": 0.912", "\"loss\": \"low\"");
        assertThrows(PrunusException.class, () -> ReportView.read(wrongType.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void partChoiceFollowsIocThenProjectThenDefault() {
        PartCatalogue c = PartCatalogue.get();
        assertEquals(PartCatalogue.Source.IOC,
                c.choose("Mcu.UserName=STM32H743ZITx\n", "STM32F401RE", "STM32G474RE").orElseThrow().source());
        assertEquals("STM32F401RE", c.choose("Mcu.UserName=STM32C011F4Px\n", "STM32F401RE", null).orElseThrow()
                .part().name());
        assertEquals(PartCatalogue.Source.PREFERENCE, c.choose(null, "", "STM32G474RE").orElseThrow().source());
        assertTrue(c.choose(null, null, null).isEmpty());
    }
}
