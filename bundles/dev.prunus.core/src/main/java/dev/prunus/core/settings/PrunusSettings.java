package dev.prunus.core.settings;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import dev.prunus.core.data.Preprocessing;

/**
 * Contents of a {@code <model>.prunus.json} settings file: what to prune, for which target, under which budget,
 * and where to write the outputs. The IDE builder, the wizard and the command line read the same file, so IDE
 * and CI builds give the same bytes. Immutable; derive changed copies with the {@code with...} methods.
 *
 * @param schema     version of the file format; {@link #SCHEMA} is the only one today
 * @param model      path of the model, relative to the settings file
 * @param target     the microcontroller the code is for
 * @param budget     limits pruning must meet; unset fields are not limits
 * @param method     pruning method: filterlet, channel, block, unstructured, auto or none
 * @param ratio      uniform fraction of prunable weights to remove, or null to let the budget decide
 * @param layers     per-operator overrides keyed by operator index
 * @param calibration raw input records used to choose and compensate what is pruned, relative path or null
 * @param validation raw input records used to measure fidelity, relative path or null
 * @param labels     one class index per line for the validation records, relative path or null
 * @param output     folder of generated files, relative to the project (or the settings file on the command line)
 * @param fineTune   distillation fine-tuning after compensation, or null for none (compensation only)
 * @param preprocessing how labelled data (images, NumPy, CSV) maps to the model's input, or null to infer it
 * @param training   prune while training on the user's labelled data, or null to prune without training
 */
public record PrunusSettings(int schema, String model, Target target, Budget budget, String method, Double ratio,
        Map<Integer, LayerOverride> layers, String calibration, String validation, String labels, String output,
        FineTune fineTune, Preprocessing preprocessing, Training training) {

    /** The settings file format version this release reads and writes. */
    public static final int SCHEMA = 1;

    /** Suffix of settings files; {@code person.tflite} is configured by {@code person.prunus.json}. */
    public static final String FILE_SUFFIX = ".prunus.json";

    /** Pruning methods the settings file accepts. */
    public static final java.util.List<String> METHODS =
            java.util.List.of("none", "auto", "filterlet", "channel", "block", "unstructured");

    public PrunusSettings {
        layers = layers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(layers));
    }

    /** Settings without a training section. */
    public PrunusSettings(int schema, String model, Target target, Budget budget, String method, Double ratio,
            Map<Integer, LayerOverride> layers, String calibration, String validation, String labels, String output,
            FineTune fineTune, Preprocessing preprocessing) {
        this(schema, model, target, budget, method, ratio, layers, calibration, validation, labels, output, fineTune,
                preprocessing, null);
    }

    /** Settings without preprocessing overrides (the form before labelled data readers). */
    public PrunusSettings(int schema, String model, Target target, Budget budget, String method, Double ratio,
            Map<Integer, LayerOverride> layers, String calibration, String validation, String labels, String output,
            FineTune fineTune) {
        this(schema, model, target, budget, method, ratio, layers, calibration, validation, labels, output, fineTune,
                null);
    }

    /** The target core, its memories and clock. Sizes in bytes. */
    public record Target(String core, Long flashBytes, Long ramBytes, Long clockHz) {
    }

    /** Limits that pruning must meet; null means no limit. */
    public record Budget(Long flashBytes, Long ramBytes, Long instructions, Double maxLossPercent) {
    }

    /**
     * Fine-tuning of the pruned model by distillation from the original on the calibration records (no labels).
     * Unset fields take the fine-tuner's defaults.
     *
     * @param epochs       passes over the calibration records
     * @param learningRate peak step size
     * @param seed         seed of shuffling and the held-out split: equal seeds give equal bytes
     */
    public record FineTune(Integer epochs, Double learningRate, Long seed) {
    }

    /**
     * Pruning while training on labelled data (the {@code "training"} section). Unset fields take
     * {@link #TRAINING_DEFAULTS}' values through the {@code ...OrDefault} accessors.
     *
     * @param data            training data relative to the settings file's folder: an image folder, .npy, .npz,
     *                        .csv or raw .s8 records
     * @param labels          labels file for raw records (or a .npy), or null
     * @param validation      validation data in the same forms, or null to split it off the training data
     * @param validationSplit fraction of the training data held out for validation when {@code validation} is unset
     * @param epochs          passes over the training data
     * @param batchSize       samples per update
     * @param optimizer       "adam" or "sgd" (with momentum)
     * @param learningRate    peak learning rate
     * @param augmentation    random crop with padding and horizontal flip, or null for the defaults
     * @param seed            seeds the split, shuffling and augmentation: equal seeds give equal bytes
     * @param threads         worker threads; 0 = all cores
     */
    public record Training(String data, String labels, String validation, Double validationSplit, Integer epochs,
            Integer batchSize, String optimizer, Double learningRate, Augmentation augmentation, Long seed,
            Integer threads, String schedule) {

        /** Optimizers the training section accepts. */
        public static final java.util.List<String> OPTIMIZERS = java.util.List.of("adam", "sgd");

        /**
         * How pruning and training combine: {@code oneShot} trains the one-shot compensated model with its masks
         * fixed and per-tensor Adam rates (best measured on ResNet-8); {@code gradual} prunes step by step from the
         * dense model while training (Zhu and Gupta's cubic schedule) with one rate (best measured on the digit
         * demo). docs/benchmarks/accuracy.md has both measurements.
         */
        public static final java.util.List<String> SCHEDULES = java.util.List.of("oneShot", "gradual");

        /** A section without a schedule (the default one). */
        public Training(String data, String labels, String validation, Double validationSplit, Integer epochs,
                Integer batchSize, String optimizer, Double learningRate, Augmentation augmentation, Long seed,
                Integer threads) {
            this(data, labels, validation, validationSplit, epochs, batchSize, optimizer, learningRate, augmentation,
                    seed, threads, null);
        }

        public String scheduleOrDefault() {
            return schedule != null ? schedule : "oneShot";
        }

        public Training withSchedule(String newSchedule) {
            return new Training(data, labels, validation, validationSplit, epochs, batchSize, optimizer,
                    learningRate, augmentation, seed, threads, newSchedule);
        }

        public double validationSplitOrDefault() {
            return validationSplit != null ? validationSplit : 0.1;
        }

        public int epochsOrDefault() {
            return epochs != null ? epochs : 10;
        }

        public int batchSizeOrDefault() {
            return batchSize != null ? batchSize : 32;
        }

        public String optimizerOrDefault() {
            return optimizer != null ? optimizer : "adam";
        }

        public double learningRateOrDefault() {
            return learningRate != null ? learningRate : ("sgd".equals(optimizerOrDefault()) ? 0.01 : 0.001);
        }

        public Augmentation augmentationOrDefault() {
            Augmentation a = augmentation != null ? augmentation : new Augmentation(null, null, null);
            return new Augmentation(a.crop() != null ? a.crop() : true, a.padding() != null ? a.padding() : 4,
                    a.flip() != null ? a.flip() : false);
        }

        public long seedOrDefault() {
            return seed != null ? seed : 1L;
        }

        /** Worker threads, 0 (all cores) resolved. */
        public int threadsOrDefault() {
            return threads == null || threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        }

        public Training withData(String newData, String newValidation, Integer newEpochs) {
            return new Training(newData, labels, newValidation, validationSplit, newEpochs, batchSize, optimizer,
                    learningRate, augmentation, seed, threads, schedule);
        }
    }

    /**
     * Image augmentation while training: flip is off by default (digits, text and many signals must not be
     * mirrored).
     *
     * @param crop    random crop after zero padding
     * @param padding padding of the crop in pixels
     * @param flip    random horizontal flip
     */
    public record Augmentation(Boolean crop, Integer padding, Boolean flip) {
    }

    /** Overrides for one operator: its method and ratio, or dense to leave it alone. */
    public record LayerOverride(String method, Double ratio) {
    }

    /** Settings a new model starts with: Cortex-M4 with 512 KiB flash and 128 KiB RAM, automatic pruning, 1% loss. */
    public static PrunusSettings defaults(String modelFileName) {
        String base = modelFileName.endsWith(".tflite")
                ? modelFileName.substring(0, modelFileName.length() - ".tflite".length()) : modelFileName;
        return new PrunusSettings(SCHEMA, modelFileName, new Target("m4", 524_288L, 131_072L, 84_000_000L),
                new Budget(null, null, null, 1.0), "auto", null, Map.of(), null, null, null,
                "prunus-gen/" + base, null);
    }

    /** Settings file name for a model file name. */
    public static String settingsFileNameFor(String modelFileName) {
        String base = modelFileName.endsWith(".tflite")
                ? modelFileName.substring(0, modelFileName.length() - ".tflite".length()) : modelFileName;
        return base + FILE_SUFFIX;
    }

    public PrunusSettings withTarget(Target newTarget) {
        return new PrunusSettings(schema, model, newTarget, budget, method, ratio, layers, calibration, validation,
                labels, output, fineTune, preprocessing, training);
    }

    public PrunusSettings withBudget(Budget newBudget) {
        return new PrunusSettings(schema, model, target, newBudget, method, ratio, layers, calibration, validation,
                labels, output, fineTune, preprocessing, training);
    }

    public PrunusSettings withMethod(String newMethod, Double newRatio) {
        return new PrunusSettings(schema, model, target, budget, newMethod, newRatio, layers, calibration,
                validation, labels, output, fineTune, preprocessing, training);
    }

    public PrunusSettings withLayers(Map<Integer, LayerOverride> newLayers) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, newLayers, calibration, validation,
                labels, output, fineTune, preprocessing, training);
    }

    public PrunusSettings withData(String newCalibration, String newValidation, String newLabels) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers, newCalibration,
                newValidation, newLabels, output, fineTune, preprocessing, training);
    }

    public PrunusSettings withFineTune(FineTune newFineTune) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers, calibration, validation,
                labels, output, newFineTune, preprocessing, training);
    }

    public PrunusSettings withOutput(String newOutput) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers, calibration, validation,
                labels, newOutput, fineTune, preprocessing, training);
    }

    public PrunusSettings withTraining(Training newTraining) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers, calibration, validation,
                labels, output, fineTune, preprocessing, newTraining);
    }

    public PrunusSettings withPreprocessing(Preprocessing newPreprocessing) {
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers, calibration, validation,
                labels, output, fineTune, newPreprocessing, training);
    }
}
