package dev.prunus.core.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteWriter;

/** Outputs of another run (the command line, other settings) are Prunus' own; a user's files are not. */
class PrunusOutputsTest {

    private static Map<String, byte[]> run(double ratio) {
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", ratio)
                .withBudget(new PrunusSettings.Budget(null, null, null, null));
        return Pipeline.run(new PipelineRequest("demo.tflite", TfliteWriter.write(DemoModel.build()), s, p -> {
            throw new java.io.FileNotFoundException(p);
        }), Progress.NONE).files();
    }

    @Test
    void everyOutputOfAnotherRunIsRecognised() {
        Map<String, byte[]> old = run(0.5);
        Map<String, byte[]> now = run(0.25);
        assertEquals(old.keySet(), PrunusOutputs.owned(old, now), "all files written by the command line");
    }

    @Test
    void userFilesAreNot() {
        Map<String, byte[]> now = run(0.25);
        Map<String, byte[]> existing = new TreeMap<>();
        existing.put("demo.c", "int main(void) { return 0; }\n".getBytes(StandardCharsets.UTF_8));
        existing.put("demo.pruned.tflite", new byte[] { 1, 2, 3 });
        existing.put("notes.txt", "mine".getBytes(StandardCharsets.UTF_8));
        assertEquals(Set.of(), PrunusOutputs.owned(existing, now), "no signature, no companion: the user's");
        existing.put("demo.report.html", now.get("demo.report.html"));
        assertEquals(Set.of("demo.report.html", "demo.pruned.tflite"), PrunusOutputs.owned(existing, now),
                "a pruned model beside a Prunus report of the same model is Prunus'");
    }
}
