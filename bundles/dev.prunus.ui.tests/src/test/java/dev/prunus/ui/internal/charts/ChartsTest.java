package dev.prunus.ui.internal.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void groupedBarsScaleToTheAxisAndShareTheWidth() {
        assertEquals(0, GroupedBars.barHeight(0, 1, 200));
        assertEquals(100, GroupedBars.barHeight(0.5, 1, 200));
        assertEquals(200, GroupedBars.barHeight(1.5, 1, 200), "clamped to the axis");
        assertEquals(0, GroupedBars.barHeight(Double.NaN, 1, 200), "nothing for a value that is not one");
        assertEquals(0, GroupedBars.groupLeft(0, 4, 400));
        assertEquals(300, GroupedBars.groupLeft(3, 4, 400));
        assertEquals(400, GroupedBars.groupLeft(4, 4, 400), "the groups fill the plot");
        Display display = Display.getCurrent();
        Shell shell = new Shell(display);
        GroupedBars bars = new GroupedBars(shell);
        bars.setData("t", new String[] { "original", "pruned" }, List.of(new GroupedBars.Group("yes",
                new Double[] { 0.5, 0.25 }), new GroupedBars.Group("no", new Double[] { 1.0, null })), 1,
                ReportCharts::percent, -1, "");
        int[] first = bars.bar(0, 0, 480);
        int[] second = bars.bar(0, 1, 480);
        int[] next = bars.bar(1, 0, 480);
        assertTrue(first[1] <= second[0] && second[1] <= next[0], "bars side by side, groups apart");
        assertEquals("no\noriginal: 100 %\npruned: -", bars.tip(1), "hovering names the class and its values");
        assertEquals(1, bars.groupAt(next[0] + 1, 480));
        shell.dispose();
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

    @Test
    void ticksAreRoundAndCoverTheRange() {
        assertArrayEquals(new double[] { 0.6, 0.7, 0.8, 0.9 }, XyChart.ticks(0.61, 0.8884, 5), 1e-12);
        assertArrayEquals(new double[] { 2_000_000, 4_000_000, 6_000_000, 8_000_000 },
                XyChart.ticks(2_300_000, 7_890_123, 5), 1e-6);
        assertArrayEquals(new double[] { 1, 1.5, 2, 2.5, 3 }, XyChart.ticks(1, 3, 5), 1e-12);
        assertArrayEquals(new double[] { 5 }, XyChart.ticks(5, 5, 5), 1e-12, "one value: one tick");
        double[] flash = XyChart.axis(35_000, 123_456);
        assertArrayEquals(new double[] { 20_000, 40_000, 60_000, 80_000, 100_000, 120_000, 140_000 }, flash, 1e-6,
                "the axis runs from tick to tick: none drawn outside the plot");
        double[] one = XyChart.axis(0.5, 0.5);
        assertTrue(one[0] < 0.5 && one[one.length - 1] > 0.5, "a single value gets room around it");
    }

    @Test
    void valuesMapToPixelsAndTicksReadShort() {
        assertEquals(100, XyChart.pixel(0, 0, 10, 100, 300));
        assertEquals(300, XyChart.pixel(10, 0, 10, 100, 300));
        assertEquals(200, XyChart.pixel(5, 0, 10, 100, 300));
        assertEquals(250, XyChart.pixel(0.25, 0, 1, 300, 100), "y grows upwards");
        assertEquals(200, XyChart.pixel(3, 3, 3, 100, 300), "an empty range draws in the middle");
        assertEquals("4M", ReportCharts.compact(4_000_000));
        assertEquals("2.5M", ReportCharts.compact(2_500_000));
        assertEquals("60k", ReportCharts.compact(60_000));
        assertEquals("5000", ReportCharts.compact(5000));
        assertEquals("0.3", ReportCharts.compact(0.1 * 3));
        assertEquals("88.5 %", ReportCharts.percent(0.885));
        XyChart.Axis epochs = new XyChart.Axis("epoch", ReportCharts::compact, true);
        assertTrue(epochs.drawn(2) && !epochs.drawn(1.5), "no half epochs");
        assertTrue(new XyChart.Axis("loss", ReportCharts::compact).drawn(1.5));
        assertEquals("70 %", ReportCharts.percent(0.7));
    }

    @Test
    void theChosenAndDensePointsAreMarkedWhereTheValuesSay() {
        Display display = Display.getCurrent();
        Shell shell = new Shell(display);
        shell.setLayout(new FillLayout());
        shell.setSize(500, 320);
        XyChart chart = new XyChart(shell);
        XyChart.Axis axis = new XyChart.Axis("x", ReportCharts::compact);
        chart.setData("t", axis, axis, List.of(new XyChart.Series("s", XyChart.COLORS[0], false, List.of(
                new XyChart.Dot(100, 0.9, XyChart.Mark.DENSE, null),
                new XyChart.Dot(50, 0.8, XyChart.Mark.CHOSEN, null),
                new XyChart.Dot(70, 0.85, XyChart.Mark.PLAIN, null)))), "none");
        shell.open();
        UiTestSupport.settle(300);
        int w = chart.getSize().x;
        int h = chart.getSize().y;
        Image image = new Image(display, w, h);
        GC gc = new GC(chart);
        gc.copyArea(image, 0, 0);
        gc.dispose();
        ImageData data = image.getImageData();
        image.dispose();
        List<XyChart.Dot> dots = chart.series().get(0).dots();
        org.eclipse.swt.graphics.Point dense = chart.location(dots.get(0), w, h);
        org.eclipse.swt.graphics.Point chosen = chart.location(dots.get(1), w, h);
        org.eclipse.swt.graphics.Point plain = chart.location(dots.get(2), w, h);
        assertTrue(dense.x > chosen.x && dense.y < chosen.y, "more instructions right, more accuracy up");
        assertEquals(XyChart.DENSE, data.palette.getRGB(data.getPixel(dense.x, dense.y)), "dense: black");
        assertEquals(XyChart.CHOSEN, data.palette.getRGB(data.getPixel(chosen.x, chosen.y)), "chosen: red");
        assertEquals(XyChart.COLORS[0], data.palette.getRGB(data.getPixel(plain.x, plain.y)), "others: blue");
        assertTrue(chart.hasPoints());
        assertEquals(dots.get(2), chart.dotAt(plain.x + 2, plain.y - 2), "hovering near a point finds it");
        assertEquals(null, chart.dotAt(plain.x + 40, plain.y + 40), "nothing far from every point");
        assertEquals("x: 70\nx: 0.85", chart.tip(dots.get(2)), "the values as the axes write them");
        chart.setData("t", axis, axis, List.of(), "nothing explored");
        assertFalse(chart.hasPoints());
        shell.dispose();
    }
}
