package dev.prunus.ui.internal.charts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.graphics.RGB;

import dev.prunus.core.view.ClassComparison;
import dev.prunus.core.view.ReportView;

/**
 * Fills {@link XyChart}s from a report read by the core: the trade-off of every explored point (accuracy against
 * instructions or flash, dense and chosen marked) and the training curves. Shared by the editor's Report tab and
 * the wizard's preview so that both draw the same picture.
 */
public final class ReportCharts {

    private ReportCharts() {
    }

    /**
     * Accuracy of every explored point against its instructions, or its flash when {@code againstFlash}. A report
     * without accuracy draws flash against instructions instead (the instructions chart) or says so (the flash one).
     */
    public static void tradeOff(XyChart chart, ReportView r, boolean againstFlash) {
        XyChart.Axis instructions = new XyChart.Axis(NLS.bind(ChartMessages.Chart_instructions,
                r.core().toUpperCase(Locale.ROOT)), ReportCharts::compact);
        XyChart.Axis flash = new XyChart.Axis(ChartMessages.Chart_flash, ReportCharts::compact);
        XyChart.Axis accuracy = new XyChart.Axis(ChartMessages.Chart_accuracy, ReportCharts::percent);
        if (r.explored().isEmpty()) {
            chart.setData(againstFlash ? ChartMessages.Chart_accuracyFlash
                    : ChartMessages.Chart_accuracyInstructions, againstFlash ? flash : instructions, accuracy,
                    List.of(), ChartMessages.Chart_noExplored);
            return;
        }
        if (!r.exploredHasAccuracy()) {
            if (againstFlash) {
                chart.setData(ChartMessages.Chart_accuracyFlash, flash, accuracy, List.of(),
                        ChartMessages.Chart_noAccuracy);
            } else {
                List<XyChart.Dot> dots = new ArrayList<>();
                r.explored().forEach(e -> dots.add(dot(e, e.instructions(), e.flashBytes())));
                chart.setData(ChartMessages.Chart_flashInstructions, instructions, flash, List.of(
                        new XyChart.Series(ChartMessages.Chart_explored, XyChart.COLORS[0], false, dots)), null);
            }
            return;
        }
        List<XyChart.Dot> dots = new ArrayList<>();
        for (ReportView.Explored e : r.explored()) {
            if (e.top1() != null) {
                dots.add(dot(e, againstFlash ? e.flashBytes() : e.instructions(), e.top1()));
            }
        }
        chart.setData(againstFlash ? ChartMessages.Chart_accuracyFlash : ChartMessages.Chart_accuracyInstructions,
                againstFlash ? flash : instructions, accuracy,
                List.of(new XyChart.Series(ChartMessages.Chart_explored, XyChart.COLORS[0], false, dots)),
                ChartMessages.Chart_noAccuracy);
    }

    private static XyChart.Dot dot(ReportView.Explored e, double x, double y) {
        XyChart.Mark mark = e.chosen() ? XyChart.Mark.CHOSEN : e.dense() ? XyChart.Mark.DENSE : XyChart.Mark.PLAIN;
        return new XyChart.Dot(x, y, mark, e.label());
    }

    /** Training loss per epoch. */
    public static void loss(XyChart chart, ReportView r) {
        List<XyChart.Dot> dots = new ArrayList<>();
        r.training().forEach(e -> dots.add(new XyChart.Dot(e.epoch(), e.loss(), XyChart.Mark.PLAIN, epochLabel(e))));
        epochs(chart, ChartMessages.Chart_lossTitle, new XyChart.Axis(ChartMessages.Chart_loss, ReportCharts::compact),
                XyChart.COLORS[1], dots, ChartMessages.Chart_noTraining);
    }

    /** Validation top-1 per epoch, where the run measured it. */
    public static void validation(XyChart chart, ReportView r) {
        List<XyChart.Dot> dots = new ArrayList<>();
        r.training().stream().filter(e -> e.validationTop1() != null).forEach(e -> dots.add(
                new XyChart.Dot(e.epoch(), e.validationTop1(), XyChart.Mark.PLAIN, epochLabel(e))));
        epochs(chart, ChartMessages.Chart_validationTitle, new XyChart.Axis(ChartMessages.Chart_validationTop1,
                ReportCharts::percent), XyChart.COLORS[2], dots,
                r.training().isEmpty() ? ChartMessages.Chart_noTraining : ChartMessages.Chart_noValidation);
    }

    /** Top-1 per class, original against pruned, the class that lost the most marked. */
    public static void classes(GroupedBars chart, ReportView r) {
        ClassComparison c = ClassComparison.of(r);
        List<GroupedBars.Group> groups = new ArrayList<>();
        c.rows().forEach(row -> groups.add(new GroupedBars.Group(row.name(), new Double[] { row.before(),
            row.after() })));
        chart.setData(ChartMessages.Chart_classesTitle, new String[] { ChartMessages.Chart_original,
            ChartMessages.Chart_pruned }, groups, 1, ReportCharts::percent, c.largestDrop(),
                ChartMessages.Chart_noClasses);
    }

    /** One curve over whole epochs. */
    private static void epochs(XyChart chart, String title, XyChart.Axis y, RGB color,
            List<XyChart.Dot> dots, String emptyText) {
        chart.setData(title, new XyChart.Axis(ChartMessages.Chart_epoch, ReportCharts::compact, true), y,
                dots.isEmpty() ? List.of() : List.of(new XyChart.Series(y.title(), color, true, dots)), emptyText);
    }

    /** An epoch's hover text: its time (older reports) and, when the run reported it, the fraction pruned by then. */
    private static String epochLabel(ReportView.Epoch e) {
        // Reports no longer carry wall times (outputs are reproducible); older ones still show theirs.
        String time = e.seconds() > 0 ? NLS.bind(ChartMessages.Chart_epochTime, e.epoch(),
                String.format(Locale.ROOT, "%.1f", e.seconds())) : NLS.bind(ChartMessages.Chart_epochNumber, e.epoch());
        return e.prunedFraction() == null ? time
                : time + NLS.bind(ChartMessages.Chart_epochPruned, percent(e.prunedFraction()));
    }

    /** A tick value in few characters: 1.5M, 250k, 0.8 (tested). */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    /** A fraction as a percentage: 0.885 is 88.5 % (tested). */
    static String percent(double v) {
        return trim(100 * v) + " %";
    }

    private static String trim(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
