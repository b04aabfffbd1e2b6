package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

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
