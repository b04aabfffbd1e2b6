package dev.prunus.core.prune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.progress.Progress;

/** The wizard's default budget with a fraction to remove works on the tiny demo model (it always failed). */
class RatioWithBudgetTest {

    @Test
    void unreachableRatioUnderAGenerousBudgetPrunesAsMuchAsTheMethodCan() {
        Model model = DemoModel.build();
        for (double loss : new double[] { 1.0, 100.0 }) {
            PruneOptions o = new PruneOptions("filterlet", 0.5, 524_288L, 131_072L, null, loss, Map.of(), "m4",
                    null, null, null, null);
            PruneResult r = Pruner.prune(model, o, Progress.NONE);
            assertTrue(r.report().after().weightBytes() < r.report().before().weightBytes());
            assertTrue(r.report().notes().stream().anyMatch(n -> n.contains("can remove at most")),
                    () -> "the note says why less was removed: " + r.report().notes());
            assertTrue(r.report().notes().stream().anyMatch(n -> n.contains("not pruned by method filterlet")),
                    () -> "and which layers keep their bytes: " + r.report().notes());
        }
    }
}
