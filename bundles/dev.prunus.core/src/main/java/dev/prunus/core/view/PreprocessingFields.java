package dev.prunus.core.view;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.settings.PrunusSettings;

/**
 * The settings file's {@code "preprocessing"} section as the Pruning form shows it (how data values become the
 * model's input: scale, offset, per-channel mean and std, channel order, raw record type), one text per field (empty:
 * inferred from the model), and the rules that turn the texts back into settings with a message naming the field and
 * the fix. The limits are the settings reader's, so whatever the form accepts the file reads back. The {@code .npz}
 * keys, which the form does not show, are kept from the file; every field empty (and no keys) removes the section.
 */
public final class PreprocessingFields {

    /** The field texts; mean and std are one number or one per channel, separated by commas. */
    public record Values(String scale, String offset, String mean, String std, String channels, String rawType) {

        boolean isBlank() {
            return scale.isBlank() && offset.isBlank() && mean.isBlank() && std.isBlank() && channels.isBlank()
                    && rawType.isBlank();
        }
    }

    private PreprocessingFields() {
    }

    /** The texts that show a settings file's preprocessing (all empty when it has none). */
    public static Values of(PrunusSettings s) {
        Preprocessing p = s.preprocessing() == null ? Preprocessing.DEFAULT : s.preprocessing();
        return new Values(plain(p.scale()), plain(p.offset()), list(p.mean()), list(p.std()), nn(p.channels()),
                nn(p.rawType()));
    }

    /** Applies the texts to {@code base}'s preprocessing section. */
    public static SettingsFields.Result apply(PrunusSettings base, Values v) {
        Preprocessing old = base.preprocessing();
        String npzInputs = old == null ? null : old.npzInputs();
        String npzLabels = old == null ? null : old.npzLabels();
        if (v.isBlank() && npzInputs == null && npzLabels == null) {
            return new SettingsFields.Result(base.withPreprocessing(null), null, null);
        }
        Double scale;
        Double offset;
        try {
            scale = number(v.scale());
        } catch (NumberFormatException e) {
            return error("The scale must be a number other than 0 (a dot for decimals, e.g. 0.00392 for 1/255), or "
                    + "empty to infer it from the model's input.", "scale");
        }
        if (scale != null && scale == 0) {
            return error("The scale must not be 0: every input would be the same. Give e.g. 0.00392 (1/255), or "
                    + "leave it empty.", "scale");
        }
        try {
            offset = number(v.offset());
        } catch (NumberFormatException e) {
            return error("The offset must be a number (a dot for decimals, e.g. -1), or empty for 0.", "offset");
        }
        List<Double> mean;
        List<Double> std;
        try {
            mean = numbers(v.mean(), false);
        } catch (NumberFormatException e) {
            return error("The mean must be one number or one per channel separated by commas, e.g. 0.485, 0.456, "
                    + "0.406, or empty for 0.", "mean");
        }
        try {
            std = numbers(v.std(), true);
        } catch (NumberFormatException e) {
            return error("The std must be one number above 0 or one per channel separated by commas, e.g. 0.229, "
                    + "0.224, 0.225, or empty for 1.", "std");
        }
        String channels = blankToNull(v.channels());
        if (channels != null && !Preprocessing.CHANNELS.contains(channels)) {
            return error("The channel order must be one of " + Preprocessing.CHANNELS + ", or empty for the "
                    + "model's (rgb for 3 channels, grayscale for 1).", "channels");
        }
        String rawType = blankToNull(v.rawType());
        if (rawType != null && !Preprocessing.RAW_TYPES.contains(rawType)) {
            return error("The raw record type must be one of " + Preprocessing.RAW_TYPES + ", or empty to go by "
                    + "the file's ending (.u8 uint8, .f32 float32, else int8).", "rawType");
        }
        return new SettingsFields.Result(base.withPreprocessing(new Preprocessing(scale, offset, mean, std, channels,
                rawType, npzInputs, npzLabels)), null, null);
    }

    private static Double number(String text) {
        if (text.isBlank()) {
            return null;
        }
        double d = Double.parseDouble(text.strip());
        if (!Double.isFinite(d)) {
            throw new NumberFormatException(text);
        }
        return d;
    }

    private static List<Double> numbers(String text, boolean positive) {
        if (text.isBlank()) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Double d = number(part);
            if (d == null || (positive && d <= 0)) {
                throw new NumberFormatException(text);
            }
            values.add(d);
        }
        return values;
    }

    private static SettingsFields.Result error(String message, String field) {
        return new SettingsFields.Result(null, message, field);
    }

    private static String plain(Double v) {
        return v == null ? "" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String list(List<Double> values) {
        return values == null ? "" : values.stream().map(PreprocessingFields::plain).collect(Collectors.joining(", "));
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
