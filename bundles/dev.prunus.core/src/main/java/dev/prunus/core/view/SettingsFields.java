package dev.prunus.core.view;

import java.util.Locale;
import java.util.Optional;

import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;

/**
 * The settings as the wizard and the editor's Pruning form show them, one text per field, and the rules that turn
 * those texts back into settings: one place for every check, so the wizard, the form and the command line agree,
 * with a message that names the field and the fix.
 *
 * <p>Budgets are in KiB (empty: no limit); the loss cap in percent (empty: no cap); the ratio a fraction of the
 * prunable weights (empty: the budget decides).
 */
public final class SettingsFields {

    /** The field texts. {@code part} is a catalogue name or empty (the target's own figures stay). */
    public record Values(String part, String method, String flashKib, String ramKib, String maxLossPercent,
            String ratio, String calibration, String validation, String labels, String fineTuneEpochs,
            String output) {
    }

    /** Settings, or the first problem and the field it concerns ({@code settings} null then). */
    public record Result(PrunusSettings settings, String error, String field) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The largest fraction of weights the form lets pruning remove (uniformly or from one layer). */
    public static final double MAX_RATIO = 0.95;

    private SettingsFields() {
    }

    /** The texts that show a settings file. */
    public static Values of(PrunusSettings s) {
        PrunusSettings.Budget b = s.budget();
        return new Values(partOf(s).map(Part::name).orElse(""), s.method(), kib(b == null ? null : b.flashBytes()),
                kib(b == null ? null : b.ramBytes()),
                b == null || b.maxLossPercent() == null ? "" : number(b.maxLossPercent()),
                s.ratio() == null ? "" : number(s.ratio()), nn(s.calibration()), nn(s.validation()), nn(s.labels()),
                s.fineTune() == null ? "0" : String.valueOf(s.fineTune().epochs() == null ? 10 : s.fineTune().epochs()),
                nn(s.output()));
    }

    /** The catalogue part whose memories and clock the settings' target holds. */
    public static Optional<Part> partOf(PrunusSettings s) {
        PrunusSettings.Target t = s.target();
        if (t == null) {
            return Optional.empty();
        }
        return PartCatalogue.get().parts().stream().filter(p -> p.costModel().equals(t.core())
                && eq(t.flashBytes(), p.flashKib() == 0 ? null : p.flashBytes()) && eq(t.ramBytes(), p.ramBytes())
                && eq(t.clockHz(), p.clockHz())).findFirst();
    }

    /** Applies the texts to a base settings object (fields the form does not show are kept). */
    public static Result apply(PrunusSettings base, Values v) {
        Long flash;
        Long ram;
        Double loss;
        Double ratio;
        int epochs;
        try {
            flash = kibField(v.flashKib(), "flash budget");
            ram = kibField(v.ramKib(), "RAM budget");
        } catch (IllegalArgumentException e) {
            return new Result(null, e.getMessage(), e.getMessage().contains("RAM") ? "ramKib" : "flashKib");
        }
        try {
            loss = v.maxLossPercent().isBlank() ? null : Double.parseDouble(v.maxLossPercent().strip());
        } catch (NumberFormatException e) {
            loss = -1.0;
        }
        if (loss != null && (loss < 0 || loss > 100 || loss.isNaN())) {
            return new Result(null, "The accuracy-loss cap must be a percentage from 0 to 100, or empty for no cap.",
                    "maxLossPercent");
        }
        ratio = fraction(v.ratio());
        if (ratio != null && ratio < 0) {
            return new Result(null, "The fraction to remove must be a number from 0 to 0.95 (a dot for decimals), "
                    + "or empty to let the budget decide.", "ratio");
        }
        try {
            epochs = Integer.parseInt(v.fineTuneEpochs().isBlank() ? "0" : v.fineTuneEpochs().strip());
        } catch (NumberFormatException e) {
            epochs = -1;
        }
        if (epochs < 0 || epochs > 10_000) {
            return new Result(null, "Fine-tuning epochs must be a whole number from 0 (off) to 10000.",
                    "fineTuneEpochs");
        }
        String calibration = blankToNull(v.calibration());
        String validation = blankToNull(v.validation());
        String labels = blankToNull(v.labels());
        if (loss != null && loss < 100 && calibration == null) {
            return new Result(null, "An accuracy-loss cap needs calibration records: Prunus measures the loss on "
                    + "them. Choose a calibration file, or leave the cap empty.", "maxLossPercent");
        }
        if (epochs > 0 && calibration == null) {
            return new Result(null, "Fine-tuning learns from the calibration records: choose a calibration file, "
                    + "or set the epochs to 0.", "fineTuneEpochs");
        }
        if (labels != null && validation == null) {
            return new Result(null, "Labels belong to validation records: choose a validation file, or clear the "
                    + "labels.", "labels");
        }
        if (!PrunusSettings.METHODS.contains(v.method())) {
            return new Result(null, "Choose a pruning method: one of " + PrunusSettings.METHODS + ".", "method");
        }
        PrunusSettings.Target target = base.target();
        if (v.part() != null && !v.part().isBlank()) {
            Optional<Part> part = PartCatalogue.get().byName(v.part());
            if (part.isEmpty()) {
                return new Result(null, "\"" + v.part() + "\" is not a part Prunus knows; choose one from the list.",
                        "part");
            }
            Part p = part.get();
            target = new PrunusSettings.Target(p.costModel(), p.flashKib() == 0 ? null : p.flashBytes(),
                    p.ramBytes(), p.clockHz());
        }
        PrunusSettings.Budget old = base.budget();
        PrunusSettings.Budget budget = flash == null && ram == null && loss == null
                && (old == null || old.instructions() == null) ? null
                : new PrunusSettings.Budget(flash, ram, old == null ? null : old.instructions(), loss);
        PrunusSettings.FineTune oldFt = base.fineTune();
        PrunusSettings.FineTune ft = epochs == 0 ? null
                : new PrunusSettings.FineTune(epochs, oldFt == null ? null : oldFt.learningRate(),
                        oldFt == null ? null : oldFt.seed());
        String output = blankToNull(v.output());
        return new Result(base.withTarget(target).withBudget(budget).withMethod(v.method(), ratio)
                .withData(calibration, validation, labels).withFineTune(ft)
                .withOutput(output == null ? base.output() : output), null, null);
    }

    /** Budget texts that default to what is left on a part for the model (see {@link Part#flashLeftBytes()}). */
    public static Values withPartBudget(Values v, Part p) {
        Long flash = p.flashLeftBytes();
        return new Values(p.name(), v.method(), flash == null ? "" : kib(flash), kib(p.ramLeftBytes()),
                v.maxLossPercent(), v.ratio(), v.calibration(), v.validation(), v.labels(), v.fineTuneEpochs(),
                v.output());
    }

    /** A fraction-to-remove text: null when blank, -1 when it is not a number from 0 to {@value #MAX_RATIO}. */
    static Double fraction(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.strip());
            return v >= 0 && v <= MAX_RATIO ? v : -1.0;
        } catch (NumberFormatException e) {
            return -1.0;
        }
    }

    private static Long kibField(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v > 0 && v < (1L << 40)) {
                return v * 1024;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("The " + what + " must be a positive whole number of KiB, or empty for "
                + "no limit.");
    }

    private static String kib(Long bytes) {
        return bytes == null ? "" : Long.toString(bytes / 1024);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.format(Locale.ROOT, "%.1f", v)
                : String.valueOf(v);
    }

    private static boolean eq(Long a, Long b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
