package dev.prunus.core.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-class top-1 of a report, original against pruned, as the Report tab draws it (bars per class) and lists it
 * (a table): the values as fractions on one 0..1 scale, the texts the table shows, and the class that lost the most,
 * which the chart marks. A class measured on one side only keeps its one bar; the change then reads "-".
 */
public record ClassComparison(List<Row> rows, int largestDrop) {

    /** One class: its name, top-1 before and after (null where not measured) and their texts. */
    public record Row(int index, String name, Double before, Double after, String beforeText, String afterText,
            String changeText) {

        /** The change in percentage points, or null when one side is missing. */
        public Double changePoints() {
            return before == null || after == null ? null : 100 * (after - before);
        }
    }

    public ClassComparison {
        rows = List.copyOf(rows);
    }

    /** The comparison of a report's classes; no rows when the run measured no per-class accuracy. */
    public static ClassComparison of(ReportView report) {
        List<Row> rows = new ArrayList<>();
        int worst = -1;
        double worstChange = 0;
        for (ReportView.ClassAccuracy c : report.classes()) {
            Row row = new Row(c.index(), c.name(), c.before(), c.after(), percent(c.before()), percent(c.after()),
                    c.before() == null || c.after() == null ? "-"
                            : String.format(Locale.ROOT, "%+.2f pt", 100 * (c.after() - c.before())));
            Double change = row.changePoints();
            // Only a real loss is marked; ties keep the first class, so the mark does not move between runs.
            if (change != null && change < worstChange) {
                worstChange = change;
                worst = rows.size();
            }
            rows.add(row);
        }
        return new ClassComparison(rows, worst);
    }

    /** Whether there is anything to draw. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** A fraction as the table writes it: 0.9876 is "98.76 %"; "-" when not measured. */
    public static String percent(Double fraction) {
        return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }
}
