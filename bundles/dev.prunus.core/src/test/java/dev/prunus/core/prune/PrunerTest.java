package dev.prunus.core.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

class PrunerTest {

    private static final Model DEMO = DemoModel.build();
    private static final byte[] CAL = DemoModel.inputs(16);
    private static final byte[] VAL = slice(DemoModel.inputs(24), 16, 24);

    private static byte[] slice(byte[] all, int from, int to) {
        return java.util.Arrays.copyOfRange(all, from * DemoModel.INPUT_BYTES, to * DemoModel.INPUT_BYTES);
    }

    private static PrunableGraph.Layer hand(OpType type, int cout, int k, int cin) {
        return new PrunableGraph.Layer(0, type, 0, 1, 2, 3, cout, k, k, cin);
    }

    @Test
    void filterletMaskRemovesWholeTapsOfOneFilter() {
        PrunableGraph.Layer l = hand(OpType.CONV_2D, 2, 3, 4); // 2 filters x 9 taps x 4 Cin
        double[] scores = new double[18];
        for (int u = 0; u < 18; u++) {
            scores[u] = u == 4 || u == 13 ? -1 : u; // units 4 (filter 0, tap 4) and 13 (filter 1, tap 4) lowest
        }
        boolean[] keep = Units.mask(l, Units.Kind.FILTERLET, 4, scores, 2.0 / 18, null);
        for (int i = 0; i < keep.length; i++) {
            boolean inPruned = (i >= 16 && i < 20) || (i >= 52 && i < 56);
            assertEquals(!inPruned, keep[i], "weight " + i);
        }
    }

    @Test
    void filterletGroupKeepsTheIndexWithinThreePercentOfKeptWeights() {
        // 3x3, Cin 16, Cout 32: one uint16 mask per channel is 2.8% at 50%, so groups start above that.
        assertEquals(1, Units.filterletGroup(16, 9, 32, 0.5));
        assertEquals(2, Units.filterletGroup(16, 9, 32, 0.75));
        assertEquals(8, Units.filterletGroup(16, 9, 32, 0.9));
        for (double r : new double[] {0.5, 0.75, 0.9}) {
            int g = Units.filterletGroup(16, 9, 32, r);
            double kept = (1 - r) * 32 * 9 * 16;
            assertTrue(dev.prunus.core.pack.SparsePacker.filterletIndexBytes(32, 9, g) <= 0.03 * kept, "ratio " + r + ", group " + g);
        }
        assertEquals(1, Units.filterletGroup(3, 9, 16, 0.9), "short filterlets keep per-channel masks");
    }

    @Test
    void groupedFilterletMasksAreSharedByConsecutiveLiveChannels() {
        PrunableGraph.Layer l = hand(OpType.CONV_2D, 8, 3, 16);
        double[] scores = new double[8 * 9];
        for (int u = 0; u < scores.length; u++) {
            scores[u] = (u * 37) % 11;
        }
        boolean[] allowed = new boolean[l.weightCount()];
        java.util.Arrays.fill(allowed, true);
        java.util.Arrays.fill(allowed, 2 * 144, 3 * 144, false); // channel 2 already removed by channel pruning
        int group = Units.filterletGroup(16, 9, 7, 0.9);
        assertTrue(group > 1, "0.9 must need shared masks");
        boolean[] keep = Units.mask(l, Units.Kind.FILTERLET, 4, scores, 0.9, allowed);
        int[] live = {0, 1, 3, 4, 5, 6, 7};
        int keptTaps = 0;
        for (int k = 0; k < live.length; k++) {
            for (int t = 0; t < 9; t++) {
                int first = (live[k] * 9 + t) * 16;
                boolean kept = keep[first];
                for (int c = 0; c < 16; c++) {
                    assertEquals(kept, keep[first + c], "a filterlet is kept or pruned whole");
                }
                int leader = live[(k / group) * group];
                assertEquals(keep[(leader * 9 + t) * 16], kept, "channel " + live[k] + " shares its group's mask");
                keptTaps += kept && k % group == 0 ? 1 : 0;
            }
        }
        for (int i = 2 * 144; i < 3 * 144; i++) {
            assertFalse(keep[i], "a removed channel stays removed");
        }
        int groupTaps = (live.length + group - 1) / group * 9;
        assertEquals(groupTaps - Math.round(0.9 * groupTaps), keptTaps, "kept taps of the group leaders");
    }

    @Test
    void blockMaskHandlesPartialLastBlock() {
        PrunableGraph.Layer l = hand(OpType.FULLY_CONNECTED, 2, 1, 10); // 3 blocks of 4 per row, last has 2
        assertEquals(6, Units.count(l, Units.Kind.BLOCK, 4));
        double[] scores = {5, 5, 0, 5, 5, 5}; // unit 2 = row 0, weights 8..9
        boolean[] keep = Units.mask(l, Units.Kind.BLOCK, 4, scores, 1.0 / 6, null);
        for (int i = 0; i < 20; i++) {
            assertEquals(i != 8 && i != 9, keep[i], "weight " + i);
        }
    }

    @Test
    void channelRemovalShrinksConsumersAndEqualsTheMaskedModel() {
        PrunableGraph pg = PrunableGraph.of(DEMO.main());
        PrunableGraph.Space conv1 = pg.spaces.stream().filter(s -> s.sources.contains(0)).findFirst().orElseThrow();
        assertTrue(conv1.prunable(), conv1.frozenReason);
        assertTrue(conv1.depthwise.contains(1), "the depthwise layer passes conv1's channels through");
        Plan plan = new Plan(pg);
        boolean[] removed = new boolean[conv1.channels];
        for (int c = 0; c < 8; c++) {
            removed[2 * c] = true;
        }
        plan.removed[conv1.id] = removed;
        Model masked = plan.masked(DEMO, pg);
        Model shrunk = ChannelSurgery.apply(masked, pg, plan);
        assertEquals(8, shrunk.main().tensor(pg.layers.get(0).weights).dim(0));
        assertEquals(8, shrunk.main().tensor(pg.layers.get(1).weights).dim(3));
        PrunableGraph.Layer next = pg.layers.stream().filter(l -> conv1.sinks.contains(l.op)).findFirst().orElseThrow();
        assertEquals(8, shrunk.main().tensor(next.weights).dim(3));
        // Reloaded from bytes, the shrunk model computes exactly what the original computes without those channels.
        Interpreter a = Interpreter.create(masked);
        Interpreter b = Interpreter.create(TfliteReader.read(TfliteWriter.write(shrunk)));
        Interpreter orig = Interpreter.create(DEMO);
        byte[] inputs = DemoModel.inputs(8);
        List<byte[]> recs = Tracer.records(DEMO, inputs, "test");
        List<byte[]> la = Tracer.logits(a, recs, Progress.NONE);
        List<byte[]> lb = Tracer.logits(b, recs, Progress.NONE);
        List<byte[]> lo = Tracer.logits(orig, recs, Progress.NONE);
        boolean anyDifferent = false;
        for (int r = 0; r < recs.size(); r++) {
            assertArrayEquals(a.run(recs.get(r)), b.run(recs.get(r)), "record " + r);
            assertArrayEquals(la.get(r), lb.get(r), "logits of record " + r);
            anyDifferent |= !java.util.Arrays.equals(lo.get(r), lb.get(r));
        }
        assertTrue(anyDifferent, "removing half of the channels changes some logits");
    }

    @Test
    void compensationReducesLayerReconstructionError() {
        PrunableGraph pg = PrunableGraph.of(DEMO.main());
        Plan plan = new Plan(pg);
        PrunableGraph.Layer conv1 = pg.layers.get(0);
        double[] scores = Importance.magnitude(pg).unitScores(0, conv1, Units.Kind.FILTERLET, 4,
                Units.realWeights(DEMO.main(), conv1), Progress.NONE);
        plan.keep[0] = Units.mask(conv1, Units.Kind.FILTERLET, 4, scores, 0.5, null);
        List<Compensator.Fit> fits = new ArrayList<>();
        Model masked = plan.masked(DEMO, pg);
        Model comp = Compensator.compensate(DEMO, masked, pg, plan, Tracer.records(DEMO, CAL, "calibration"),
                Progress.NONE, fits);
        assertEquals(1, fits.size());
        assertTrue(fits.get(0).errorFitted() < 0.9 * fits.get(0).errorMasked(), fits.toString());
        // Pruned weights stay exactly zero after requantization.
        byte[] q = comp.main().tensor(conv1.weights).data();
        for (int i = 0; i < q.length; i++) {
            if (!plan.keep[0][i]) {
                assertEquals(0, q[i]);
            }
        }
        // And the compensated model is closer to the original on held-out records.
        Interpreter o = Interpreter.create(DEMO);
        List<byte[]> recs = Tracer.records(DEMO, VAL, "validation");
        double errMasked = Pruner.nsr(Tracer.logits(o, recs, Progress.NONE),
                Tracer.logits(Interpreter.create(masked), recs, Progress.NONE), DEMO.main().tensor(
                        Tracer.logitsTensor(DEMO.main())));
        double errComp = Pruner.nsr(Tracer.logits(o, recs, Progress.NONE),
                Tracer.logits(Interpreter.create(comp), recs, Progress.NONE), DEMO.main().tensor(
                        Tracer.logitsTensor(DEMO.main())));
        assertTrue(errComp < errMasked, errComp + " vs " + errMasked);
    }

    @Test
    void uniformRatioPrunesAndStaysRunnable() {
        for (String method : List.of("filterlet", "channel", "block", "unstructured", "auto")) {
            PruneResult r = Pruner.prune(DEMO, PruneOptions.uniform(method, 0.5, CAL, VAL, null), Progress.NONE);
            assertTrue(r.report().after().params() < r.report().before().params(), method);
            Model reread = TfliteReader.read(TfliteWriter.write(r.pruned()));
            Interpreter.create(reread).run(slice(VAL, 0, 1));
            assertTrue(r.report().fidelity().records() == 8 && r.report().fidelity().disjoint(), method);
        }
    }

    @Test
    void flashBudgetIsMet() {
        PruneResult dense = Pruner.prune(DEMO, PruneOptions.uniform("none", 0, CAL, VAL, null), Progress.NONE);
        long budget = dense.report().before().flashBytes() * 7 / 10;
        PruneOptions o = new PruneOptions("auto", null, budget, null, null, null, Map.of(), "m4", CAL, VAL, null, null);
        PruneResult r = Pruner.prune(DEMO, o, Progress.NONE);
        assertTrue(r.report().after().flashBytes() <= budget, r.report().after() + " vs " + budget);
    }

    @Test
    void impossibleBudgetNamesTheSmallestFiguresAndBindingLayers() {
        PruneOptions o = new PruneOptions("filterlet", null, 500L, null, null, null, Map.of(), "m4", CAL, VAL, null, null);
        ImpossibleBudgetException e = assertThrows(ImpossibleBudgetException.class,
                () -> Pruner.prune(DEMO, o, Progress.NONE));
        assertTrue(e.minFlashBytes() > 500, e.getMessage());
        assertFalse(e.bindingLayers().isEmpty());
        assertTrue(e.getMessage().contains("operator"), e.getMessage());
    }

    @Test
    void sameInputsGiveTheSameBytes() {
        PruneOptions o = new PruneOptions("auto", 0.4, null, null, null, null, Map.of(), "m4", CAL, VAL, null, null);
        byte[] a = TfliteWriter.write(Pruner.prune(DEMO, o, Progress.NONE).pruned());
        byte[] b = TfliteWriter.write(Pruner.prune(DEMO, o, Progress.NONE).pruned());
        assertArrayEquals(a, b);
    }

    @Test
    void fineTuningRefinesTheCompensatedModelAndKeepsItsZeros() {
        PruneOptions plain = PruneOptions.uniform("filterlet", 0.5, CAL, VAL, null);
        PruneOptions tuned = plain.withFineTune(new dev.prunus.core.settings.PrunusSettings.FineTune(3, null, 5L));
        PruneResult p = Pruner.prune(DEMO, plain, Progress.NONE);
        PruneResult t = Pruner.prune(DEMO, tuned, Progress.NONE);
        assertTrue(t.report().notes().stream().anyMatch(n -> n.startsWith("fine-tuned by distillation")),
                t.report().notes().toString());
        assertFalse(p.report().notes().stream().anyMatch(n -> n.startsWith("fine-tuned")), "only when asked for");
        dev.prunus.core.ir.Graph pg = p.pruned().main();
        dev.prunus.core.ir.Graph tg = t.pruned().main();
        for (int i = 0; i < pg.tensors().size(); i++) {
            if (pg.tensor(i).isConstant() && pg.tensor(i).type() == dev.prunus.core.ir.TensorType.INT8) {
                byte[] a = pg.tensor(i).data();
                byte[] b = tg.tensor(i).data();
                assertEquals(a.length, b.length, "shapes are kept");
                for (int k = 0; k < a.length; k++) {
                    if (a[k] == 0 && b[k] != 0) {
                        throw new AssertionError("tensor " + i + " weight " + k + ": a pruned weight came back");
                    }
                }
            }
        }
        assertArrayEquals(TfliteWriter.write(t.pruned()), TfliteWriter.write(Pruner.prune(DEMO, tuned,
                Progress.NONE).pruned()), "fine-tuning is deterministic for a seed");
        PruneException none = assertThrows(PruneException.class, () -> Pruner.prune(DEMO,
                PruneOptions.uniform("filterlet", 0.5, null, VAL, null).withFineTune(tuned.fineTune()), Progress.NONE));
        assertTrue(none.getMessage().contains("fine-tuning needs calibration records"), none.getMessage());
    }

    @Test
    void removedFractionCountsNothingPrunableAsNothingRemoved() {
        assertEquals(0.0, new Estimator.Cost(0, 0, 0, 0, 0).removedFraction(), "no prunable weights: none removed");
        assertEquals(0.25, new Estimator.Cost(0, 0, 0, 75, 100).removedFraction(), 1e-12);
    }

    @Test
    void cancellationStopsMidway() {
        CancelAfter p = new CancelAfter(200);
        PruneOptions o = new PruneOptions("auto", 0.5, null, null, null, null, Map.of(), "m4", CAL, VAL, null, null);
        assertThrows(CanceledException.class, () -> Pruner.prune(DEMO, o, p));
        assertTrue(p.checks() > 200);
    }
}
