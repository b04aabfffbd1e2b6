package dev.prunus.core.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.prunus.core.settings.PrunusSettings;

/**
 * The settings file's per-operator overrides ({@code "layers"}) as the Pruning form's table shows them, one text
 * per cell, and the rules that turn the table back into settings. A row with neither a method nor a ratio is no
 * override: the file's method and ratio apply to that operator.
 */
public final class LayerFields {

    /** Method choices of a row, in the order the form offers them; empty means "the file's method". */
    public static final List<String> METHODS = List.of("", "dense", "auto", "filterlet", "channel", "block",
            "unstructured");

    /** One operator's override as texts: {@code method} empty or a method name, {@code ratio} empty or a fraction. */
    public record Row(int operator, String method, String ratio) {
        /** Whether the row overrides nothing. */
        public boolean isEmpty() {
            return method.isBlank() && ratio.isBlank();
        }
    }

    private LayerFields() {
    }

    /** The rows that show a settings file's overrides, by operator. */
    public static Map<Integer, Row> of(PrunusSettings s) {
        Map<Integer, Row> rows = new TreeMap<>();
        s.layers().forEach((op, o) -> rows.put(op, new Row(op, o.method() == null ? "" : o.method(),
                o.ratio() == null ? "" : SettingsFields.number(o.ratio()))));
        return rows;
    }

    /**
     * The operators the table lists: every operator with weights (what pruning can act on), and any other one the
     * file already overrides, so that nothing in the file is hidden.
     */
    public static List<Integer> operators(ModelView view, PrunusSettings s) {
        TreeSet<Integer> ops = new TreeSet<>();
        view.layers().stream().filter(l -> l.weights() > 0).forEach(l -> ops.add(l.index()));
        ops.addAll(s.layers().keySet());
        return new ArrayList<>(ops);
    }

    /**
     * Replaces the overrides of {@code base} with the rows' (empty rows dropped). {@code operatorCount} is the
     * model's number of operators, or -1 when unknown. The first problem names the operator and the fix.
     */
    public static SettingsFields.Result apply(PrunusSettings base, Collection<Row> rows, int operatorCount) {
        Map<Integer, PrunusSettings.LayerOverride> layers = new TreeMap<>();
        for (Row r : rows) {
            if (r.isEmpty()) {
                continue;
            }
            if (r.operator() < 0 || (operatorCount >= 0 && r.operator() >= operatorCount)) {
                return error("Operator " + r.operator() + " is not in the model (it has " + operatorCount
                        + " operators): remove its override.");
            }
            String method = r.method().strip();
            if (!method.isEmpty() && !"dense".equals(method) && !PrunusSettings.METHODS.contains(method)) {
                return error("Operator " + r.operator() + ": \"" + method + "\" is not a method; choose dense or one"
                        + " of " + PrunusSettings.METHODS + ", or leave it empty for the file's method.");
            }
            Double ratio = SettingsFields.fraction(r.ratio());
            if (ratio != null && ratio < 0) {
                return error("Operator " + r.operator() + ": the fraction to remove must be a number from 0 to "
                        + SettingsFields.MAX_RATIO + " (a dot for decimals), or empty.");
            }
            boolean keepsAll = "dense".equals(method) || "none".equals(method);
            if (keepsAll && ratio != null) {
                return error("Operator " + r.operator() + " is " + method + ": it keeps every weight, so it takes no"
                        + " fraction to remove; clear the ratio or choose a method.");
            }
            layers.put(r.operator(), new PrunusSettings.LayerOverride(method.isEmpty() ? null : method, ratio));
        }
        return new SettingsFields.Result(base.withLayers(layers), null, null);
    }

    private static SettingsFields.Result error(String message) {
        return new SettingsFields.Result(null, message, "layers");
    }
}
