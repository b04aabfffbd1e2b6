package dev.prunus.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;

/**
 * {@code prune --train} end to end on ResNet-8 (pretrainedResnet_quant) with 200 CIFAR-10 training images (20 per
 * class) and one epoch: the packed model's C is bit-exact with the interpreter, the report carries the explored
 * points, the training curve and per-class accuracy, an unchanged key does no training, and cancel returns nothing.
 */
class TrainingPipelineTest {

    private static final String MODEL = "models/mlperf_tiny/pretrainedResnet_quant.tflite";
    private static final int PER_CLASS = 20;

    @TempDir
    static Path dir;
    private static byte[] model;

    @BeforeAll
    static void smallTrainingFolder() throws IOException {
        model = Files.readAllBytes(SharedData.require(MODEL));
        Path source = SharedData.require().resolve("samples/cifar10-train");
        assumeTrue(Files.isDirectory(source), "missing shared folder " + source);
        Path small = Files.createDirectories(dir.resolve("train"));
        List<String> classes = Files.readAllLines(source.resolve("labels.txt")).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Files.write(small.resolve("labels.txt"), classes);
        for (String c : classes) {
            Path to = Files.createDirectories(small.resolve(c));
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(source.resolve(c), "*.png")) {
                s.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files.subList(0, PER_CLASS)) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("resnet.prunus.json"), """
                {"schema": 1, "model": "resnet.tflite", "method": "filterlet", "ratio": 0.3,
                 "training": {"data": "train", "validationSplit": 0.2, "epochs": 1, "batchSize": 32,
                              "learningRate": 0.0001, "seed": 1, "threads": 2}}
                """);
    }

    private static PipelineRequest request(Map<String, byte[]> previous) throws IOException {
        PrunusSettings s = SettingsIO.read(Files.readAllBytes(dir.resolve("resnet.prunus.json")));
        return new PipelineRequest("resnet.tflite", model, s, p -> Files.readAllBytes(dir.resolve(p)), dir,
                p -> previous.get(p));
    }

    /** Records status lines and never cancels. */
    private static final class Statuses implements Progress {
        final List<String> lines = new ArrayList<>();

        @Override
        public void status(String line) {
            lines.add(line);
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    }

    @Test
    void pruneWhileTrainingEndToEndThenCacheHit() throws IOException {
        Statuses first = new Statuses();
        PipelineResult r = Pipeline.run(request(Map.of()), first);
        assertTrue(first.lines.stream().anyMatch(l -> l.startsWith("epoch 1/1: loss ")), first.lines::toString);
        SortedMap<String, byte[]> files = r.files();
        String entry = TrainingCache.path("resnet");
        assertTrue(files.containsKey(entry), "the trained result is cached beside the outputs: " + files.keySet());

        JsonObject report = JsonParser.parseString(new String(files.get("resnet.report.json"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        JsonArray explored = report.getAsJsonArray("explored");
        assertTrue(explored.get(0).getAsJsonObject().get("dense").getAsBoolean());
        assertTrue(explored.size() >= 3, explored::toString);
        int chosen = 0;
        for (var e : explored) {
            JsonObject o = e.getAsJsonObject();
            assertTrue(o.has("top1") && o.has("flashBytes") && o.has("instructions"), o::toString);
            chosen += o.get("chosen").getAsBoolean() ? 1 : 0;
        }
        assertEquals(1, chosen);
        JsonArray epochs = report.getAsJsonObject("training").getAsJsonArray("epochs");
        assertEquals(1, epochs.size());
        JsonObject e1 = epochs.get(0).getAsJsonObject();
        for (String k : new String[] {"epoch", "loss", "validationTop1", "prunedFraction"}) {
            assertTrue(e1.has(k), k + " in " + e1);
        }
        assertFalse(e1.has("seconds"), "no wall time in an output: the same inputs give the same bytes");
        JsonObject fidelity = report.getAsJsonObject("fidelity");
        assertEquals(10, fidelity.getAsJsonArray("classAccuracyOriginal").size());
        assertEquals(10, fidelity.getAsJsonArray("classAccuracyPruned").size());
        assertEquals("airplane", fidelity.getAsJsonArray("classNames").get(0).getAsString());
        assertEquals(40, fidelity.get("records").getAsInt(), "20 % of 200 images held out");
        String html = new String(files.get("resnet.report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("aria-label=\"training curve\"") && html.contains("aria-label=\"top-1 against "
                + "instructions\""), "the HTML report draws both plots");

        // The generated C of the packed, trained model is bit-exact with the interpreter.
        Model pruned = TfliteReader.read(files.get("resnet.pruned.tflite"));
        if (CValidator.onPath("gcc")) {
            byte[] test = java.util.Arrays.copyOf(Files.readAllBytes(SharedData.require(
                    "samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin")), 8 * 3072);
            for (int i = 0; i < test.length; i++) {
                test[i] = (byte) ((test[i] & 0xff) - 128);
            }
            ValidationResult v = CValidator.validate(pruned, PackPlanner.plan(pruned.main(), "m4"), test, null,
                    CValidator.Target.HOST, "-O2", true, Files.createDirectories(dir.resolve("c")), Progress.NONE);
            assertEquals(v.records(), v.bitExact(), "generated C bit-exact with the interpreter");
        }
        assertNotNull(Interpreter.create(pruned));

        // Unchanged key: no training, same bytes.
        Statuses second = new Statuses();
        PipelineResult again = Pipeline.run(request(files), second);
        assertFalse(second.lines.stream().anyMatch(l -> l.startsWith("epoch")), "no training: " + second.lines);
        assertTrue(second.lines.stream().anyMatch(l -> l.contains("not retrained")), second.lines::toString);
        assertEquals(files.keySet(), again.files().keySet());
        for (String f : files.keySet()) {
            assertArrayEquals(files.get(f), again.files().get(f), f + " unchanged on a cache hit");
        }

        // A changed key (another epoch count) retrains: a stale entry is not used.
        byte[] stale = files.get(entry);
        PrunusSettings s = request(Map.of()).settings();
        PrunusSettings changed = s.withTraining(s.training().withData(s.training().data(), null, 2));
        assertTrue(TrainingCache.decode(stale, TrainingCache.key(request(Map.of()), changed)) == null);
    }

    @Test
    void cancelWhileTrainingReturnsNothing() throws IOException {
        // Cancel somewhere in the training run: the pipeline returns no files, so a front end writes nothing.
        CancelAfter cancel = new CancelAfter(2000);
        assertThrows(CanceledException.class, () -> Pipeline.run(request(Map.of()), cancel));
    }
}
