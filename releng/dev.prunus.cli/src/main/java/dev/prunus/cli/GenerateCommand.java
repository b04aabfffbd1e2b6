package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.Callable;

import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prunus generate MODEL [--settings FILE] --out DIR}: writes {@code <name>.h}, {@code <name>.c} and the
 * runtime files the model needs into DIR (files whose bytes are unchanged are not rewritten). Layers are dense
 * unless their weights are already sparse enough for a sparse kernel to be smaller and faster; pruning by the
 * settings happens in {@code prunus prune}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate C sources (and the runtime files they need) for a model.")
final class GenerateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--settings", paramLabel = "FILE", description = "settings file (<model>.prunus.json): "
            + "the target core chooses the kernels")
    Path settings;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "C name prefix (default: from the model file)")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Model m = InspectCommand.readModel(model);
        String core = core(settings);
        String symbol = name != null ? name : CGenerator.symbolFor(model.getFileName().toString());
        PackPlan plan = PackPlanner.plan(m.main(), core);
        SortedMap<String, byte[]> files = CGenerator.generate(m, symbol, plan, Progress.NONE);
        int written = OutputFiles.writeAll(out, files);
        PrintWriter pw = spec.commandLine().getOut();
        CGenerator.Layout layout = CGenerator.layout(m, symbol, plan);
        pw.println("generated " + files.size() + " files into " + out + " (" + written + " changed): " + symbol
                + ".h, " + symbol + ".c, " + (files.size() - 2) + " runtime files");
        pw.println("arena " + layout.arenaBytes() + " B (persistent state " + layout.persistentBytes()
                + " B), input " + layout.inputBytes() + " B, output "
                + layout.outputBytes() + " B; weights " + plan.weightBytes() + " B + index " + plan.indexBytes()
                + " B; " + plan.sparseLayerCount() + " sparse layers; est. " + plan.instructions()
                + " instructions on " + core);
        pw.flush();
        return 0;
    }

    /** The target core from the settings file ("m4" when none is given). */
    static String core(Path settingsFile) throws IOException {
        if (settingsFile == null) {
            return "m4";
        }
        if (!Files.isRegularFile(settingsFile)) {
            throw new CommandFailure("settings file not found: " + settingsFile);
        }
        PrunusSettings s = SettingsIO.read(Files.readAllBytes(settingsFile));
        String core = s.target() == null || s.target().core() == null ? "m4" : s.target().core();
        return core.toLowerCase(java.util.Locale.ROOT).replace("cortex-", "");
    }
}
