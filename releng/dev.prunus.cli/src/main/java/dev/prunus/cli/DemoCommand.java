package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.demo.DigitsDemo;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.pipeline.PipelineResult;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import dev.prunus.core.view.Figures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus demo}: the main job on a real model, for a first try without a model of your own. Writes Prunus'
 * int8 digit classifier, real MNIST digits and a settings file into a folder, then runs what a user runs: inspect,
 * prune under a flash budget with training on the training digits (the same settings file and pipeline as
 * {@code prunus prune --settings} and the IDE), C generation, validation of the generated C against the
 * interpreter on the host and, when the toolchain is installed, on Cortex-M4 under QEMU, where instructions per
 * inference are measured. Ends with a before/after table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Prune Prunus' int8 digit classifier on real MNIST digits: inspect, prune with training, "
                + "generate C, validate (host, and Cortex-M4 under QEMU when installed), before/after table.")
final class DemoCommand implements Callable<Integer> {

    /**
     * Share of the dense model's constants (weights, index, bias and requantization data) the flash budget allows;
     * the code estimate, which pruning hardly changes, comes on top, so the whole flash ends near half.
     */
    static final double FLASH_SHARE = 0.35;
    /** Share of the dense model's estimated Cortex-M4 instructions the budget allows. */
    static final double INSTRUCTION_SHARE = 0.45;
    static final int TRAINING_EPOCHS = 30;
    /** Test digits run under QEMU to measure instructions per inference (the count barely varies per digit). */
    static final int QEMU_RECORDS = 20;
    static final String SETTINGS = "digits.prunus.json";
    /** The test digits as raw int8 input records (q = pixel - 128) and labels: the report's fidelity records. */
    static final String TEST_RECORDS = "digits-test.s8";
    static final String TEST_LABELS = "digits-test.labels";
    static final String OUTPUT = "generated";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "prunus-demo",
            description = "folder for the demo project and its outputs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--files-only", description = "write the demo project (model, digits, settings) and stop")
    boolean filesOnly;

    @Option(names = "--no-qemu", description = "skip Cortex-M4 under QEMU; instructions come from the cost model")
    boolean noQemu;

    @Spec
    CommandSpec spec;

    /** One column of the table. */
    record Column(long flashBytes, long ramBytes, long instructions, boolean measured, int correct, int total) {
        double top1Percent() {
            return 100.0 * correct / total;
        }
    }

    /** What the demo measured. */
    record Result(Column dense, Column pruned, Path report, int hostBitExact, int hostRecords) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandFailure(out + " is a file; give --out a folder (it is created when absent)");
        }
        writeProject(out, stdout);
        if (filesOnly) {
            stdout.flush();
            return 0;
        }
        boolean qemu = !noQemu && CValidator.onPath("arm-none-eabi-gcc") && CValidator.onPath("qemu-system-arm");
        Result r = run(out, qemu, stdout);
        printTable(stdout, r);
        stdout.flush();
        return 0;
    }

    /**
     * Writes the model, the digits and their README (each only when its bytes changed) and the settings file
     * unless one is already there: a settings file the user edited is theirs and is kept.
     */
    static void writeProject(Path dir, PrintWriter log) throws IOException {
        for (String name : DigitsDemo.FILES) {
            OutputFiles.writeIfChanged(dir.resolve(name), DigitsDemo.read(name));
        }
        Model model = TfliteReader.read(DigitsDemo.read(DigitsDemo.MODEL));
        Dataset test = DataReader.read(dir.resolve(DigitsDemo.TEST), null, InputSpec.of(model), Preprocessing.DEFAULT,
                Progress.NONE);
        OutputFiles.writeIfChanged(dir.resolve(TEST_RECORDS), records(test, test.size()));
        StringBuilder labels = new StringBuilder();
        for (int label : test.labels()) {
            labels.append(label).append('\n');
        }
        OutputFiles.writeIfChanged(dir.resolve(TEST_LABELS), labels.toString().getBytes(StandardCharsets.US_ASCII));
        Path settingsFile = dir.resolve(SETTINGS);
        byte[] settings = SettingsIO.write(settings(model));
        if (Files.notExists(settingsFile)) {
            OutputFiles.writeIfChanged(settingsFile, settings);
        } else if (!Arrays.equals(Files.readAllBytes(settingsFile), settings)) {
            log.println("note: keeping your " + settingsFile + " (it differs from the demo's; delete it to get the "
                    + "demo's settings back)");
        }
        log.println("wrote " + dir.resolve(DigitsDemo.MODEL) + " (int8 digit classifier), "
                + DigitsDemo.TRAIN + " (1,500 training digits), " + DigitsDemo.TEST + " (1,000 test digits), "
                + SETTINGS + " and " + DigitsDemo.README + " (provenance, licence) in " + dir);
    }

    /**
     * The demo's settings: flash and instruction budgets for about half the dense model, pruning while training on
     * the training digits (10 % of them held out for the training's own validation), fidelity measured on the test
     * digits. Two threads whatever the machine has: a seed and a thread count give the same bytes. The gradual
     * schedule: on this small model it keeps 3 more test digits than the one-shot start (983 against 980 of 1,000).
     */
    static PrunusSettings settings(Model model) {
        Figures dense = Figures.of(model.main(), "m4");
        long constants = dense.weightBytes() + dense.indexBytes() + dense.otherBytes();
        long flash = (long) Math.floor(FLASH_SHARE * constants);
        long instructions = (long) Math.floor(INSTRUCTION_SHARE * dense.instructions());
        PrunusSettings.Training training = new PrunusSettings.Training(DigitsDemo.TRAIN, null, null, null,
                TRAINING_EPOCHS, null, null, null, new PrunusSettings.Augmentation(true, 2, false), 1L, 2, "gradual");
        return PrunusSettings.defaults(DigitsDemo.MODEL).withMethod("auto", null)
                .withBudget(new PrunusSettings.Budget(flash, null, instructions, null))
                .withData(null, TEST_RECORDS, TEST_LABELS)
                .withTraining(training)
                .withOutput(OUTPUT);
    }

    /** Runs the demo on a project {@link #writeProject} wrote; prints progress lines. */
    static Result run(Path dir, boolean qemu, PrintWriter log) throws IOException {
        long start = System.nanoTime();
        Path modelFile = dir.resolve(DigitsDemo.MODEL);
        Path settingsFile = dir.resolve(SETTINGS);
        Path generated = dir.resolve(OUTPUT);
        byte[] modelBytes = Files.readAllBytes(modelFile);
        Model dense = TfliteReader.read(modelBytes);
        Figures df = Figures.of(dense.main(), "m4");

        step(log, "1/5", "inspect", "prunus inspect " + modelFile);
        log.printf(Locale.ROOT, "      %d operators, %,d MACs, flash %,d B, peak RAM (arena) %,d B%n",
                dense.main().operators().size(), CostAnalyzer.analyze(dense.main()).macs(), df.flashBytes(), df.arenaBytes());

        step(log, "2/5", "prune under a flash budget with training on the training digits",
                "prunus prune " + modelFile + " --settings " + settingsFile + " --out " + generated);
        PrunusSettings settings = SettingsIO.read(Files.readAllBytes(settingsFile));
        Path folder = settingsFile.toAbsolutePath().getParent();
        PipelineRequest request = new PipelineRequest(DigitsDemo.MODEL, modelBytes, settings,
                p -> Files.readAllBytes(folder.resolve(p)), folder,
                p -> Files.isRegularFile(generated.resolve(p)) ? Files.readAllBytes(generated.resolve(p)) : null);
        PipelineResult result = Pipeline.run(request, new LineProgress(log));
        int written = OutputFiles.writeAll(generated, result.files());
        result.summary().forEach(l -> log.println("      " + l));
        log.println("      " + written + " of " + result.files().size() + " files written to " + generated);
        String symbol = request.symbolName();
        Model pruned = TfliteReader.read(Files.readAllBytes(generated.resolve(symbol + ".pruned.tflite")));
        Figures pf = Figures.of(pruned.main(), "m4");

        step(log, "3/5", "top-1 on the 1,000 test digits (reference interpreter)",
                "prunus eval " + modelFile + " --data " + dir.resolve(DigitsDemo.TEST));
        Dataset test = DataReader.read(dir.resolve(DigitsDemo.TEST), null, InputSpec.of(dense), Preprocessing.DEFAULT,
                Progress.NONE);
        Evaluation de = Evaluation.run(Interpreter.create(dense), test, Progress.NONE);
        Evaluation pe = Evaluation.run(Interpreter.create(pruned), test, Progress.NONE);
        log.printf(Locale.ROOT, "      dense %s, pruned %s%n", de.top1Text(), pe.top1Text());

        byte[] records = records(test, test.size());
        int[] labels = test.labels();
        PackPlan plan = PackPlanner.plan(pruned.main(), "m4");
        int bitExact = -1;
        if (CValidator.onPath("gcc")) {
            step(log, "4/5", "validate the generated C on the host (gcc), every test digit",
                    "prunus validate " + generated.resolve(symbol + ".pruned.tflite") + " --inputs DIGITS --on host");
            ValidationResult h = validate(pruned, plan, records, labels, CValidator.Target.HOST);
            bitExact = h.bitExact();
            log.printf(Locale.ROOT, "      %d of %d digits bit-exact with the interpreter, top-1 %d / %d%n",
                    h.bitExact(), h.records(), h.correct(), h.records());
            if (h.bitExact() != h.records()) {
                throw new CommandFailure((h.records() - h.bitExact()) + " test digits differ between the generated C "
                        + "and the interpreter (first: digit " + h.firstMismatch() + "); this is a bug, please report it");
            }
        } else {
            log.println("[4/5] no gcc on the PATH: host validation skipped (apt-get install gcc)");
        }

        long denseInstructions = df.instructions();
        long prunedInstructions = pf.instructions();
        if (qemu) {
            step(log, "5/5", "run on Cortex-M4 under QEMU (mps2-an386), " + QEMU_RECORDS + " test digits each",
                    "prunus validate MODEL --inputs DIGITS --on m4");
            byte[] few = records(test, QEMU_RECORDS);
            int[] fewLabels = Arrays.copyOf(labels, QEMU_RECORDS);
            ValidationResult dm = validate(dense, PackPlanner.plan(dense.main(), "m4"), few, fewLabels,
                    CValidator.Target.M4);
            ValidationResult pm = validate(pruned, plan, few, fewLabels, CValidator.Target.M4);
            denseInstructions = dm.meanInstructions();
            prunedInstructions = pm.meanInstructions();
            log.printf(Locale.ROOT, "      dense %,d, pruned %,d instructions per inference (QEMU -icount); "
                    + "bit-exact %d + %d of %d + %d%n", denseInstructions, prunedInstructions, dm.bitExact(),
                    pm.bitExact(), dm.records(), pm.records());
        } else {
            log.println("[5/5] Cortex-M4 under QEMU skipped (" + (CValidator.onPath("qemu-system-arm")
                    && CValidator.onPath("arm-none-eabi-gcc") ? "--no-qemu" : "apt-get install gcc-arm-none-eabi "
                    + "libnewlib-arm-none-eabi qemu-system-arm") + "): instructions are the cost model's estimate");
        }
        log.printf(Locale.ROOT, "done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        Column d = new Column(df.flashBytes(), df.arenaBytes(), denseInstructions, qemu, de.correct(), de.total());
        Column p = new Column(pf.flashBytes(), pf.arenaBytes(), prunedInstructions, qemu, pe.correct(), pe.total());
        return new Result(d, p, generated.resolve(symbol + ".report.html"), bitExact, test.size());
    }

    static void printTable(PrintWriter o, Result r) {
        Column d = r.dense();
        Column p = r.pruned();
        o.println();
        o.println("                                   dense        pruned");
        o.printf(Locale.ROOT, "flash (B)                    %,10d    %,10d   %.2fx%n", d.flashBytes(), p.flashBytes(),
                ratio(p.flashBytes(), d.flashBytes()));
        o.printf(Locale.ROOT, "peak RAM (B)                 %,10d    %,10d   %.2fx%n", d.ramBytes(), p.ramBytes(),
                ratio(p.ramBytes(), d.ramBytes()));
        o.printf(Locale.ROOT, "M4 instructions/inference    %,10d    %,10d   %.2fx  %s%n", d.instructions(),
                p.instructions(), ratio(p.instructions(), d.instructions()),
                d.measured() ? "(measured, QEMU)" : "(cost-model estimate)");
        o.printf(Locale.ROOT, "top-1 on %,d test digits     %9.2f%%    %9.2f%%   %+.2f points%n", d.total(),
                d.top1Percent(), p.top1Percent(), p.top1Percent() - d.top1Percent());
        o.println("report: " + r.report().toAbsolutePath().normalize());
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static void step(PrintWriter log, String number, String what, String command) {
        log.println("[" + number + "] " + what + "   ($ " + command + ")");
        log.flush();
    }

    private static byte[] records(Dataset data, int count) {
        int size = data.spec().byteSize();
        byte[] all = new byte[count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(data.input(i), 0, all, i * size, size);
        }
        return all;
    }

    private static ValidationResult validate(Model model, PackPlan plan, byte[] records, int[] labels,
            CValidator.Target target) throws IOException {
        Path work = Files.createTempDirectory("prunus-demo");
        try {
            return CValidator.validate(model, plan, records, labels, target, "-O2", true, work, Progress.NONE);
        } finally {
            try (var walk = Files.walk(work)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Prints each task the pipeline begins and each status line it reports, indented under the step. */
    private static final class LineProgress implements Progress {
        private final PrintWriter log;

        LineProgress(PrintWriter log) {
            this.log = log;
        }

        @Override
        public void begin(String task, int totalWork) {
            log.println("      " + task + "...");
            log.flush();
        }

        @Override
        public void status(String line) {
            log.println("      " + line);
            log.flush();
        }

        @Override
        public boolean isCanceled() {
            return false;
        }
    }
}
