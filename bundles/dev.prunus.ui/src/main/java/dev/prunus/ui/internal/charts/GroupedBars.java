package dev.prunus.ui.internal.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * Vertical bars in groups drawn with SWT (as {@link StackedBars} and {@link XyChart}): one group per category (a
 * class), one bar per series (original, pruned) on one value axis from 0 to a fixed maximum, the category names
 * under the groups, a legend, and one category that can be marked (its name in red). A missing value leaves its
 * bar out. Only draws what it is given; the figures come from the core. Pixel mapping is static and tested.
 */
public class GroupedBars extends Canvas {

    /** One category: its name and one value per series (null where not measured). */
    public record Group(String name, Double[] values) {
        public Group {
            values = values.clone();
        }
    }

    /** Series colours, in order: original, pruned. */
    public static final RGB[] COLORS = { new RGB(120, 120, 120), new RGB(74, 126, 187) };
    /** Colour of the marked category's name. */
    public static final RGB MARKED = new RGB(204, 40, 40);

    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 26;
    static final int BOTTOM = 58;

    private String title = "";
    private String[] seriesNames = new String[0];
    private final List<Group> groups = new ArrayList<>();
    private double max = 1;
    private DoubleFunction<String> format = Double::toString;
    private int marked = -1;
    private String empty = "";

    public GroupedBars(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseMove, e -> {
            int g = groupAt(e.x, getClientArea().width);
            String tip = g < 0 ? null : tip(g);
            if (!java.util.Objects.equals(tip, getToolTipText())) {
                setToolTipText(tip);
            }
        });
    }

    /**
     * Sets what is drawn: values from 0 to {@code newMax} written by {@code valueFormat}, the group at
     * {@code markedGroup} (or none, -1) marked; with no groups the chart writes {@code emptyText}.
     */
    public void setData(String newTitle, String[] names, List<Group> newGroups, double newMax,
            DoubleFunction<String> valueFormat, int markedGroup, String emptyText) {
        title = newTitle;
        seriesNames = names.clone();
        groups.clear();
        groups.addAll(newGroups);
        max = newMax;
        format = valueFormat;
        marked = markedGroup;
        empty = emptyText == null ? "" : emptyText;
        redraw();
    }

    public String title() {
        return title;
    }

    public List<Group> groups() {
        return List.copyOf(groups);
    }

    public int marked() {
        return marked;
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? Math.max(420, LEFT + RIGHT + 40 * groups.size()) : wHint,
                hHint == SWT.DEFAULT ? 260 : hHint);
    }

    /** Height in pixels of a bar for {@code value} on a plot {@code height} pixels high, clamped (tested). */
    static int barHeight(double value, double max, int height) {
        if (max <= 0 || !(value > 0)) {
            return 0;
        }
        return (int) Math.round(Math.min(value, max) / max * height);
    }

    /** The left edge of group {@code g} of {@code n} across a plot {@code width} pixels wide (tested). */
    static int groupLeft(int g, int n, int width) {
        return n <= 0 ? 0 : (int) ((long) g * width / n);
    }

    /** The group under an x pixel in a client area {@code clientWidth} wide, or -1. */
    int groupAt(int x, int clientWidth) {
        int width = Math.max(10, clientWidth - LEFT - RIGHT);
        if (groups.isEmpty() || x < LEFT || x >= LEFT + width) {
            return -1;
        }
        return Math.min(groups.size() - 1, (int) ((long) (x - LEFT) * groups.size() / width));
    }

    /** What hovering a group says: its name and every series' value. */
    String tip(int g) {
        Group group = groups.get(g);
        StringBuilder b = new StringBuilder(group.name());
        for (int s = 0; s < seriesNames.length && s < group.values().length; s++) {
            Double v = group.values()[s];
            b.append('\n').append(seriesNames[s]).append(": ").append(v == null ? "-" : format.apply(v));
        }
        return b.toString();
    }

    /** The x pixel range [left, right) of series {@code s}' bar in group {@code g}, in a client area of this size. */
    public int[] bar(int g, int s, int clientWidth) {
        int width = Math.max(10, clientWidth - LEFT - RIGHT);
        int left = LEFT + groupLeft(g, groups.size(), width);
        int right = LEFT + groupLeft(g + 1, groups.size(), width);
        int gap = Math.max(1, (right - left) / 6);
        int series = Math.max(1, seriesNames.length);
        int inner = Math.max(series, right - left - 2 * gap);
        int from = left + gap + s * inner / series;
        int to = left + gap + (s + 1) * inner / series;
        return new int[] { from, Math.max(from + 1, to) };
    }

    /** The y pixel of the plot's baseline and its height, in a client area of this height. */
    public static int[] plotY(int clientHeight) {
        int height = Math.max(10, clientHeight - TOP - BOTTOM);
        return new int[] { TOP + height, height };
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getBackground());
        gc.fillRectangle(area);
        gc.setForeground(getForeground());
        gc.drawString(title, LEFT, 4, true);
        if (groups.isEmpty()) {
            gc.drawString(empty, LEFT, TOP + 20, true);
            return;
        }
        int width = Math.max(10, area.width - LEFT - RIGHT);
        int[] py = plotY(area.height);
        int base = py[0];
        int height = py[1];
        // Value axis: five steps from 0 to the maximum, with light grid lines.
        Color grid = new Color(getDisplay(), new RGB(225, 225, 225));
        for (int i = 0; i <= 5; i++) {
            double v = max * i / 5;
            int y = base - barHeight(v, max, height);
            gc.setForeground(grid);
            gc.drawLine(LEFT, y, LEFT + width, y);
            gc.setForeground(getForeground());
            String text = format.apply(v);
            gc.drawString(text, Math.max(0, LEFT - 6 - gc.textExtent(text).x), y - gc.getFontMetrics().getHeight() / 2,
                    true);
        }
        grid.dispose();
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            for (int s = 0; s < group.values().length; s++) {
                Double v = group.values()[s];
                if (v == null) {
                    continue;
                }
                int[] x = bar(g, s, area.width);
                int h = barHeight(v, max, height);
                Color c = new Color(getDisplay(), COLORS[s % COLORS.length]);
                gc.setBackground(c);
                gc.fillRectangle(x[0], base - h, x[1] - x[0], h);
                c.dispose();
            }
            // The name under its group, cut to the group's width (hovering gives it in full).
            int left = LEFT + groupLeft(g, groups.size(), width);
            int room = LEFT + groupLeft(g + 1, groups.size(), width) - left;
            String name = fit(gc, group.name(), room);
            Color nameColor = g == marked ? new Color(getDisplay(), MARKED) : null;
            gc.setForeground(nameColor != null ? nameColor : getForeground());
            gc.drawString(name, left + Math.max(0, (room - gc.textExtent(name).x) / 2), base + 4, true);
            if (nameColor != null) {
                nameColor.dispose();
            }
        }
        gc.setForeground(getForeground());
        gc.drawLine(LEFT, base, LEFT + width, base);
        int lx = LEFT;
        int ly = base + 8 + gc.getFontMetrics().getHeight();
        for (int s = 0; s < seriesNames.length; s++) {
            Color c = new Color(getDisplay(), COLORS[s % COLORS.length]);
            gc.setBackground(c);
            gc.fillRectangle(lx, ly + 3, 10, 10);
            c.dispose();
            gc.setForeground(getForeground());
            gc.drawString(seriesNames[s], lx + 14, ly, true);
            lx += 24 + gc.textExtent(seriesNames[s]).x;
        }
    }

    /** A text cut with an ellipsis to fit {@code room} pixels. */
    private static String fit(GC gc, String text, int room) {
        if (gc.textExtent(text).x <= room) {
            return text;
        }
        for (int n = text.length() - 1; n > 0; n--) {
            String cut = text.substring(0, n) + "\u2026";
            if (gc.textExtent(cut).x <= room) {
                return cut;
            }
        }
        return "";
    }
}
