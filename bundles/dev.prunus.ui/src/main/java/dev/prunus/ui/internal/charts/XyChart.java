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
 * Points and lines on two linear axes, drawn with SWT (as {@link StackedBars}): the accuracy of every point a
 * pruning run explored against its cost, and training curves. Points may be marked: the dense model as a black
 * square, the chosen result as a red diamond with its label. Only draws what it is given; the figures come from
 * the core's report. The mapping from values to pixels is in static methods so that it is tested.
 */
public class XyChart extends Canvas {

    /** How a point is drawn. */
    public enum Mark {
        PLAIN, DENSE, CHOSEN
    }

    /** One point; {@code label} (may be null) is written beside marked points and shown on hover for all. */
    public record Dot(double x, double y, Mark mark, String label) {
    }

    /** One series: its points in order, drawn as dots and, when {@code line}, joined. */
    public record Series(String name, RGB color, boolean line, List<Dot> dots) {
        public Series {
            dots = List.copyOf(dots);
        }
    }

    /** An axis: its title, how its tick values are written, and whether only whole ticks are drawn (epochs). */
    public record Axis(String title, DoubleFunction<String> format, boolean whole) {
        public Axis(String title, DoubleFunction<String> format) {
            this(title, format, false);
        }

        /** Whether a tick is drawn: every tick, or only whole ones on a whole axis (tested). */
        boolean drawn(double tick) {
            return !whole || tick == Math.rint(tick);
        }
    }

    /** Series colours, in order. */
    public static final RGB[] COLORS = { new RGB(74, 126, 187), new RGB(232, 163, 61), new RGB(106, 168, 79) };
    /** Colour of the chosen point. */
    public static final RGB CHOSEN = new RGB(204, 40, 40);
    /** Colour of the dense model's point. */
    public static final RGB DENSE = new RGB(0, 0, 0);

    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 26;
    static final int BOTTOM = 52;
    private static final int DOT = 7;

    private String title = "";
    private Axis xAxis = new Axis("", v -> "");
    private Axis yAxis = new Axis("", v -> "");
    private final List<Series> series = new ArrayList<>();
    private String empty = "";

    public XyChart(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseMove, e -> {
            Dot d = dotAt(e.x, e.y);
            String tip = d == null ? null : tip(d);
            if (!java.util.Objects.equals(tip, getToolTipText())) {
                setToolTipText(tip);
            }
        });
    }

    /** The point drawn nearest to a pixel, within a few pixels, or null. */
    public Dot dotAt(int x, int y) {
        Rectangle area = getClientArea();
        double[][] axes = axes();
        Dot best = null;
        int bestDistance = (DOT + 3) * (DOT + 3);
        for (Series s : series) {
            for (Dot d : s.dots()) {
                Point at = location(d, area.width, area.height, axes);
                int distance = (at.x - x) * (at.x - x) + (at.y - y) * (at.y - y);
                if (distance <= bestDistance) {
                    best = d;
                    bestDistance = distance;
                }
            }
        }
        return best;
    }

    /** What hovering a point says: its label and both values as the axes write them. */
    public String tip(Dot d) {
        String values = xAxis.title() + ": " + xAxis.format().apply(d.x()) + "\n" + yAxis.title() + ": "
                + yAxis.format().apply(d.y());
        return d.label() == null ? values : d.label() + "\n" + values;
    }

    /** Sets what is drawn; with no points the chart writes {@code emptyText} instead. */
    public void setData(String newTitle, Axis x, Axis y, List<Series> newSeries, String emptyText) {
        title = newTitle;
        xAxis = x;
        yAxis = y;
        series.clear();
        series.addAll(newSeries);
        empty = emptyText == null ? "" : emptyText;
        redraw();
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    /** Whether there is any point to draw. */
    public boolean hasPoints() {
        return series.stream().anyMatch(s -> !s.dots().isEmpty());
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 420 : wHint, hHint == SWT.DEFAULT ? 260 : hHint);
    }

    /**
     * Tick values for a range: 1, 2 or 5 times a power of ten apart, at most about {@code count} of them, covering
     * [min, max] (tested).
     */
    static double[] ticks(double min, double max, int count) {
        if (!(max > min)) {
            return new double[] { min };
        }
        double raw = (max - min) / Math.max(1, count);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power * (raw <= power ? 1 : raw <= 2 * power ? 2 : raw <= 5 * power ? 5 : 10);
        double first = Math.floor(min / step) * step;
        int n = (int) Math.ceil((max - first) / step - 1e-9) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            // Rounded to the step's precision: 0.1 * 3 is written 0.3, not 0.30000000000000004.
            t[i] = Math.round((first + i * step) / power) * power;
        }
        return t;
    }

    /**
     * The ticks of an axis over some values: the first at or below the smallest, the last at or above the largest;
     * the first and last are the axis range (a single value gets room around it).
     */
    static double[] axis(double min, double max) {
        if (max == min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        return ticks(min, max, 5);
    }

    /** Pixel of a value on an axis from {@code from} (at {@code min}) to {@code to} (at {@code max}) (tested). */
    static int pixel(double value, double min, double max, int from, int to) {
        if (max <= min) {
            return (from + to) / 2;
        }
        return (int) Math.round(from + (value - min) / (max - min) * (to - from));
    }

    /** The plot area inside a client area of the given size. */
    static Rectangle plot(int width, int height) {
        return new Rectangle(LEFT, TOP, Math.max(10, width - LEFT - RIGHT), Math.max(10, height - TOP - BOTTOM));
    }

    /** Where a point is drawn in a client area of the given size, on the axis ranges the data give. */
    public Point location(Dot d, int width, int height) {
        return location(d, width, height, axes());
    }

    private static Point location(Dot d, int width, int height, double[][] axes) {
        double[] x = axes[0];
        double[] y = axes[1];
        Rectangle p = plot(width, height);
        return new Point(pixel(d.x(), x[0], x[x.length - 1], p.x, p.x + p.width),
                pixel(d.y(), y[0], y[y.length - 1], p.y + p.height, p.y));
    }

    /** The x and y ticks of the data; the first and last of each are the axis range. */
    private double[][] axes() {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Dot d : s.dots()) {
                x0 = Math.min(x0, d.x());
                x1 = Math.max(x1, d.x());
                y0 = Math.min(y0, d.y());
                y1 = Math.max(y1, d.y());
            }
        }
        return new double[][] { axis(x0, x1), axis(y0, y1) };
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getBackground());
        gc.fillRectangle(area);
        gc.setForeground(getForeground());
        gc.drawString(title, 4, 4, true);
        if (!hasPoints()) {
            gc.drawString(empty, LEFT, TOP + 10, true);
            return;
        }
        double[][] ticks = axes();
        double[][] r = { { ticks[0][0], ticks[0][ticks[0].length - 1] },
            { ticks[1][0], ticks[1][ticks[1].length - 1] } };
        Rectangle p = plot(area.width, area.height);
        Color grid = new Color(getDisplay(), new RGB(225, 225, 225));
        gc.setForeground(grid);
        for (double t : ticks[0]) {
            if (xAxis.drawn(t)) {
                int x = pixel(t, r[0][0], r[0][1], p.x, p.x + p.width);
                gc.drawLine(x, p.y, x, p.y + p.height);
            }
        }
        for (double t : ticks[1]) {
            if (yAxis.drawn(t)) {
                int y = pixel(t, r[1][0], r[1][1], p.y + p.height, p.y);
                gc.drawLine(p.x, y, p.x + p.width, y);
            }
        }
        grid.dispose();
        gc.setForeground(getForeground());
        gc.drawRectangle(p.x, p.y, p.width, p.height);
        for (double t : ticks[0]) {
            if (xAxis.drawn(t)) {
                int x = pixel(t, r[0][0], r[0][1], p.x, p.x + p.width);
                String s = xAxis.format().apply(t);
                gc.drawString(s, x - gc.textExtent(s).x / 2, p.y + p.height + 3, true);
            }
        }
        for (double t : ticks[1]) {
            if (yAxis.drawn(t)) {
                int y = pixel(t, r[1][0], r[1][1], p.y + p.height, p.y);
                String s = yAxis.format().apply(t);
                gc.drawString(s, p.x - gc.textExtent(s).x - 4, y - gc.textExtent(s).y / 2, true);
            }
        }
        gc.drawString(xAxis.title(), p.x + (p.width - gc.textExtent(xAxis.title()).x) / 2, p.y + p.height + 20, true);
        gc.drawString(yAxis.title(), Math.max(4, gc.textExtent(title).x + 16), 4, true);
        gc.setAntialias(SWT.ON);
        for (Series s : series) {
            Color c = new Color(getDisplay(), s.color());
            gc.setForeground(c);
            gc.setBackground(c);
            gc.setLineWidth(2);
            Point last = null;
            for (Dot d : s.dots()) {
                Point at = location(d, area.width, area.height, ticks);
                if (s.line() && last != null) {
                    gc.drawLine(last.x, last.y, at.x, at.y);
                }
                last = at;
            }
            gc.setLineWidth(1);
            for (Dot d : s.dots()) {
                Point at = location(d, area.width, area.height, ticks);
                if (d.mark() == Mark.PLAIN) {
                    gc.fillOval(at.x - DOT / 2, at.y - DOT / 2, DOT, DOT);
                }
            }
            c.dispose();
        }
        // Marked points last, on top of the others they may coincide with.
        for (Series s : series) {
            for (Dot d : s.dots()) {
                if (d.mark() != Mark.PLAIN) {
                    mark(gc, d, location(d, area.width, area.height, ticks), p);
                }
            }
        }
        legend(gc, area, p);
    }

    private void mark(GC gc, Dot d, Point at, Rectangle p) {
        Color c = new Color(getDisplay(), d.mark() == Mark.CHOSEN ? CHOSEN : DENSE);
        gc.setBackground(c);
        gc.setForeground(c);
        int s = DOT + 3;
        if (d.mark() == Mark.CHOSEN) {
            gc.fillPolygon(new int[] { at.x, at.y - s / 2 - 1, at.x + s / 2 + 1, at.y, at.x, at.y + s / 2 + 1,
                at.x - s / 2 - 1, at.y });
        } else {
            gc.fillRectangle(at.x - s / 2, at.y - s / 2, s, s);
        }
        if (d.label() != null) {
            // Marked points are named on the chart; the others on hover.
            Point e = gc.textExtent(d.label());
            // Left of the point when the label would leave the plot on the right.
            int x = at.x + s + e.x > p.x + p.width ? at.x - s - e.x : at.x + s;
            int y = Math.max(p.y + 1, Math.min(p.y + p.height - e.y - 1, at.y - e.y - 2));
            gc.drawString(d.label(), x, y, true);
        }
        c.dispose();
    }

    private void legend(GC gc, Rectangle area, Rectangle p) {
        int x = p.x;
        int y = area.height - 16;
        List<String> names = new ArrayList<>();
        List<RGB> colors = new ArrayList<>();
        boolean dense = false;
        boolean chosen = false;
        for (Series s : series) {
            names.add(s.name());
            colors.add(s.color());
            dense |= s.dots().stream().anyMatch(d -> d.mark() == Mark.DENSE);
            chosen |= s.dots().stream().anyMatch(d -> d.mark() == Mark.CHOSEN);
        }
        if (dense) {
            names.add(ChartMessages.Chart_dense);
            colors.add(DENSE);
        }
        if (chosen) {
            names.add(ChartMessages.Chart_chosen);
            colors.add(CHOSEN);
        }
        for (int i = 0; i < names.size(); i++) {
            Color c = new Color(getDisplay(), colors.get(i));
            gc.setBackground(c);
            gc.fillRectangle(x, y + 3, 10, 10);
            c.dispose();
            gc.setForeground(getForeground());
            gc.drawString(names.get(i), x + 14, y, true);
            x += 26 + gc.textExtent(names.get(i)).x;
        }
    }
}
