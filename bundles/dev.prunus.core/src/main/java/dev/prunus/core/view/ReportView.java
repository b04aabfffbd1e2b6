package dev.prunus.core.view;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.prunus.core.PrunusException;

/**
 * A pipeline report ({@code <model>.report.json}) read back for the editor's Report tab and the wizard's preview:
 * before/after figures split into weights, index, other constants and code, fidelity, per-layer results, notes,
 * and, when the run wrote them, every point it explored, the training curve and per-class accuracy. Those three
 * are optional: a report without them reads as empty lists.
 */
public record ReportView(String model, String core, String method, String allocation, Totals before, Totals after,
        Fidelity fidelity, List<LayerResult> layers, List<String> notes, List<Explored> explored,
        List<Epoch> training, List<ClassAccuracy> classes) {

    /** Size and speed of one side; flash under {@link Figures#DEFINITION}. */
    public record Totals(long weightBytes, long indexBytes, long otherBytes, long codeBytes, long arenaBytes,
            long instructions) {
        public long flashBytes() {
            return weightBytes + indexBytes + otherBytes + codeBytes;
        }
    }

    /** Accuracy figures; {@code accuracyBefore/After} are null without labels. */
    public record Fidelity(int records, boolean validation, double top1Agreement, Double accuracyBefore,
            Double accuracyAfter) {
    }

    /** One pruned layer. */
    public record LayerResult(int operator, String type, String format, long weights, long keptWeights,
            long denseBytes, long weightBytes, long indexBytes, long instructions, long denseInstructions,
            double[] keptPerChannel) {
        public double keptFraction() {
            return weights == 0 ? 1 : (double) keptWeights / weights;
        }
    }

    /**
     * One point the pruning run evaluated; {@code top1} is null without labelled validation data, and
     * {@code instructions} is the report core's cost-model estimate.
     */
    public record Explored(String label, long flashBytes, long instructions, Double top1, boolean dense,
            boolean chosen) {
    }

    /** One training epoch; {@code validationTop1} and {@code prunedFraction} are null when not measured. */
    public record Epoch(int epoch, double loss, Double validationTop1, double seconds, Double prunedFraction) {
    }

    /** Top-1 of one class on the labelled records before and after (null where the report has no figure). */
    public record ClassAccuracy(int index, String name, Double before, Double after) {
    }

    public ReportView {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
        explored = List.copyOf(explored);
        training = List.copyOf(training);
        classes = List.copyOf(classes);
    }

    /** The point the run chose, if it reported its explored points. */
    public Optional<Explored> chosen() {
        return explored.stream().filter(Explored::chosen).findFirst();
    }

    /** The dense model's point, if it reported its explored points. */
    public Optional<Explored> dense() {
        return explored.stream().filter(Explored::dense).findFirst();
    }

    /** Whether any explored point has an accuracy (else accuracy cannot be drawn against cost). */
    public boolean exploredHasAccuracy() {
        return explored.stream().anyMatch(e -> e.top1() != null);
    }

    /** Reads a report; a file that is not one is a {@link PrunusException} saying so. */
    public static ReportView read(byte[] json) {
        try {
            JsonObject o = JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
            Fidelity fidelity = null;
            if (o.has("fidelity")) {
                JsonObject f = o.getAsJsonObject("fidelity");
                fidelity = new Fidelity(f.get("records").getAsInt(), f.get("disjointFromCalibration").getAsBoolean(),
                        f.get("top1Agreement").getAsDouble(),
                        f.has("accuracyOriginal") ? f.get("accuracyOriginal").getAsDouble() : null,
                        f.has("accuracyPruned") ? f.get("accuracyPruned").getAsDouble() : null);
            }
            List<LayerResult> layers = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("layers")) {
                JsonObject l = e.getAsJsonObject();
                double[] kept = new double[l.getAsJsonArray("keptPerChannel").size()];
                for (int i = 0; i < kept.length; i++) {
                    kept[i] = l.getAsJsonArray("keptPerChannel").get(i).getAsDouble();
                }
                layers.add(new LayerResult(l.get("operator").getAsInt(), l.get("type").getAsString(),
                        l.get("format").getAsString(), l.get("weights").getAsLong(), l.get("keptWeights").getAsLong(),
                        l.get("denseBytes").getAsLong(), l.get("weightBytes").getAsLong(),
                        l.get("indexBytes").getAsLong(), l.get("instructions").getAsLong(),
                        l.get("denseInstructions").getAsLong(), kept));
            }
            List<String> notes = new ArrayList<>();
            o.getAsJsonArray("notes").forEach(n -> notes.add(n.getAsString()));
            return new ReportView(o.get("model").getAsString(), o.get("core").getAsString(),
                    o.get("method").getAsString(), o.get("allocation").getAsString(),
                    totals(o.getAsJsonObject("before")), totals(o.getAsJsonObject("after")), fidelity, layers, notes,
                    explored(o), training(o),
                    classes(o.has("fidelity") ? o.getAsJsonObject("fidelity") : null));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException | NumberFormatException e) {
            throw new PrunusException("not a Prunus report (" + e.getMessage() + "); rebuild to write it again", e);
        }
    }

    private static List<Explored> explored(JsonObject o) {
        List<Explored> points = new ArrayList<>();
        if (present(o, "explored")) {
            for (JsonElement e : o.getAsJsonArray("explored")) {
                JsonObject p = e.getAsJsonObject();
                points.add(new Explored(p.get("label").getAsString(), p.get("flashBytes").getAsLong(),
                        p.get("instructions").getAsLong(), optDouble(p, "top1"), flag(p, "dense"), flag(p, "chosen")));
            }
        }
        return points;
    }

    private static List<Epoch> training(JsonObject o) {
        List<Epoch> epochs = new ArrayList<>();
        if (present(o, "training") && present(o.getAsJsonObject("training"), "epochs")) {
            for (JsonElement e : o.getAsJsonObject("training").getAsJsonArray("epochs")) {
                JsonObject p = e.getAsJsonObject();
                Double seconds = optDouble(p, "seconds");
                epochs.add(new Epoch(p.get("epoch").getAsInt(), p.get("loss").getAsDouble(),
                        optDouble(p, "validationTop1"), seconds == null ? 0 : seconds, optDouble(p, "prunedFraction")));
            }
        }
        return epochs;
    }

    /** Per-class rows from the fidelity object; names default to "class N" (0-based, as labels files count). */
    private static List<ClassAccuracy> classes(JsonObject f) {
        if (f == null) {
            return List.of();
        }
        List<Double> before = doubles(f, "classAccuracyOriginal");
        List<Double> after = doubles(f, "classAccuracyPruned");
        List<ClassAccuracy> rows = new ArrayList<>();
        int n = Math.max(before.size(), after.size());
        JsonArray names = present(f, "classNames") ? f.getAsJsonArray("classNames") : null;
        for (int i = 0; i < n; i++) {
            String name = names != null && i < names.size() ? names.get(i).getAsString() : "class " + i;
            rows.add(new ClassAccuracy(i, name, i < before.size() ? before.get(i) : null,
                    i < after.size() ? after.get(i) : null));
        }
        return rows;
    }

    private static List<Double> doubles(JsonObject o, String key) {
        List<Double> values = new ArrayList<>();
        if (present(o, key)) {
            o.getAsJsonArray(key).forEach(v -> values.add(v.isJsonNull() ? null : v.getAsDouble()));
        }
        return values;
    }

    private static boolean present(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull();
    }

    private static Double optDouble(JsonObject o, String key) {
        return present(o, key) ? o.get(key).getAsDouble() : null;
    }

    private static boolean flag(JsonObject o, String key) {
        return present(o, key) && o.get(key).getAsBoolean();
    }

    private static Totals totals(JsonObject t) {
        return new Totals(t.get("weightBytes").getAsLong(), t.get("indexBytes").getAsLong(),
                t.get("otherConstantBytes").getAsLong(), t.get("codeBytesEstimate").getAsLong(),
                t.get("arenaBytes").getAsLong(), t.get("instructionsEstimate").getAsLong());
    }
}
