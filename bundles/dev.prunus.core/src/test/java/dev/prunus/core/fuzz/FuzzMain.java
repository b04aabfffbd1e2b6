package dev.prunus.core.fuzz;

import java.util.Map;
import java.util.function.Consumer;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Entry point for Jazzer's standalone driver, which bench/fuzz.sh uses for long runs (libFuzzer's own flags: run
 * time, one-second timeout, several corpus folders). The target is the system property {@code prunus.fuzz.target},
 * named as the fuzz test methods are: model, settings, npy, npz, csv, rawRecords, imageFolder, wavFolder.
 */
public final class FuzzMain {

    static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "model", FuzzTargets::model,
            "settings", FuzzTargets::settings,
            "npy", b -> FuzzTargets.dataFile(".npy", b),
            "npz", b -> FuzzTargets.dataFile(".npz", b),
            "csv", b -> FuzzTargets.dataFile(".csv", b),
            "rawRecords", b -> FuzzTargets.dataFile(".s8", b),
            "imageFolder", b -> FuzzTargets.folderWith("x.png", b),
            "wavFolder", b -> FuzzTargets.folderWith("x.wav", b));

    private static Consumer<byte[]> target;

    private FuzzMain() {
    }

    /** Called once by Jazzer before fuzzing. */
    public static void fuzzerInitialize() {
        String name = System.getProperty("prunus.fuzz.target", "");
        target = TARGETS.get(name);
        if (target == null) {
            throw new IllegalArgumentException("-Dprunus.fuzz.target=" + name + " is not one of " + TARGETS.keySet());
        }
        // Class loading and instrumentation take seconds: done here on a valid input that goes all the way
        // through, not charged to the first input's one-second timeout.
        target.accept(new byte[0]);
        if (name.equals("model")) {
            target.accept(TfliteWriter.write(DemoModel.build()));
        }
    }

    /** Called by Jazzer for every input. */
    public static void fuzzerTestOneInput(byte[] data) {
        target.accept(data);
    }
}
