package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Per-class accuracy as the Report tab's chart and table get it: names, fractions, texts, the largest loss. */
class ClassComparisonTest {

    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/fixtures/report", name));
    }

    @Test
    void everyClassWithItsFiguresAndTheLargestLossMarked() throws IOException {
        ClassComparison c = ClassComparison.of(ReportView.read(fixture("trained.report.json")
                .getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, c.rows().size());
        ClassComparison.Row bird = c.rows().get(2);
        assertEquals("bird", bird.name());
        assertEquals(0.81, bird.before(), 1e-12);
        assertEquals(0.78, bird.after(), 1e-12);
        assertEquals("81.00 %", bird.beforeText());
        assertEquals("78.00 %", bird.afterText());
        assertEquals("-3.00 pt", bird.changeText());
        double worst = c.rows().stream().filter(r -> r.changePoints() != null)
                .mapToDouble(ClassComparison.Row::changePoints).min().orElseThrow();
        assertEquals(worst, c.rows().get(c.largestDrop()).changePoints(), 1e-9,
                "the marked class is the one that lost the most");
    }

    @Test
    void missingSidesAndNoLossAreShownAsSuch() throws IOException {
        String json = fixture("before-charts.report.json").replace("\"accuracyPruned\": 0.8}",
                "\"accuracyPruned\": 0.8, \"classAccuracyOriginal\": [0.5, 0.25, 1.0], "
                        + "\"classAccuracyPruned\": [0.75, 0.25], \"classNames\": [\"yes\", \"no\", \"up\"]}");
        ClassComparison c = ClassComparison.of(ReportView.read(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, c.rows().size());
        assertEquals("+25.00 pt", c.rows().get(0).changeText());
        assertEquals("+0.00 pt", c.rows().get(1).changeText());
        assertNull(c.rows().get(2).after());
        assertEquals("-", c.rows().get(2).afterText());
        assertEquals("-", c.rows().get(2).changeText(), "no pruned figure: no change");
        assertEquals(-1, c.largestDrop(), "no class lost accuracy: none is marked");
        assertTrue(ClassComparison.of(ReportView.read(fixture("unlabelled.report.json")
                .getBytes(StandardCharsets.UTF_8))).isEmpty());
    }
}
