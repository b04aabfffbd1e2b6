package dev.prunus.core.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.prune.PruneReport;

/**
 * Writes the report of one pipeline run as JSON (for tools) and as a self-contained HTML page (for people): sizes
 * before and after split into weights, index, other constants and a code estimate; per-layer charts of what was
 * kept (inline SVG); fidelity. Bytes are deterministic: no timestamps, fixed number formatting, stable order.
 */
public final class ReportWriter {

    /** Estimated code bytes of one distinct kernel (Thumb-2, -O2; the runtime's kernels are 0.6-2 KB each). */
    public static final int CODE_BYTES_PER_KERNEL = 1_200;
    /** Estimated code bytes of one operator call in the generated invoke function. */
    public static final int CODE_BYTES_PER_CALL = 64;

    private ReportWriter() {
    }

    /** Everything a report shows. {@code prune} may describe method "none"; {@code cNote} says why C is absent. */
    public record Contents(String model, String core, PruneReport prune, PackPlan packBefore, PackPlan packAfter,
            String cNote) {
    }

    /** Code estimate of a packed model: distinct kernels plus one call per operator. */
    public static long codeEstimate(PackPlan p) {
        long kernels = p.layers().stream().map(l -> l.kernel() == null ? l.type().name() : l.kernel().name())
                .distinct().count();
        return kernels * CODE_BYTES_PER_KERNEL + (long) p.layers().size() * CODE_BYTES_PER_CALL;
    }

    public static byte[] json(Contents c) {
        PruneReport r = c.prune();
        JsonObject o = new JsonObject();
        o.addProperty("model", c.model());
        o.addProperty("core", c.core());
        o.addProperty("method", r.method());
        o.addProperty("criterion", r.criterion());
        o.addProperty("allocation", r.allocation());
        o.add("before", totals(r.before(), codeEstimate(c.packBefore())));
        o.add("after", totals(r.after(), codeEstimate(c.packAfter())));
        if (r.fidelity() != null) {
            PruneReport.Fidelity f = r.fidelity();
            JsonObject fo = new JsonObject();
            fo.addProperty("records", f.records());
            fo.addProperty("disjointFromCalibration", f.disjoint());
            fo.addProperty("top1Agreement", round(f.top1Agreement()));
            if (f.accuracyOriginal() != null) {
                fo.addProperty("accuracyOriginal", round(f.accuracyOriginal()));
                fo.addProperty("accuracyPruned", round(f.accuracyPruned()));
            }
            fo.addProperty("snrDb", round(f.snrDb()));
            if (f.classAccuracyOriginal() != null) {
                fo.add("classAccuracyOriginal", numbers(f.classAccuracyOriginal()));
                fo.add("classAccuracyPruned", numbers(f.classAccuracyPruned()));
            }
            if (f.classNames() != null) {
                JsonArray names = new JsonArray();
                f.classNames().forEach(names::add);
                fo.add("classNames", names);
            }
            o.add("fidelity", fo);
        }
        if (!r.explored().isEmpty()) {
            JsonArray explored = new JsonArray();
            for (PruneReport.Explored e : r.explored()) {
                JsonObject eo = new JsonObject();
                eo.addProperty("label", e.label());
                eo.addProperty("flashBytes", e.flashBytes());
                eo.addProperty("instructions", e.instructions());
                if (e.top1() != null) {
                    eo.addProperty("top1", round(e.top1()));
                }
                eo.addProperty("dense", e.dense());
                eo.addProperty("chosen", e.chosen());
                explored.add(eo);
            }
            o.add("explored", explored);
        }
        if (!r.training().isEmpty()) {
            JsonArray epochs = new JsonArray();
            for (PruneReport.Epoch e : r.training()) {
                JsonObject eo = new JsonObject();
                eo.addProperty("epoch", e.epoch());
                eo.addProperty("loss", round(e.loss()));
                if (e.validationTop1() != null) {
                    eo.addProperty("validationTop1", round(e.validationTop1()));
                }
                // No wall time: the report is an output, the same bytes for the same inputs (the console says it).
                eo.addProperty("prunedFraction", round(e.prunedFraction()));
                epochs.add(eo);
            }
            JsonObject training = new JsonObject();
            training.add("epochs", epochs);
            o.add("training", training);
        }
        JsonArray layers = new JsonArray();
        for (PruneReport.LayerReport l : r.layers()) {
            JsonObject lo = new JsonObject();
            lo.addProperty("operator", l.operator());
            lo.addProperty("name", l.name());
            lo.addProperty("type", l.type());
            lo.addProperty("units", l.units());
            lo.addProperty("channels", l.channels());
            lo.addProperty("keptChannels", l.keptChannels());
            lo.addProperty("weights", l.weights());
            lo.addProperty("keptWeights", l.keptWeights());
            lo.addProperty("format", l.format());
            lo.addProperty("denseBytes", l.denseBytes());
            lo.addProperty("weightBytes", l.weightBytes());
            lo.addProperty("indexBytes", l.indexBytes());
            lo.addProperty("instructions", l.instructions());
            lo.addProperty("denseInstructions", l.denseInstructions());
            if (l.fitBefore() != null) {
                lo.addProperty("reconstructionErrorBefore", round(l.fitBefore()));
                lo.addProperty("reconstructionErrorAfter", round(l.fitAfter()));
            }
            JsonArray kept = new JsonArray();
            for (double v : l.keptPerChannel()) {
                kept.add(round(v));
            }
            lo.add("keptPerChannel", kept);
            layers.add(lo);
        }
        o.add("layers", layers);
        JsonArray notes = new JsonArray();
        r.notes().forEach(notes::add);
        if (c.cNote() != null) {
            notes.add(c.cNote());
        }
        o.add("notes", notes);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Rounded numbers; NaN (a class without records) as null. */
    private static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            if (Double.isNaN(v)) {
                a.add((Number) null);
            } else {
                a.add(round(v));
            }
        }
        return a;
    }

    private static JsonObject totals(PruneReport.Totals t, long code) {
        JsonObject o = new JsonObject();
        o.addProperty("flashBytes", t.flashBytes());
        o.addProperty("weightBytes", t.weightBytes());
        o.addProperty("indexBytes", t.indexBytes());
        o.addProperty("otherConstantBytes", t.otherBytes());
        o.addProperty("codeBytesEstimate", code);
        o.addProperty("instructionsEstimate", t.instructions());
        o.addProperty("arenaBytes", t.ramBytes());
        o.addProperty("persistentBytes", t.persistentBytes());
        o.addProperty("nonZeroWeights", t.params());
        return o;
    }

    /** Six decimals, so that the JSON text never depends on the last bits of a double. */
    static double round(double v) {
        if (!Double.isFinite(v)) {
            return v > 0 ? 999 : -999;
        }
        return Math.round(v * 1e6) / 1e6;
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static byte[] html(Contents c) {
        PruneReport r = c.prune();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Prunus report: ")
                .append(esc(c.model())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}"
                        + "th{background:#eee}td.l{text-align:left}svg{vertical-align:middle}</style></head><body>\n");
        h.append("<h1>").append(esc(c.model())).append("</h1>\n<p>Method <b>").append(esc(r.method()))
                .append("</b>, criterion ").append(esc(r.criterion())).append(", core ").append(esc(c.core()))
                .append(".<br>Allocation: ").append(esc(r.allocation())).append("</p>\n");
        h.append("<h2>Size and speed</h2>\n<table><tr><th></th><th>weights B</th><th>index B</th><th>other const B</th>"
                + "<th>code B (estimate)</th><th>flash B</th><th>arena B</th><th>of which persistent B</th>"
                + "<th>instructions (estimate)</th></tr>\n");
        row(h, "before", r.before(), codeEstimate(c.packBefore()));
        row(h, "after", r.after(), codeEstimate(c.packAfter()));
        h.append("</table>\n");
        h.append(bars(r.before(), r.after(), codeEstimate(c.packBefore()), codeEstimate(c.packAfter())));
        h.append("<h2>Fidelity</h2>\n");
        if (r.fidelity() == null) {
            h.append("<p>No validation or calibration records: fidelity not measured.</p>\n");
        } else {
            PruneReport.Fidelity fi = r.fidelity();
            h.append(f("<p>%d %s records: top-1 agreement %.2f%%", fi.records(),
                    fi.disjoint() ? "validation" : "calibration (no separate validation set)",
                    100 * fi.top1Agreement()));
            if (fi.accuracyOriginal() != null) {
                h.append(f(", accuracy %.2f%% before, %.2f%% after", 100 * fi.accuracyOriginal(),
                        100 * fi.accuracyPruned()));
            }
            h.append(f(", output SNR %.1f dB.</p>\n", fi.snrDb()));
            h.append(ReportPlots.classTable(fi));
        }
        h.append(ReportPlots.explored(r.explored()));
        h.append(ReportPlots.trainingCurve(r.training()));
        h.append("<h2>Layers</h2>\n<table><tr><th>op</th><th>type</th><th>units</th><th>channels</th><th>weights kept</th>"
                + "<th>format</th><th>bytes before</th><th>bytes after (+index)</th><th>fit error before/after</th>"
                + "<th>kept per output channel</th></tr>\n");
        for (PruneReport.LayerReport l : r.layers()) {
            h.append(f("<tr><td>%d</td><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%d / %d</td><td>%d / %d</td>"
                    + "<td class=\"l\">%s</td><td>%d</td><td>%d + %d</td><td>%s</td><td>%s</td></tr>\n",
                    l.operator(), esc(l.type()), esc(l.units()), l.keptChannels(), l.channels(), l.keptWeights(),
                    l.weights(), esc(l.format()), l.denseBytes(), l.weightBytes(), l.indexBytes(),
                    l.fitBefore() == null ? "" : f("%.3f / %.3f", l.fitBefore(), l.fitAfter()),
                    channelChart(l.keptPerChannel())));
        }
        h.append("</table>\n");
        List<String> notes = new java.util.ArrayList<>(r.notes());
        if (c.cNote() != null) {
            notes.add(c.cNote());
        }
        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            for (String n : notes) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<p>Instruction and code figures are estimates of the packer's cost model "
                + "(dev.prunus.core.pack.CostModel); measure with <code>prunus validate --on m4</code>.</p>\n");
        h.append("</body></html>\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder h, String name, PruneReport.Totals t, long code) {
        h.append(f("<tr><td class=\"l\">%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                + "<td>%d</td><td>%d</td></tr>\n", name, t.weightBytes(), t.indexBytes(), t.otherBytes(), code,
                t.flashBytes() + code, t.ramBytes(), t.persistentBytes(), t.instructions()));
    }

    /** Two stacked horizontal bars (before, after): weights, index, other constants, code. */
    private static String bars(PruneReport.Totals b, PruneReport.Totals a, long cb, long ca) {
        double max = Math.max(b.flashBytes() + cb, a.flashBytes() + ca);
        StringBuilder s = new StringBuilder("<svg width=\"640\" height=\"70\" role=\"img\" "
                + "aria-label=\"flash before and after\">\n");
        String[] colors = {"#4a7ebb", "#e8a33d", "#999999", "#6aa84f"};
        long[][] parts = {{b.weightBytes(), b.indexBytes(), b.otherBytes(), cb},
            {a.weightBytes(), a.indexBytes(), a.otherBytes(), ca}};
        for (int r = 0; r < 2; r++) {
            double x = 60;
            s.append(f("<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>\n", 18 + r * 30, r == 0 ? "before" : "after"));
            for (int k = 0; k < 4; k++) {
                double w = max <= 0 ? 0 : 560.0 * parts[r][k] / max;
                s.append(f("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n", x, 5 + r * 30, w,
                        colors[k]));
                x += w;
            }
        }
        s.append("</svg>\n<p style=\"font-size:small\">blue weights, orange index, grey other constants, green code "
                + "estimate</p>\n");
        return s.toString();
    }

    /** One bar per original output channel, its height the fraction of weights kept (removed channels red). */
    static String channelChart(double[] kept) {
        int n = kept.length;
        double w = Math.max(1.0, Math.min(6.0, 240.0 / Math.max(1, n)));
        StringBuilder s = new StringBuilder(f("<svg width=\"%.0f\" height=\"24\">", w * n + 2));
        for (int i = 0; i < n; i++) {
            double v = kept[i];
            if (v <= 0) {
                s.append(f("<rect x=\"%.1f\" y=\"20\" width=\"%.1f\" height=\"4\" fill=\"#cc3333\"/>", i * w, w));
            } else {
                double hgt = 24 * v;
                s.append(f("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7ebb\"/>", i * w,
                        24 - hgt, Math.max(0.5, w - 0.5), hgt));
            }
        }
        return s.append("</svg>").toString();
    }

    /** Console lines of a run. */
    public static List<String> summary(Contents c) {
        PruneReport r = c.prune();
        List<String> lines = new java.util.ArrayList<>();
        lines.add(f("%s: method %s (%s), core %s", c.model(), r.method(), r.criterion(), c.core()));
        // One definition of flash in every view (dev.prunus.core.view.Figures): constants plus the code estimate.
        long cb = codeEstimate(c.packBefore());
        long ca = codeEstimate(c.packAfter());
        lines.add(f("flash %,d B -> %,d B (weights %,d -> %,d B, index %,d B, other constants %,d -> %,d B, code "
                + "estimate %,d -> %,d B), arena %,d -> %,d B%s", r.before().flashBytes() + cb, r.after().flashBytes() + ca,
                r.before().weightBytes(), r.after().weightBytes(), r.after().indexBytes(), r.before().otherBytes(),
                r.after().otherBytes(), cb, ca, r.before().ramBytes(), r.after().ramBytes(),
                r.after().persistentBytes() == 0 ? "" : f(" (persistent state %,d B)", r.after().persistentBytes())));
        lines.add(f("instructions per inference on %s (estimate): %,d -> %,d (%.2fx)", c.core(),
                r.before().instructions(), r.after().instructions(),
                r.after().instructions() / (double) Math.max(1, r.before().instructions())));
        if (r.fidelity() != null) {
            PruneReport.Fidelity fi = r.fidelity();
            String acc = fi.accuracyOriginal() == null ? ""
                    : f(", accuracy %.2f%% -> %.2f%%", 100 * fi.accuracyOriginal(), 100 * fi.accuracyPruned());
            lines.add(f("fidelity on %d %s records: top-1 agreement %.2f%%%s, SNR %.1f dB", fi.records(),
                    fi.disjoint() ? "validation" : "calibration", 100 * fi.top1Agreement(), acc, fi.snrDb()));
        }
        if (!r.training().isEmpty()) {
            PruneReport.Epoch first = r.training().get(0);
            PruneReport.Epoch last = r.training().get(r.training().size() - 1);
            double seconds = r.training().stream().mapToDouble(PruneReport.Epoch::seconds).sum();
            // A result read back from the training cache carries no times: it was not trained in this run.
            lines.add(f("trained %d epochs %s: loss %.4f -> %.4f%s", r.training().size(),
                    seconds > 0 ? f("in %.0f s", seconds) : "(result from the training cache)", first.loss(),
                    last.loss(), last.validationTop1() == null ? ""
                            : f(", validation top-1 (training engine) %.2f%%", 100 * last.validationTop1())));
        }
        long sparse = c.packAfter().layers().stream().filter(l -> l.format().isSparse()).count();
        lines.add(f("%d of %d weight layers sparse", sparse,
                c.packAfter().layers().stream().filter(l -> l.kernel() != null).count()));
        if (c.cNote() != null) {
            lines.add(c.cNote());
        }
        return lines;
    }

    static long sparseLayers(PackPlan p) {
        return p.layers().stream().filter((LayerPack l) -> l.format().isSparse()).count();
    }
}
