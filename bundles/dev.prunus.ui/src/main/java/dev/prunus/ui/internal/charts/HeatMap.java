package dev.prunus.ui.internal.charts;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

import dev.prunus.core.view.WeightMap;

/**
 * A layer's units as a grid: colour from white to dark blue by importance, removed units red (and crossed out
 * where cells are large enough).
 * Cells shrink to fit (at least one pixel); rows are output channels, columns units.
 */
public class HeatMap extends Canvas {

    /** Colour of a removed unit. */
    static final RGB REMOVED = new RGB(204, 40, 40);

    private WeightMap map;
    private Image image;

    public HeatMap(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        addPaintListener(e -> paint(e.gc));
        addDisposeListener(e -> setMap(null));
    }

    public void setMap(WeightMap newMap) {
        map = newMap;
        if (image != null) {
            image.dispose();
            image = null;
        }
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

    /** One pixel per unit, made once per map: a large layer has 100,000 units and is painted often. */
    private Image image() {
        if (image == null && map != null && map.rows() > 0 && map.cols() > 0) {
            ImageData data = new ImageData(map.cols(), map.rows(), 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    RGB rgb = map.kept(r, c) ? color(map.importance(r, c)) : REMOVED;
                    data.setPixel(c, r, rgb.red << 16 | rgb.green << 8 | rgb.blue);
                }
            }
            image = new Image(getDisplay(), data);
        }
        return image;
    }

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getBackground());
        gc.fillRectangle(area);
        Image img = image();
        if (img == null) {
            return;
        }
        int s = cell(map.rows(), map.cols(), area.width - 4, area.height - 4);
        gc.setInterpolation(SWT.NONE);
        gc.drawImage(img, 0, 0, map.cols(), map.rows(), 2, 2, map.cols() * s, map.rows() * s);
        if (s >= 6 && map.rows() * map.cols() <= 20_000) {
            // Large cells: a cross says "removed" more clearly than colour alone.
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    if (!map.kept(r, c)) {
                        int x = 2 + c * s;
                        int y = 2 + r * s;
                        gc.drawLine(x + 1, y + 1, x + s - 2, y + s - 2);
                        gc.drawLine(x + s - 2, y + 1, x + 1, y + s - 2);
                    }
                }
            }
        }
    }
}
