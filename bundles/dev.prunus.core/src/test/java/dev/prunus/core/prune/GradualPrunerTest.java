package dev.prunus.core.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.train.TrainOptions;
import dev.prunus.core.train.TrainingData;

class GradualPrunerTest {

    @Test
    void cubicScheduleRisesFastThenFlattensToTheTarget() {
        assertEquals(0.0, GradualPruner.cubic(0, 4));
        assertEquals(1 - 0.75 * 0.75 * 0.75, GradualPruner.cubic(1, 4), 1e-12);
        assertEquals(1 - 0.125, GradualPruner.cubic(2, 4), 1e-12);
        assertEquals(1 - 0.25 * 0.25 * 0.25, GradualPruner.cubic(3, 4), 1e-12);
        assertEquals(1.0, GradualPruner.cubic(4, 4));
        assertEquals(1.0, GradualPruner.cubic(1, 1), "a single step prunes to the target");
        double previousGain = Double.MAX_VALUE;
        for (int k = 1; k <= 8; k++) {
            double gain = GradualPruner.cubic(k, 8) - GradualPruner.cubic(k - 1, 8);
            assertTrue(gain > 0 && gain < previousGain, "step " + k + " removes less than the one before");
            previousGain = gain;
        }
    }

    @Test
    void pruningStepsCoverTheFirstPartOfTrainingAndAreBounded() {
        assertEquals(1, GradualPruner.pruningSteps(1));
        assertEquals(1, GradualPruner.interval(1));
        assertEquals(3, GradualPruner.pruningSteps(10), "30 % of 10 steps, one step each");
        assertEquals(1, GradualPruner.interval(10));
        assertEquals(GradualPruner.MAX_PRUNING_STEPS, GradualPruner.pruningSteps(1700));
        int every = GradualPruner.interval(1700);
        assertTrue((long) (GradualPruner.pruningSteps(1700) - 1) * every < 1700 * GradualPruner.PRUNING_SHARE + every,
                "the last pruning step falls within the pruning share");
    }

    /**
     * Gradual pruning on the demo model with labels from the dense model: the removed units are zero in the trained
     * model (the masks held through training), as many weights are removed as one-shot pruning removes, the
     * training curve has one entry per epoch with the final removed fraction, and the report lists the dense, the
     * one-shot and the trained point.
     */
    @Test
    void masksStayZeroThroughGradualTrainingAndTheReportHasTheCurve() {
        Run run = train(true);
        List<PruneReport.Epoch> curve = run.trained.report().training();
        assertEquals(curve.get(0).prunedFraction(), curve.get(1).prunedFraction(), 1e-12,
                "pruning ends within the first 30 % of the steps; the second epoch trains with the masks fixed");
        assertEquals(zeros(run.oneShot.pruned()), zeros(run.trained.pruned()), 0.02 * weights(run.dense),
                "gradual pruning removes what one-shot pruning removes");
    }

    /**
     * The default: the one-shot compensated model trains with its masks fixed, so every weight one-shot pruning
     * removed stays zero (filterlets keep the shapes, so element by element), from the first epoch on.
     */
    @Test
    void trainingFromTheOneShotModelKeepsItsMasks() {
        Run run = train(false);
        List<PruneReport.Epoch> curve = run.trained.report().training();
        double removed = (double) zeros(run.oneShot.pruned()) / weights(run.dense);
        assertEquals(removed, curve.get(0).prunedFraction(), 0.03, "masks fixed from the first epoch");
        PrunableGraph pg = PrunableGraph.of(run.dense.main());
        for (PrunableGraph.Layer l : pg.layers) {
            byte[] one = run.oneShot.pruned().main().tensor(l.weights).data();
            byte[] trained = run.trained.pruned().main().tensor(l.weights).data();
            for (int i = 0; i < one.length; i++) {
                assertTrue(one[i] != 0 || trained[i] == 0, "operator " + l.op + " weight " + i + " was pruned");
            }
        }
        assertTrue(run.trained.report().notes().stream().anyMatch(n -> n.contains("masks fixed")),
                run.trained.report().notes()::toString);
    }

    private record Run(Model dense, PruneResult oneShot, PruneResult trained) {
    }

    private static Run train(boolean gradual) {
        Model dense = DemoModel.build();
        byte[] inputs = DemoModel.inputs(64);
        int n = inputs.length / DemoModel.INPUT_BYTES;
        Interpreter interp = Interpreter.create(dense);
        float[][] x = new float[n][];
        int[] labels = new int[n];
        Tensor in = dense.main().input(0);
        for (int i = 0; i < n; i++) {
            byte[] r = Arrays.copyOfRange(inputs, i * DemoModel.INPUT_BYTES, (i + 1) * DemoModel.INPUT_BYTES);
            interp.reset();
            labels[i] = Interpreter.argmax(interp.run(r));
            x[i] = new float[r.length];
            for (int k = 0; k < r.length; k++) {
                x[i][k] = (float) ((r[k] - in.quantization().zeroPoint(0)) * in.quantization().scale(0));
            }
        }
        TrainingData data = TrainingData.of(x, labels);
        TrainOptions o = TrainOptions.DEFAULTS.withEpochs(2).withBatchSize(16).withThreads(1).withSeed(3)
                .withOptimizer(TrainOptions.Optimizer.ADAM, 1e-4).withAugmentation(false, 0, false);
        PruneOptions po = PruneOptions.uniform("filterlet", 0.5, Arrays.copyOf(inputs, 32 * DemoModel.INPUT_BYTES),
                null, null);
        PruneResult oneShot = Pruner.prune(dense, po, Progress.NONE);
        PruneResult r = Pruner.prune(dense, po, new TrainingRun(data, data, o, null, gradual), Progress.NONE);

        List<PruneReport.Epoch> curve = r.report().training();
        assertEquals(2, curve.size());
        assertEquals(1, curve.get(0).epoch());
        double removed = (double) zeros(oneShot.pruned()) / weights(dense);
        assertEquals(removed, curve.get(1).prunedFraction(), 0.03, "training ends at the one-shot fraction");
        assertTrue(curve.get(1).validationTop1() != null);
        List<PruneReport.Explored> explored = r.report().explored();
        assertTrue(explored.get(0).dense());
        assertEquals(3, explored.size(), explored::toString);
        assertEquals(1, explored.stream().filter(PruneReport.Explored::chosen).count());
        assertFalse(explored.get(1).dense());
        return new Run(dense, oneShot, r);
    }

    private static long zeros(Model m) {
        long z = 0;
        PrunableGraph pg = PrunableGraph.of(m.main());
        for (PrunableGraph.Layer l : pg.layers) {
            for (byte b : m.main().tensor(l.weights).data()) {
                z += b == 0 ? 1 : 0;
            }
        }
        return z;
    }

    private static long weights(Model m) {
        long w = 0;
        PrunableGraph pg = PrunableGraph.of(m.main());
        for (PrunableGraph.Layer l : pg.layers) {
            w += l.weightCount();
        }
        return w;
    }
}
