package dev.prunus.ui.internal.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;

import dev.prunus.core.view.WeightMap;
import dev.prunus.ui.tests.UiTestSupport;

/** The SWT drawing of bars and heat maps: scales, colours, and pixels where the figures say. */
class ChartsTest {

    @Test
    void barsScaleToTheLargestOfBarsAndLimit() {
        assertEquals(0, StackedBars.scale(0, 100, 400));
        assertEquals(200, StackedBars.scale(50, 100, 400));
        assertEquals(400, StackedBars.scale(100, 100, 400));
        assertEquals(0, StackedBars.scale(10, 0, 400), "nothing to draw");
    }

    @Test
    void heatColoursGoFromWhiteToBlueAndCellsFit() {
        assertEquals(new RGB(255, 255, 255), HeatMap.color(0));
        assertEquals(new RGB(30, 70, 160), HeatMap.color(1));
        assertTrue(HeatMap.color(0.5).blue > HeatMap.color(0.5).red, "blue-ish in between");
        assertEquals(24, HeatMap.cell(4, 9, 1000, 1000), "at most 24 px");
        assertEquals(1, HeatMap.cell(2000, 10, 500, 500), "at least one pixel");
        assertEquals(10, HeatMap.cell(30, 50, 500, 500));
    }

    @Test
    void paintedPixelsFollowTheData() {
        Display display = Display.getCurrent();
        Shell shell = new Shell(display);
        shell.setLayout(new FillLayout(SWT.VERTICAL));
        shell.setSize(600, 400);
        StackedBars bars = new StackedBars(shell);
        bars.setData(new String[] { "a", "b" }, List.of(new StackedBars.Row("x", new long[] { 50, 50 })), 0, null);
        HeatMap heat = new HeatMap(shell);
        heat.setMap(new WeightMap(0, "tap", 1, 2, new double[] { 1, 0.5 }, new boolean[] { true, false }));
        shell.open();
        UiTestSupport.settle(300);
        Image image = new Image(display, bars.getSize().x, bars.getSize().y);
        GC gc = new GC(bars);
        gc.copyArea(image, 0, 0);
        gc.dispose();
        ImageData data = image.getImageData();
        RGB first = data.palette.getRGB(data.getPixel(100, 10));
        image.dispose();
        assertEquals(StackedBars.COLORS[0], first, "the first segment is drawn in the first colour");
        Image h = new Image(display, heat.getSize().x, heat.getSize().y);
        gc = new GC(heat);
        gc.copyArea(h, 0, 0);
        gc.dispose();
        ImageData hd = h.getImageData();
        int s = HeatMap.cell(1, 2, heat.getSize().x - 4, heat.getSize().y - 4);
        assertEquals(HeatMap.color(1), hd.palette.getRGB(hd.getPixel(3, 3)), "the important unit is dark");
        assertEquals(HeatMap.REMOVED, hd.palette.getRGB(hd.getPixel(2 + s + 2, 2 + s / 2 + 3)),
                "the removed unit is red");
        h.dispose();
        shell.dispose();
    }
}
