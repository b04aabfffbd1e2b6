package dev.prunus.ui.internal.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * Horizontal stacked bars drawn with SWT (no charting library fits both target platforms): one bar per row, one
 * coloured segment per part, a legend, and an optional limit drawn as a red line (the part's flash or RAM). Only
 * draws what it is given; the figures come from the core.
 */
public class StackedBars extends Canvas {

    /** Segment colours, in part order: weights, index, other constants, code (then spares). */
    static final RGB[] COLORS = { new RGB(74, 126, 187), new RGB(232, 163, 61), new RGB(153, 153, 153),
        new RGB(106, 168, 79), new RGB(142, 124, 195), new RGB(204, 65, 37) };

    private static final int ROW = 22;
    private static final int GAP = 8;
    private static final int LABEL = 90;
    /** A limit more than this many times the largest bar is written, not drawn to scale. */
    static final int OFF_SCALE = 8;

    /** One bar. */
    public record Row(String label, long[] values) {
        public long total() {
            long t = 0;
            for (long v : values) {
                t += v;
            }
            return t;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private String[] parts = new String[0];
    private long limit;
    private String limitLabel;
    private String unit = "B";

    public StackedBars(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
    }

    /** Sets the bars and their part names; {@code limit} 0 draws no limit line. */
    public void setData(String[] partNames, List<Row> newRows, long newLimit, String newLimitLabel) {
        parts = partNames.clone();
        rows.clear();
        rows.addAll(newRows);
        limit = newLimit;
        limitLabel = newLimitLabel;
        redraw();
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public long limit() {
        return limit;
    }

    public void setUnit(String newUnit) {
        unit = newUnit;
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        int h = rows.size() * (ROW + GAP) + 2 * ROW + GAP;
        return new Point(wHint == SWT.DEFAULT ? 480 : wHint, hHint == SWT.DEFAULT ? h : hHint);
    }

    /** Bar length in pixels of a value, for a drawing area of {@code width} pixels (tested). */
    static int scale(long value, long max, int width) {
        return max <= 0 ? 0 : (int) Math.round((double) value * width / max);
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getBackground());
        gc.fillRectangle(area);
        int width = Math.max(10, area.width - LABEL - 110);
        long max = 0;
        for (Row r : rows) {
            max = Math.max(max, r.total());
        }
        // A limit far above the bars would squash them to slivers: scale to the bars and state the limit.
        boolean limitOnScale = limit > 0 && limit <= OFF_SCALE * max;
        max = limitOnScale ? Math.max(max, limit) : max;
        int y = GAP / 2;
        for (Row r : rows) {
            gc.setForeground(getForeground());
            gc.drawString(r.label(), 2, y + 3, true);
            int x = LABEL;
            for (int i = 0; i < r.values().length; i++) {
                int w = scale(r.values()[i], max, width);
                Color c = new Color(getDisplay(), COLORS[i % COLORS.length]);
                gc.setBackground(c);
                gc.fillRectangle(x, y, w, ROW);
                c.dispose();
                x += w;
            }
            gc.setForeground(getForeground());
            gc.drawString(String.format(Locale.ROOT, "%,d %s", r.total(), unit), x + 4, y + 3, true);
            y += ROW + GAP;
        }
        if (limit > 0 && !limitOnScale) {
            String text = (limitLabel == null ? "" : limitLabel + " ") + "\u2192";
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_RED));
            gc.drawString(text, Math.max(LABEL, area.width - gc.textExtent(text).x - 4), y, true);
        } else if (limit > 0) {
            int lx = LABEL + scale(limit, max, width);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_RED));
            gc.setLineWidth(2);
            gc.drawLine(lx, 0, lx, y);
            gc.setLineWidth(1);
            if (limitLabel != null) {
                gc.drawString(limitLabel, Math.max(LABEL, lx - gc.textExtent(limitLabel).x), y, true);
            }
        }
        int lx = LABEL;
        int ly = y + ROW;
        for (int i = 0; i < parts.length; i++) {
            Color c = new Color(getDisplay(), COLORS[i % COLORS.length]);
            gc.setBackground(c);
            gc.fillRectangle(lx, ly + 3, 10, 10);
            c.dispose();
            gc.setForeground(getForeground());
            gc.drawString(parts[i], lx + 14, ly, true);
            lx += 24 + gc.textExtent(parts[i]).x;
        }
    }
}
