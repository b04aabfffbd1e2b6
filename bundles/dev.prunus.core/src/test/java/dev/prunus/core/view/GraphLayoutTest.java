package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

/** The layered layout: producers above consumers, no two boxes overlapping, every data edge drawn once. */
class GraphLayoutTest {

    private static void check(Graph g) {
        GraphLayout layout = GraphLayout.of(g);
        assertEquals(g.operators().size(), layout.nodes().size());
        for (GraphLayout.Edge e : layout.edges()) {
            assertTrue(layout.nodes().get(e.from()).y() < layout.nodes().get(e.to()).y(), "edges point down: " + e);
        }
        for (GraphLayout.Node a : layout.nodes()) {
            assertTrue(a.x() >= 0 && a.x() + GraphLayout.BOX_W <= layout.width(), a.toString());
            assertTrue(a.y() >= 0 && a.y() + GraphLayout.BOX_H <= layout.height(), a.toString());
            for (GraphLayout.Node b : layout.nodes()) {
                boolean overlap = a != b && Math.abs(a.x() - b.x()) < GraphLayout.BOX_W
                        && Math.abs(a.y() - b.y()) < GraphLayout.BOX_H;
                assertFalse(overlap, a + " overlaps " + b);
            }
            assertEquals(a.operator(), layout.operatorAt(a.x() + 5, a.y() + 5));
        }
        assertEquals(-1, layout.operatorAt(-10, -10));
    }

    @Test
    void demoChainIsOneColumn() {
        Graph g = DemoModel.build().main();
        GraphLayout layout = GraphLayout.of(g);
        check(g);
        assertEquals(g.operators().size() - 1, layout.edges().size(), "a chain");
        assertTrue(layout.nodes().stream().allMatch(n -> n.x() == layout.nodes().get(0).x()), "one column");
    }

    @Test
    void residualBranchesSitSideBySide() throws Exception {
        var path = SharedData.root().map(r -> r.resolve("models/mlperf_tiny/pretrainedResnet_quant.tflite"));
        org.junit.jupiter.api.Assumptions.assumeTrue(path.isPresent() && Files.exists(path.get()),
                "../shared/models is absent: skipping the ResNet layout");
        Graph g = TfliteReader.read(Files.readAllBytes(path.get())).main();
        check(g);
        GraphLayout layout = GraphLayout.of(g);
        assertTrue(layout.nodes().stream().map(GraphLayout.Node::x).distinct().count() > 1, "branches side by side");
        assertTrue(layout.edges().size() >= g.operators().size(), "residual joins add edges");
    }
}
