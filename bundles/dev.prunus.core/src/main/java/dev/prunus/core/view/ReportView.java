package dev.prunus.core.view;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.prunus.core.PrunusException;

/**
 * A pipeline report ({@code <model>.report.json}) read back for the editor's Report tab and the wizard's preview:
 * before/after figures split into weights, index, other constants and code, fidelity, per-layer results, notes.
 */
public record ReportView(String model, String core, String method, String allocation, Totals before, Totals after,
        Fidelity fidelity, List<LayerResult> layers, List<String> notes) {

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

    public ReportView {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
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
                    o.get("method").getAsString(), o.get("allocation").getAsString(), totals(o.getAsJsonObject("before")),
                    totals(o.getAsJsonObject("after")), fidelity, layers, notes);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new PrunusException("not a Prunus report (" + e.getMessage() + "); rebuild to write it again", e);
        }
    }

    private static Totals totals(JsonObject t) {
        return new Totals(t.get("weightBytes").getAsLong(), t.get("indexBytes").getAsLong(),
                t.get("otherConstantBytes").getAsLong(), t.get("codeBytesEstimate").getAsLong(),
                t.get("arenaBytes").getAsLong(), t.get("instructionsEstimate").getAsLong());
    }
}
