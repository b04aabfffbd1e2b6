package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus demo}: the main job on the built-in demo model, for a first try without a model of your own.
 * Writes the model, sample inputs and a settings file into a folder, then runs what a user runs: inspect, prune
 * (50% of the 3x3 filterlets, compensated on calibration records) with C generation, and validation of the
 * generated C against the interpreter on the host compiler when one is installed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run inspect, prune (with C generation) and host validation on Prunus' built-in demo model.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "prunus-demo",
            description = "folder for the demo model and outputs (default: ${DEFAULT-VALUE})")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Files.createDirectories(out);
        Path model = out.resolve("demo.tflite");
        byte[] records = DemoModel.inputs(32);
        // Calibration and validation records are disjoint, as they must be for an honest fidelity figure.
        OutputFiles.writeIfChanged(model, TfliteWriter.write(DemoModel.build()));
        OutputFiles.writeIfChanged(out.resolve("demo-calibration.s8"), Arrays.copyOfRange(records, 0, records.length / 2));
        OutputFiles.writeIfChanged(out.resolve("demo-validation.s8"), Arrays.copyOfRange(records, records.length / 2, records.length));
        PrunusSettings settings = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null))
                .withData("demo-calibration.s8", "demo-validation.s8", null).withOutput("generated");
        Path settingsFile = out.resolve("demo.prunus.json");
        OutputFiles.writeIfChanged(settingsFile, SettingsIO.write(settings));
        stdout.println("wrote " + model + ", 16 calibration and 16 validation records, and " + settingsFile);

        int status = step(stdout, "inspect", model.toString());
        Path generated = out.resolve("generated");
        if (status == 0) {
            status = step(stdout, "prune", model.toString(), "--settings", settingsFile.toString(), "--out",
                    generated.toString());
        }
        Path pruned = generated.resolve("demo.pruned.tflite");
        if (status == 0 && CValidator.onPath("gcc")) {
            status = step(stdout, "validate", Files.isRegularFile(pruned) ? pruned.toString() : model.toString(),
                    "--inputs", out.resolve("demo-validation.s8").toString(), "--on", "host");
        } else if (status == 0) {
            stdout.println("(no gcc on the PATH: skipping host validation of the generated C; apt-get install gcc)");
        }
        if (status == 0) {
            stdout.println("done: C sources in " + generated + ", report in "
                    + generated.resolve("demo.report.html"));
        }
        stdout.flush();
        return status;
    }

    private int step(PrintWriter stdout, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        stdout.println();
        stdout.println("$ prunus " + String.join(" ", line));
        stdout.flush();
        return PrunusCli.commandLine(stdout, spec.commandLine().getErr()).execute(line.toArray(String[]::new));
    }
}
