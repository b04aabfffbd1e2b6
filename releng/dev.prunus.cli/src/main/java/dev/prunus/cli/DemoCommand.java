package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus demo}: the main job on the embedded default model, for a first try without a model of your own.
 * Writes the demo model and sample inputs into a folder, then runs the pipeline steps on them.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Write Prunus' built-in demo model and sample inputs to a folder and run the pipeline on them.")
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
        Path inputs = out.resolve("demo-inputs.s8");
        writeIfChanged(model, TfliteWriter.write(DemoModel.build()));
        writeIfChanged(inputs, DemoModel.inputs(8));
        stdout.println("wrote " + model + " and " + inputs + " (8 records)");
        stdout.println("$ prunus inspect " + model);
        stdout.flush();
        return new CommandLine(new InspectCommand()).setOut(stdout).setErr(spec.commandLine().getErr())
                .execute(model.toString());
    }

    /** Writes only when the bytes differ, through a temporary file, so a failure never leaves half a file. */
    static void writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
