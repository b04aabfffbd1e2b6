package dev.prunus.ui.internal.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import dev.prunus.core.view.WeightMap;

/**
 * A layer's units as a grid: colour from white to dark blue by importance, removed units crossed out in red.
 * Cells shrink to fit (at least one pixel); rows are output channels, columns units.
 */
public class HeatMap extends Canvas {

    private WeightMap map;

    public HeatMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
    }

    public void setMap(WeightMap newMap) {
        map = newMap;
        redraw();
    }

    public WeightMap map() {
        return map;
    }

    /** Colour of an importance in [0, 1]: white to dark blue (tested). */
    static RGB color(double importance) {
        double v = Math.max(0, Math.min(1, importance));
        return new RGB((int) Math.round(255 - 225 * v), (int) Math.round(255 - 185 * v), (int) Math.round(255 - 95 * v));
    }

    /** Side of a cell in pixels so that the grid fits the area (at most 24). */
    static int cell(int rows, int cols, int width, int height) {
        if (rows == 0 || cols == 0) {
            return 0;
        }
        return Math.max(1, Math.min(24, Math.min(width / cols, height / rows)));
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 400 : wHint, hHint == SWT.DEFAULT ? 300 : hHint);
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getBackground());
        gc.fillRectangle(area);
        if (map == null) {
            return;
        }
        int s = cell(map.rows(), map.cols(), area.width - 4, area.height - 4);
        Color red = getDisplay().getSystemColor(SWT.COLOR_RED);
        for (int r = 0; r < map.rows(); r++) {
            for (int c = 0; c < map.cols(); c++) {
                int x = 2 + c * s;
                int y = 2 + r * s;
                if (y > area.height) {
                    return;
                }
                Color color = new Color(getDisplay(), color(map.importance(r, c)));
                gc.setBackground(color);
                gc.fillRectangle(x, y, s, s);
                color.dispose();
                if (!map.kept(r, c)) {
                    gc.setForeground(red);
                    if (s >= 4) {
                        gc.drawLine(x, y, x + s - 1, y + s - 1);
                        gc.drawLine(x + s - 1, y, x, y + s - 1);
                    } else {
                        gc.setBackground(red);
                        gc.fillRectangle(x, y, s, s);
                    }
                }
            }
        }
    }
}
