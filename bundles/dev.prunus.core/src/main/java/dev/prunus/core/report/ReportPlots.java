package dev.prunus.core.report;

import java.util.List;
import java.util.Locale;

import dev.prunus.core.prune.PruneReport;

/**
 * The HTML report's parts about training-aware pruning, as inline SVG: accuracy against M4 instructions for every
 * point explored (dense marked), the training curve (loss and validation accuracy per epoch), and per-class
 * accuracy. Deterministic text: fixed formatting, no timestamps.
 */
final class ReportPlots {

    private static final int W = 560;
    private static final int H = 220;
    private static final int LEFT = 60;
    private static final int BOTTOM = 30;

    private ReportPlots() {
    }

    /** Accuracy against instructions for the explored points, or a table when no point has an accuracy. */
    static String explored(List<PruneReport.Explored> points) {
        if (points.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Points explored</h2>\n<table><tr><th>model</th><th>flash B</th>"
                + "<th>instructions (estimate)</th><th>top-1</th></tr>\n");
        double maxI = 1;
        double minA = 1;
        double maxA = 0;
        boolean any = false;
        for (PruneReport.Explored p : points) {
            h.append(f("<tr><td class=\"l\">%s%s</td><td>%d</td><td>%d</td><td>%s</td></tr>\n", esc(p.label()),
                    p.chosen() ? " (chosen)" : "", p.flashBytes(), p.instructions(),
                    p.top1() == null ? "" : f("%.2f%%", 100 * p.top1())));
            maxI = Math.max(maxI, p.instructions());
            if (p.top1() != null) {
                any = true;
                minA = Math.min(minA, p.top1());
                maxA = Math.max(maxA, p.top1());
            }
        }
        h.append("</table>\n");
        if (!any) {
            return h.toString();
        }
        double lo = Math.max(0, Math.floor(minA * 20 - 1) / 20);
        double hi = Math.min(1, Math.ceil(maxA * 20 + 0.5) / 20);
        h.append(f("<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"top-1 against instructions\">\n",
                W + LEFT + 20, H + BOTTOM + 10));
        axes(h, f("%.0f%%", 100 * lo), f("%.0f%%", 100 * hi), "0", f("%,.0f instructions", maxI));
        for (PruneReport.Explored p : points) {
            if (p.top1() == null) {
                continue;
            }
            double x = LEFT + W * p.instructions() / maxI;
            double y = 5 + H * (1 - (p.top1() - lo) / Math.max(1e-9, hi - lo));
            String color = p.dense() ? "#333333" : p.chosen() ? "#cc3333" : "#4a7ebb";
            h.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %.2f%%, %,d instructions"
                    + "</title></circle>\n", x, y, color, esc(p.label()), 100 * p.top1(), p.instructions()));
            h.append(f("<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>\n", x + 7, y - 6,
                    esc(p.dense() ? "dense" : p.label())));
        }
        h.append("</svg>\n<p style=\"font-size:small\">top-1 on the validation data against the cost model's "
                + "instructions per inference; black dense, red chosen, blue other points</p>\n");
        return h.toString();
    }

    /** Loss (left scale) and validation top-1 (right scale) per epoch. */
    static String trainingCurve(List<PruneReport.Epoch> epochs) {
        if (epochs.isEmpty()) {
            return "";
        }
        StringBuilder h = new StringBuilder("<h2>Training</h2>\n<table><tr><th>epoch</th><th>loss</th>"
                + "<th>validation top-1</th><th>pruned</th></tr>\n");
        double maxLoss = 1e-9;
        for (PruneReport.Epoch e : epochs) {
            h.append(f("<tr><td>%d</td><td>%.4f</td><td>%s</td><td>%.1f%%</td></tr>\n", e.epoch(),
                    e.loss(), e.validationTop1() == null ? "" : f("%.2f%%", 100 * e.validationTop1()),
                    100 * e.prunedFraction()));
            maxLoss = Math.max(maxLoss, e.loss());
        }
        h.append("</table>\n");
        int n = epochs.size();
        h.append(f("<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"training curve\">\n", W + LEFT + 60,
                H + BOTTOM + 10));
        axes(h, "0", f("loss %.3f", maxLoss), "1", f("epoch %d", n));
        StringBuilder loss = new StringBuilder();
        StringBuilder acc = new StringBuilder();
        for (int i = 0; i < n; i++) {
            PruneReport.Epoch e = epochs.get(i);
            double x = LEFT + (n == 1 ? W / 2.0 : W * i / (double) (n - 1));
            loss.append(f("%.1f,%.1f ", x, 5 + H * (1 - e.loss() / maxLoss)));
            if (e.validationTop1() != null) {
                acc.append(f("%.1f,%.1f ", x, 5 + H * (1 - e.validationTop1())));
            }
        }
        h.append(f("<polyline points=\"%s\" fill=\"none\" stroke=\"#4a7ebb\" stroke-width=\"2\"/>\n",
                loss.toString().strip()));
        if (acc.length() > 0) {
            h.append(f("<polyline points=\"%s\" fill=\"none\" stroke=\"#cc3333\" stroke-width=\"2\"/>\n",
                    acc.toString().strip()));
            h.append(f("<text x=\"%d\" y=\"12\" font-size=\"11\" fill=\"#cc3333\">100%%</text>\n", LEFT + W + 4));
            h.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#cc3333\">0%%</text>\n", LEFT + W + 4, H + 5));
        }
        h.append("</svg>\n<p style=\"font-size:small\">blue training loss (left scale), red validation top-1 "
                + "(right scale, 0-100%)</p>\n");
        return h.toString();
    }

    /** Per-class top-1 before and after, when the validation data has labels. */
    static String classTable(PruneReport.Fidelity fi) {
        if (fi.classAccuracyOriginal() == null) {
            return "";
        }
        StringBuilder h = new StringBuilder("<table><tr><th>class</th><th>top-1 before</th><th>top-1 after</th>"
                + "</tr>\n");
        for (int c = 0; c < fi.classAccuracyOriginal().length; c++) {
            String name = fi.classNames() != null ? c + " " + fi.classNames().get(c) : Integer.toString(c);
            h.append(f("<tr><td class=\"l\">%s</td><td>%s</td><td>%s</td></tr>\n", esc(name),
                    percent(fi.classAccuracyOriginal()[c]), percent(fi.classAccuracyPruned()[c])));
        }
        return h.append("</table>\n").toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "(no records)" : f("%.2f%%", 100 * v);
    }

    private static void axes(StringBuilder h, String yLow, String yHigh, String xLow, String xHigh) {
        h.append(f("<line x1=\"%d\" y1=\"5\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", LEFT, LEFT, H + 5));
        h.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n", LEFT, H + 5, LEFT + W, H + 5));
        h.append(f("<text x=\"0\" y=\"%d\" font-size=\"11\">%s</text>\n", H + 5, esc(yLow)));
        h.append(f("<text x=\"0\" y=\"14\" font-size=\"11\">%s</text>\n", esc(yHigh)));
        h.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n", LEFT, H + 22, esc(xLow)));
        h.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>\n", LEFT + W, H + 22,
                esc(xHigh)));
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
