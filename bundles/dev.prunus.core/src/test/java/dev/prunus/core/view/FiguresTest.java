package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.pipeline.PipelineResult;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** One definition of flash: the editor's figures of a model equal what the console and the report say of it. */
class FiguresTest {

    private static PipelineResult prune(byte[] model) {
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null));
        return Pipeline.run(new PipelineRequest("demo.tflite", model, s, p -> {
            throw new java.io.FileNotFoundException(p);
        }), Progress.NONE);
    }

    @Test
    void prunedModelShowsPackedFiguresEqualToTheConsole() {
        byte[] dense = TfliteWriter.write(DemoModel.build());
        PipelineResult result = prune(dense);
        Model pruned = TfliteReader.read(result.files().get("demo.pruned.tflite"));
        ModelView before = ModelView.of(TfliteReader.read(dense));
        ModelView after = ModelView.of(pruned);

        assertFalse(before.isPruned(), "the demo model is dense");
        assertTrue(after.isPruned(), "a pruned .tflite is recognised by its zeros");
        assertTrue(after.figures("m4").flashBytes() < before.figures("m4").flashBytes(),
                "the pruned model shows what pruning bought, not its zeros");
        String flashLine = result.summary().stream().filter(l -> l.startsWith("flash")).findFirst().orElseThrow();
        String expected = String.format(Locale.ROOT, "flash %,d B -> %,d B", before.figures("m4").flashBytes(),
                after.figures("m4").flashBytes());
        assertTrue(flashLine.startsWith(expected), () -> "console says " + flashLine + ", editor " + expected);
        assertTrue(flashLine.contains("code"), "the console line says what flash counts: " + flashLine);
        assertEquals(before.figures("m4").arenaBytes(), dev.prunus.core.analysis.MemoryPlanner.plan(
                TfliteReader.read(dense).main()).arenaBytes());
    }

    @Test
    void layersHaveKeptFractionRamAndTotals() {
        ModelView view = ModelView.of(DemoModel.build());
        assertEquals(view.layers().size(), DemoModel.build().main().operators().size());
        for (ModelView.Layer l : view.layers()) {
            assertTrue(l.keptFraction() > 0.99, "dense model keeps (nearly) everything: " + l);
            assertTrue(l.ramBytes() > 0, "every operator needs some arena: " + l);
            assertTrue(l.ramBytes() <= view.figures("m4").arenaBytes(), "live bytes never exceed the arena: " + l);
        }
        long maxLive = view.layers().stream().mapToLong(ModelView.Layer::ramBytes).max().orElse(0);
        assertTrue(maxLive >= view.figures("m4").arenaBytes() / 2, "the peak is a good share of the arena");
        assertTrue(view.figures("m7").instructions() > 0 && view.figures("m4").instructions() > 0);
        assertEquals(1.0, view.figures("m4").millisAt(view.figures("m4").instructions()) / 1000, 1e-9);
        assertEquals("int8", view.inputs().get(0).type());
        assertTrue(view.inputs().get(0).quantization().startsWith("scale"), view.inputs().get(0).quantization());
    }
}
