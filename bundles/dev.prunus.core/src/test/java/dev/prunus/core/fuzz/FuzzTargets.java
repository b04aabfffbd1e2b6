package dev.prunus.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.prunus.core.PrunusException;
import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;

/**
 * What each reader of a user's file must do with any bytes: return a valid result or throw a
 * {@link PrunusException} with a message. Anything else (another exception, an error, a hang, a huge allocation)
 * propagates and is a finding. Shared by the coverage-guided fuzz tests and the tests over the shared files.
 */
public final class FuzzTargets {

    /** The demo model's input (int8 [1,16,16,3], 4 classes): data readers read for it. */
    static final InputSpec SPEC = InputSpec.of(DemoModel.build());

    private static Path scratch;

    private FuzzTargets() {
    }

    /** Runs a reader; a typed error with a message is a valid outcome, anything else is rethrown. */
    static void expectValidOrTyped(ThrowingRunnable reader) {
        try {
            reader.run();
        } catch (PrunusException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a typed error without a message", e);
            }
        } catch (IOException e) {
            throw new AssertionError("an untyped I/O error reached the caller: " + e, e);
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws IOException;
    }

    /** The model reader, then the whole pipeline (validate, pack, generate C) on what it read. */
    static void model(byte[] bytes) {
        expectValidOrTyped(() -> {
            Model model = TfliteReader.read(bytes);
            if (model.main().tensors().size() > 0) {
                PrunusSettings s = PrunusSettings.defaults("fuzz.tflite").withMethod("none", 0.5);
                Pipeline.run(new PipelineRequest("fuzz.tflite", bytes, s, p -> {
                    throw new java.io.FileNotFoundException(p);
                }), Progress.NONE);
            }
        });
    }

    /** The settings reader; what it accepts writes and reads back to the same settings. */
    static void settings(byte[] bytes) {
        expectValidOrTyped(() -> {
            PrunusSettings s = SettingsIO.read(bytes);
            PrunusSettings again = SettingsIO.read(SettingsIO.write(s));
            if (!s.equals(again)) {
                throw new AssertionError("settings change when written and read back: " + s + " vs " + again);
            }
        });
    }

    /** A data file of the given name ending (.npy, .npz, .csv, .s8) read for the demo model. */
    static void dataFile(String suffix, byte[] bytes) {
        expectValidOrTyped(() -> {
            Path file = scratch().resolve("data" + suffix);
            Files.write(file, bytes);
            read(file);
        });
    }

    /** An image or WAV folder with one class holding one file of the given name. */
    static void folderWith(String fileName, byte[] bytes) {
        expectValidOrTyped(() -> {
            Path dir = scratch().resolve("folder");
            clear(dir);
            Files.createDirectories(dir.resolve("cat"));
            Files.write(dir.resolve("cat").resolve(fileName), bytes);
            read(dir);
        });
    }

    private static void read(Path data) throws IOException {
        Dataset d = DataReader.read(data, null, SPEC, Preprocessing.DEFAULT, Progress.NONE);
        if (d.size() < 0) {
            throw new AssertionError("negative size");
        }
    }

    private static synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("prunus-fuzz");
            Path dir = scratch;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    clear(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return scratch;
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
