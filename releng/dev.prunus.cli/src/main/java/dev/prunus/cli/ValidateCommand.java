package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prunus validate MODEL [--settings FILE] --inputs FILE [--labels FILE] [--on host|m4|m7]}: generates the
 * C, compiles it (host gcc or arm-none-eabi-gcc), runs every record (natively or under QEMU mps2) and compares the
 * outputs with the reference interpreter. Exit status 1 when any record is not bit-exact. The records are one
 * sequence (state carried, as in TFLite Micro) unless {@code --reset-each} makes them independent.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compile and run the generated C on every input record and compare with the interpreter.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--settings", paramLabel = "FILE", description = "settings file (<model>.prunus.json)")
    Path settings;

    @Option(names = "--inputs", paramLabel = "FILE", required = true,
            description = "raw input records: the exact bytes of the input tensor, concatenated")
    Path inputs;

    @Option(names = "--labels", paramLabel = "FILE", description = "one class index per line, in record order")
    Path labels;

    @Option(names = "--on", paramLabel = "TARGET", defaultValue = "host",
            description = "host (gcc), m4 (Cortex-M4, QEMU mps2-an386) or m7 (Cortex-M7, QEMU mps2-an500)")
    String on;

    @Option(names = "--opt", paramLabel = "FLAG", defaultValue = "-O2", description = "optimization flag: -O2 or -Os")
    String opt;

    @Option(names = "--reset-each", description = "reset the model's state (variable tensors, e.g. LSTM state) "
            + "before every record, in C and in the interpreter; by default it carries from one record to the next, "
            + "as in TFLite Micro")
    boolean resetEach;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CValidator.Target target = CValidator.Target.parse(on);
        if (!opt.matches("-O[0-3s]")) {
            throw new CommandFailure("--opt must be -O0, -O1, -O2, -O3 or -Os, was " + opt);
        }
        Model m = InspectCommand.readModel(model);
        if (!Files.isRegularFile(inputs)) {
            throw new CommandFailure("inputs file not found: " + inputs);
        }
        byte[] in = Files.readAllBytes(inputs);
        int[] lab = labels == null ? null : readLabels(labels);
        String core = target == CValidator.Target.M7 ? "m7" : GenerateCommand.core(settings);
        PackPlan plan = PackPlanner.plan(m.main(), core);
        Path work = Files.createTempDirectory("prunus-validate");
        try {
            ValidationResult r = CValidator.validate(m, plan, in, lab, target, opt, resetEach, work, Progress.NONE);
            PrintWriter out = spec.commandLine().getOut();
            out.println("target " + target.name().toLowerCase(Locale.ROOT) + " (" + opt + "), " + r.records()
                    + " records" + (r.stateCarried() ? ", one sequence (state carried; --reset-each for independent "
                    + "records)" : resetEach ? ", state reset before each record" : ""));
            out.println("bit-exact records: " + r.bitExact() + " / " + r.records()
                    + (r.firstMismatch() >= 0 ? " (first difference: record " + r.firstMismatch() + ")" : ""));
            out.println("top-1 agreement: " + r.top1Agreement() + " / " + r.records());
            if (lab != null) {
                out.printf(Locale.ROOT, "accuracy: %d / %d (%.2f %%)%n", r.correct(), r.records(),
                        100.0 * r.correct() / r.records());
            }
            if (r.instructions() != null) {
                long min = Long.MAX_VALUE;
                long max = 0;
                for (long v : r.instructions()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                out.printf(Locale.ROOT, "instructions per inference: %d (min %d, max %d), %.3f per MAC (%d MACs)%n",
                        r.meanInstructions(), min, max, r.instructionsPerMac(), r.macs());
                out.println("code " + r.image().codeBytes() + " B, weights and constants " + r.image().constantBytes()
                        + " B, arena " + r.image().arenaBytes() + " B (linked image), stack high-water "
                        + r.stackBytes() + " B");
            }
            out.flush();
            if (r.bitExact() != r.records()) {
                throw new CommandFailure((r.records() - r.bitExact()) + " of " + r.records()
                        + " records differ from the reference interpreter (first: record " + r.firstMismatch() + ")");
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    static int[] readLabels(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("labels file not found: " + file);
        }
        List<String> lines = Files.readAllLines(file);
        int n = 0;
        int[] v = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                v[n++] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new CommandFailure(file + " line " + (i + 1) + ": '" + s + "' is not a class index");
            }
        }
        return java.util.Arrays.copyOf(v, n);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
