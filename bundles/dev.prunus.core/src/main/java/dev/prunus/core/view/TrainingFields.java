package dev.prunus.core.view;

import java.math.BigDecimal;
import java.util.function.Predicate;

import dev.prunus.core.settings.PrunusSettings;

/**
 * The settings file's {@code "training"} section as the Pruning form shows it, one text per field (empty: the
 * trainer's default), and the rules that turn the texts back into settings with a message that names the field and
 * the fix. The limits are the settings reader's, so whatever the form accepts the file reads back.
 *
 * <p>An empty training-data field with every other field empty removes the section (prune without training). Fields
 * the form does not show (optimizer, threads) are kept from the file, and so are unset checkbox values that
 * equal their default, so that saving an unchanged form writes the file's own section back.
 */
public final class TrainingFields {

    /**
     * The field texts; {@code labels} is the labels file of raw records or a {@code .npy}; {@code crop} and
     * {@code flip} are the augmentation checkboxes.
     */
    public record Values(String data, String labels, String validation, String validationSplit, String epochs,
            String batchSize, String learningRate, boolean crop, String padding, boolean flip, String seed) {

        /** Whether nothing but defaults is filled in. */
        boolean isBlank() {
            PrunusSettings.Augmentation d = DEFAULTS.augmentationOrDefault();
            return data.isBlank() && labels.isBlank() && validation.isBlank() && validationSplit.isBlank() && epochs.isBlank()
                    && batchSize.isBlank() && learningRate.isBlank() && crop == d.crop() && padding.isBlank()
                    && flip == d.flip() && seed.isBlank();
        }
    }

    /** A training section with every field unset: its {@code ...OrDefault} values are the trainer's defaults. */
    private static final PrunusSettings.Training DEFAULTS =
            new PrunusSettings.Training(null, null, null, null, null, null, null, null, null, null, null);

    /** Data forms whose labels come from a separate file (raw records by type, and .npy samples). */
    private static final java.util.List<String> RAW = java.util.List.of(".s8", ".u8", ".f32", ".npy");

    private TrainingFields() {
    }

    /** The texts that show a settings file's training section (all empty, checkboxes at defaults, when none). */
    public static Values of(PrunusSettings s) {
        PrunusSettings.Training t = s.training() == null ? DEFAULTS : s.training();
        PrunusSettings.Augmentation a = t.augmentationOrDefault();
        PrunusSettings.Augmentation raw = t.augmentation();
        return new Values(nn(t.data()), nn(t.labels()), nn(t.validation()), plain(t.validationSplit()), text(t.epochs()),
                text(t.batchSize()), plain(t.learningRate()), a.crop(), raw == null ? "" : text(raw.padding()),
                a.flip(), text(t.seed()));
    }

    /** The trainer's default of each field, as the form shows it next to an empty field. */
    public static String defaultsText() {
        PrunusSettings.Augmentation a = DEFAULTS.augmentationOrDefault();
        return "empty fields take the defaults: validation split " + plain(DEFAULTS.validationSplitOrDefault())
                + ", " + DEFAULTS.epochsOrDefault() + " epochs, batch size " + DEFAULTS.batchSizeOrDefault()
                + ", learning rate " + plain(DEFAULTS.learningRateOrDefault()) + " (adam), padding " + a.padding()
                + ", seed " + DEFAULTS.seedOrDefault();
    }

    /**
     * Applies the texts to {@code base}'s training section. {@code exists} says whether a data path (as typed,
     * relative to the settings file's folder or absolute) names an existing file or folder; null skips that check.
     */
    public static SettingsFields.Result apply(PrunusSettings base, Values v, Predicate<String> exists) {
        PrunusSettings.Training old = base.training();
        if (v.isBlank()) {
            return new SettingsFields.Result(base.withTraining(null), null, null);
        }
        String data = blankToNull(v.data());
        if (data == null) {
            return error("Training needs training data: choose an image folder or a .npy, .npz, .csv or .s8 file "
                    + "(Browse), or clear the other training fields to prune without training.", "trainingData");
        }
        if (exists != null && !exists.test(data)) {
            return error("The training data \"" + data + "\" does not exist: paths are relative to the settings "
                    + "file's folder; choose it with Browse.", "trainingData");
        }
        String labels = blankToNull(v.labels());
        String form = data.toLowerCase(java.util.Locale.ROOT);
        if (labels == null && RAW.stream().anyMatch(form::endsWith)) {
            return error("Raw training records and .npy samples need labels: choose a labels file (one class index "
                    + "per line, or a .npy) with Browse, or give an image folder, .npz or .csv that holds its labels.",
                    "trainingLabels");
        }
        if (labels != null && form.endsWith(".csv")) {
            return error("A CSV row ends with its label: clear the training labels.", "trainingLabels");
        }
        if (labels != null && exists != null && !exists.test(labels)) {
            return error("The training labels \"" + labels + "\" do not exist: paths are relative to the settings "
                    + "file's folder; choose them with Browse.", "trainingLabels");
        }
        String validation = blankToNull(v.validation());
        if (validation != null && exists != null && !exists.test(validation)) {
            return error("The training validation data \"" + validation + "\" does not exist: paths are relative to "
                    + "the settings file's folder; choose it with Browse, or clear it to split the training data.",
                    "trainingValidation");
        }
        Double split;
        try {
            split = decimal(v.validationSplit(), 0, 0.9, false);
        } catch (IllegalArgumentException e) {
            return error("The validation split must be a fraction of the training data from 0 to 0.9 (a dot for "
                    + "decimals, e.g. 0.1), or empty for 0.1.", "validationSplit");
        }
        if (validation != null && split != null) {
            return error("Give validation data or a validation split, not both: clear the split to validate on \""
                    + validation + "\", or clear the validation data to split the training data.", "validationSplit");
        }
        Integer epochs;
        Integer batch;
        Integer padding;
        Long seed;
        try {
            epochs = whole(v.epochs(), 1, 10_000, "trainingEpochs");
            batch = whole(v.batchSize(), 1, 65_536, "batchSize");
            padding = whole(v.padding(), 0, 64, "padding");
            seed = wholeLong(v.seed(), 0, Long.MAX_VALUE / 2, "seed");
        } catch (FieldException e) {
            return error(switch (e.field) {
            case "trainingEpochs" -> "Training epochs must be a whole number from 1 to 10000, or empty for "
                    + DEFAULTS.epochsOrDefault() + ".";
            case "batchSize" -> "The batch size must be a whole number of samples from 1 to 65536, or empty for "
                    + DEFAULTS.batchSizeOrDefault() + ".";
            case "padding" -> "The crop padding must be a whole number of pixels from 0 to 64, or empty for "
                    + DEFAULTS.augmentationOrDefault().padding() + ".";
            default -> "The seed must be a whole number from 0 upwards (equal seeds give equal bytes), or empty for "
                    + DEFAULTS.seedOrDefault() + ".";
            }, e.field);
        }
        Double rate;
        try {
            rate = decimal(v.learningRate(), 0, 10, true);
        } catch (IllegalArgumentException e) {
            return error("The learning rate must be a number above 0 and at most 10 (a dot for decimals, e.g. "
                    + "0.001 or 1e-4), or empty for the optimizer's default.", "learningRate");
        }
        if (padding != null && !v.crop()) {
            return error("The padding belongs to the random crop: turn crop on, or clear the padding.", "padding");
        }
        PrunusSettings.Augmentation oldAug = old == null ? null : old.augmentation();
        PrunusSettings.Augmentation defaults = DEFAULTS.augmentationOrDefault();
        // A checkbox showing its default keeps the file's unset value, so an untouched form writes the same file.
        Boolean crop = keep(v.crop(), oldAug == null ? null : oldAug.crop(), defaults.crop());
        Boolean flip = keep(v.flip(), oldAug == null ? null : oldAug.flip(), defaults.flip());
        PrunusSettings.Augmentation aug = crop == null && padding == null && flip == null ? null
                : new PrunusSettings.Augmentation(crop, padding, flip);
        PrunusSettings.Training t = new PrunusSettings.Training(data, labels, validation,
                split, epochs, batch, old == null ? null : old.optimizer(), rate, aug, seed,
                old == null ? null : old.threads(), old == null ? null : old.schedule());
        return new SettingsFields.Result(base.withTraining(t), null, null);
    }

    private static Boolean keep(boolean shown, Boolean fileValue, boolean defaultValue) {
        return fileValue == null && shown == defaultValue ? null : shown;
    }

    /** A problem with one whole-number field. */
    private static final class FieldException extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldException(String field) {
            super(field, null, false, false);
            this.field = field;
        }
    }

    private static Integer whole(String text, int min, int max, String field) throws FieldException {
        Long v = wholeLong(text, min, max, field);
        return v == null ? null : v.intValue();
    }

    private static Long wholeLong(String text, long min, long max, String field) throws FieldException {
        if (text.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FieldException(field);
    }

    /** A decimal from {@code min} to {@code max} ({@code min} itself excluded when {@code aboveMin}); null if blank. */
    private static Double decimal(String text, double min, double max, boolean aboveMin) {
        if (text.isBlank()) {
            return null;
        }
        double v = Double.parseDouble(text.strip()); // NumberFormatException is an IllegalArgumentException
        if (Double.isNaN(v) || v < min || v > max || (aboveMin && v == min)) {
            throw new IllegalArgumentException(text);
        }
        return v;
    }

    private static SettingsFields.Result error(String message, String field) {
        return new SettingsFields.Result(null, message, field);
    }

    /** A decimal as people write it: 0.0001 rather than 1.0E-4. */
    private static String plain(Double v) {
        return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String text(Number v) {
        return v == null ? "" : v.toString();
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
