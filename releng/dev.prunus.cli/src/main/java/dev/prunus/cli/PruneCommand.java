package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.pipeline.PipelineResult;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus prune MODEL [--settings FILE | options] --out DIR}: runs the pipeline (prune, pack, generate C,
 * report) and writes its files into DIR, only those whose bytes changed, each through a temporary file and an
 * atomic move. Options override the settings file; paths in the settings file are relative to it, paths given as
 * options relative to the working directory.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Prune a model under a budget and write the pruned .tflite, C sources and the report.")
final class PruneCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--settings", paramLabel = "FILE", description = "a <model>.prunus.json settings file")
    Path settingsFile;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder (created when absent)")
    Path out;

    @Option(names = "--method", paramLabel = "M", description = "none, auto, filterlet, channel, block, unstructured")
    String method;

    @Option(names = "--ratio", paramLabel = "R", description = "uniform fraction of prunable units to remove (0..0.95)")
    Double ratio;

    @Option(names = "--flash", paramLabel = "BYTES", description = "flash budget in bytes")
    Long flash;

    @Option(names = "--ram", paramLabel = "BYTES", description = "activation RAM budget in bytes")
    Long ram;

    @Option(names = "--instructions", paramLabel = "N", description = "instructions per inference budget")
    Long instructions;

    @Option(names = "--max-loss", paramLabel = "PERCENT", description = "largest allowed top-1 loss in percent")
    Double maxLoss;

    @Option(names = "--core", paramLabel = "CORE", description = "m4 or m7")
    String core;

    @Option(names = "--calibration", paramLabel = "FILE", description = "raw input records for calibration")
    Path calibration;

    @Option(names = "--validation", paramLabel = "FILE", description = "raw input records for fidelity; with --train, "
            + "validation data in any form --train takes (else a split of the training data)")
    Path validation;

    @Option(names = "--train", paramLabel = "DATA", description = "prune while training on labelled data: a folder "
            + "DATA/<class>/*.png|jpg|bmp|gif (class order from DATA/labels.txt, else sorted), a .npy, .npz or .csv "
            + "file, or raw .s8 records with --train-labels; overrides the settings' training data")
    Path train;

    @Option(names = "--train-labels", paramLabel = "FILE", description = "labels of raw --train records (one class "
            + "index per line, or a .npy)")
    Path trainLabels;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (with --train or a training section)")
    Integer epochs;

    @Option(names = "--labels", paramLabel = "FILE", description = "one class index per line, per validation record")
    Path labels;

    @Option(names = "--fine-tune", paramLabel = "EPOCHS", description = "after compensation, fine-tune the pruned "
            + "model by distillation from the original on the calibration records for EPOCHS passes (0: off)")
    Integer fineTuneEpochs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        byte[] modelBytes = InspectCommand.readModel(model) == null ? null : Files.readAllBytes(model);
        Path base;
        PrunusSettings s;
        if (settingsFile != null) {
            if (!Files.isRegularFile(settingsFile)) {
                throw new CommandFailure("settings file " + settingsFile + " does not exist");
            }
            s = SettingsIO.read(Files.readAllBytes(settingsFile));
            base = settingsFile.toAbsolutePath().getParent();
        } else {
            s = PrunusSettings.defaults(model.getFileName().toString());
            base = Path.of("").toAbsolutePath();
        }
        s = override(s);
        if (labels != null && validation == null && s.validation() == null && train == null) {
            throw new CommandFailure("--labels needs --validation (labels belong to validation records)");
        }
        Path resolveBase = base;
        Path outDir = out;
        PipelineRequest request = new PipelineRequest(model.getFileName().toString(), modelBytes, s,
                p -> Files.readAllBytes(resolveBase.resolve(p)), base,
                p -> Files.isRegularFile(outDir.resolve(p)) ? Files.readAllBytes(outDir.resolve(p)) : null);
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress() {
            @Override
            public void begin(String task, int totalWork) {
                err.println(task + "...");
                err.flush();
            }

            @Override
            public void status(String line) {
                err.println("  " + line);
                err.flush();
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        PipelineResult result = Pipeline.run(request, progress);
        int written = OutputFiles.writeAll(out, result.files());
        PrintWriter o = spec.commandLine().getOut();
        result.summary().forEach(o::println);
        o.println(written + " of " + result.files().size() + " files written to " + out + " (others unchanged)");
        return 0;
    }

    private PrunusSettings override(PrunusSettings s) {
        String m = method != null ? method : s.method();
        if (!PrunusSettings.METHODS.contains(m)) {
            throw new CommandFailure("--method " + m + " is not known; use one of " + PrunusSettings.METHODS);
        }
        Double r = ratio != null ? ratio : s.ratio();
        s = s.withMethod(m, r);
        PrunusSettings.Budget b = s.budget() == null ? new PrunusSettings.Budget(null, null, null, null) : s.budget();
        boolean anyBudget = flash != null || ram != null || instructions != null;
        // A ratio given on the command line replaces the settings file's loss-only search unless limits are given too.
        Double loss = maxLoss != null ? maxLoss : (ratio != null && !anyBudget ? null : b.maxLossPercent());
        s = s.withBudget(new PrunusSettings.Budget(flash != null ? flash : b.flashBytes(),
                ram != null ? ram : b.ramBytes(), instructions != null ? instructions : b.instructions(), loss));
        if (core != null) {
            if (!"m4".equals(core) && !"m7".equals(core)) {
                throw new CommandFailure("--core " + core + " is not known; use m4 or m7");
            }
            PrunusSettings.Target t = s.target();
            s = s.withTarget(new PrunusSettings.Target(core, t == null ? null : t.flashBytes(),
                    t == null ? null : t.ramBytes(), t == null ? null : t.clockHz()));
        }
        if (train != null || (s.training() != null && (validation != null || epochs != null))) {
            s = s.withTraining(training(s.training()));
        } else if (epochs != null || trainLabels != null) {
            throw new CommandFailure((epochs != null ? "--epochs" : "--train-labels") + " needs --train DATA (or a "
                    + "\"training\" section in the settings file)");
        }
        boolean trainingValidation = s.training() != null && validation != null;
        s = s.withData(abs(calibration, s.calibration()), trainingValidation ? s.validation()
                : abs(validation, s.validation()), abs(labels, s.labels()));
        if (fineTuneEpochs != null) {
            if (fineTuneEpochs < 0 || fineTuneEpochs > 10_000) {
                throw new CommandFailure("--fine-tune " + fineTuneEpochs + " is out of range; give 1..10000 epochs, or 0 "
                        + "for no fine-tuning");
            }
            PrunusSettings.FineTune f = s.fineTune();
            s = s.withFineTune(fineTuneEpochs == 0 ? null : new PrunusSettings.FineTune(fineTuneEpochs,
                    f == null ? null : f.learningRate(), f == null ? null : f.seed()));
        }
        return s;
    }

    /** The settings' training section with the command line's --train, --validation and --epochs applied. */
    private PrunusSettings.Training training(PrunusSettings.Training t) {
        if (train != null && !Files.exists(train)) {
            throw new CommandFailure("training data " + train + " does not exist");
        }
        if (validation != null && !Files.exists(validation)) {
            throw new CommandFailure("validation data " + validation + " does not exist");
        }
        if (epochs != null && (epochs < 1 || epochs > 10_000)) {
            throw new CommandFailure("--epochs " + epochs + " is out of range; give 1..10000");
        }
        PrunusSettings.Training base = t != null ? t
                : new PrunusSettings.Training(null, null, null, null, null, null, null, null, null, null, null);
        String data = train != null ? train.toAbsolutePath().toString() : base.data();
        String labels = trainLabels != null ? trainLabels.toAbsolutePath().toString()
                : train != null ? null : base.labels();
        String val = validation != null ? validation.toAbsolutePath().toString() : base.validation();
        return new PrunusSettings.Training(data, labels, val, val != null ? null : base.validationSplit(),
                epochs != null ? epochs : base.epochs(), base.batchSize(), base.optimizer(), base.learningRate(),
                base.augmentation(), base.seed(), base.threads());
    }

    private static String abs(Path option, String fromSettings) {
        if (option == null) {
            return fromSettings;
        }
        if (!Files.isRegularFile(option)) {
            throw new CommandFailure("file " + option + " does not exist");
        }
        return option.toAbsolutePath().toString();
    }

}
