package dev.prunus.core.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.prunus.core.PrunusException;
import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.prune.TrainingRun;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.train.TrainOptions;
import dev.prunus.core.train.TrainingData;

/**
 * The settings' {@code training} section turned into what the pruner needs: training samples, validation samples
 * (the given validation data, else a seeded split of the training data), the trainer's options, and int8 records
 * for the pruner's calibration (the first training samples, when the settings name no calibration file) and for
 * the report's fidelity (the validation samples, with their labels).
 */
record TrainingInput(TrainingRun run, byte[] calibration, byte[] validation, int[] validationLabels,
        String description) {

    /** Training records used for calibration (importance and one-shot compensation) when none are given. */
    static final int CALIBRATION_RECORDS = 128;

    static TrainingInput read(PipelineRequest request, PrunusSettings.Training t, Preprocessing pre, Model model,
            Progress progress) {
        InputSpec spec = InputSpec.of(model);
        Dataset train = dataset(request, t.data(), t.labels(), "training", spec, pre, progress);
        if (!train.hasLabels()) {
            throw new PrunusException("the training data '" + t.data() + "' has no labels: give a labels file "
                    + "(\"labels\" in the training section) or use a class folder, .npz with y, or .csv");
        }
        int n = train.size();
        int[] trainIdx;
        int[] valIdx;
        Dataset val;
        if (t.validation() != null) {
            val = dataset(request, t.validation(), null, "validation", spec, pre, progress);
            trainIdx = range(n);
            valIdx = range(val.size());
        } else {
            val = train;
            int held = (int) Math.round(t.validationSplitOrDefault() * n);
            if (held >= n) {
                throw new PrunusException("the validation split " + t.validationSplitOrDefault() + " leaves no "
                        + "training sample of " + n);
            }
            int[] perm = TrainingData.shuffledOrder(n, t.seedOrDefault());
            valIdx = java.util.Arrays.copyOf(perm, held);
            trainIdx = java.util.Arrays.copyOfRange(perm, held, n);
            java.util.Arrays.sort(valIdx);
            java.util.Arrays.sort(trainIdx);
        }
        TrainingData trainData = samples(train, trainIdx, spec);
        TrainingData valData = valIdx.length == 0 || !val.hasLabels() ? null : samples(val, valIdx, spec);
        byte[] calibration = records(train, java.util.Arrays.copyOf(trainIdx, Math.min(CALIBRATION_RECORDS,
                trainIdx.length)));
        byte[] validation = valIdx.length == 0 ? null : records(val, valIdx);
        int[] labels = null;
        if (valIdx.length > 0 && val.hasLabels()) {
            labels = new int[valIdx.length];
            for (int i = 0; i < valIdx.length; i++) {
                labels[i] = val.label(valIdx[i]);
            }
        }
        PrunusSettings.Augmentation a = t.augmentationOrDefault();
        boolean gradual = "gradual".equals(t.scheduleOrDefault());
        TrainOptions options = TrainOptions.DEFAULTS.withEpochs(t.epochsOrDefault())
                .withBatchSize(t.batchSizeOrDefault())
                .withOptimizer("sgd".equals(t.optimizerOrDefault()) ? TrainOptions.Optimizer.SGD
                        : TrainOptions.Optimizer.ADAM, t.learningRateOrDefault())
                .withAugmentation(a.crop(), a.padding(), a.flip())
                .withSeed(t.seedOrDefault()).withThreads(t.threadsOrDefault())
                // Input-scale-dependent first layers (pixels 0-255) need it at rates that suit the other layers;
                // measured with the one-shot start only, so the gradual schedule keeps one rate.
                .withRelativeRates(!gradual);
        String description = String.format(java.util.Locale.ROOT, "training on %,d samples of %s, validation on %,d "
                + "%s", trainIdx.length, t.data(), valIdx.length, t.validation() != null ? "samples of "
                        + t.validation() : "held-out samples (split " + t.validationSplitOrDefault() + ", seed "
                        + t.seedOrDefault() + ")");
        List<String> names = train.classNames();
        return new TrainingInput(new TrainingRun(trainData, valData, options, names, gradual), calibration, validation,
                labels, description);
    }

    /** The settings folder's path of a data path named in the training section. */
    static Path resolve(PipelineRequest request, String path, String what) {
        if (request.folder() == null) {
            throw new PrunusException("the " + what + " data '" + path + "' cannot be read: this run has no settings "
                    + "folder on disk to resolve it against");
        }
        Path p = request.folder().resolve(path).normalize();
        if (!Files.exists(p)) {
            throw new PrunusException("the " + what + " data '" + path + "' named in the training section does not "
                    + "exist (looked for " + p + ")");
        }
        return p;
    }

    private static Dataset dataset(PipelineRequest request, String path, String labels, String what, InputSpec spec,
            Preprocessing pre, Progress progress) {
        Path data = resolve(request, path, what);
        Path labelFile = labels == null ? null : resolve(request, labels, what + " labels");
        try {
            return DataReader.read(data, labelFile, spec, pre == null ? Preprocessing.DEFAULT : pre, progress);
        } catch (IOException e) {
            throw new PrunusException("cannot read the " + what + " data '" + path + "': " + e.getMessage(), e);
        }
    }

    private static TrainingData samples(Dataset d, int[] idx, InputSpec spec) {
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            labels[i] = d.label(idx[i]);
        }
        if (spec.type() == TensorType.INT8) {
            byte[][] recs = new byte[idx.length][];
            for (int i = 0; i < idx.length; i++) {
                recs[i] = d.input(idx[i]);
            }
            return TrainingData.ofInt8(recs, labels, spec.scale(), spec.zeroPoint());
        }
        float[][] x = new float[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            x[i] = d.real(idx[i]);
        }
        return TrainingData.of(x, labels);
    }

    private static byte[] records(Dataset d, int[] idx) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i : idx) {
            out.writeBytes(d.input(i));
        }
        return out.toByteArray();
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
