package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.train.TrainOptions;
import dev.prunus.core.train.Trainer;
import dev.prunus.core.train.TrainingData;

/**
 * The settings' {@code fineTune}: label-free distillation from the original on the calibration records, after
 * compensation, with the {@link Trainer} (the one float32 training engine) and the plan's masks fixed. A seeded
 * fifth of the records is held out and the epoch with the lowest held-out loss is kept, the compensated model
 * counting as epoch 0, so fine-tuning never returns something worse than its input on those records (fewer than
 * 10 records: nothing held out, the last epoch kept). See docs/training.md.
 */
final class DistillationFineTune {

    /** Defaults of the settings left unset (measured on pretrainedResnet_quant, docs/training.md). */
    static final int EPOCHS = 20;
    static final double LEARNING_RATE = 1e-3;
    static final int BATCH = 8;
    static final long SEED = 1;
    static final double HELD_OUT = 0.2;
    /**
     * Fixed worker count: the batch is split into this many slices summed in order, so the bytes do not depend on
     * the machine's cores.
     */
    static final int THREADS = 2;

    private DistillationFineTune() {
    }

    /** The pruned model after fine-tuning (channel surgery applied), or {@code pruned} when epoch 0 stays best. */
    static Model run(PruneSetup s, Model pruned, Progress progress) {
        if (s.calibration.isEmpty()) {
            throw new PruneException("fine-tuning needs calibration records (it distils the original model's answers "
                    + "on them): set 'calibration', or remove 'fineTune'");
        }
        Tensor in = s.model.main().input(0);
        if (in.type() != TensorType.INT8 || !in.quantization().isQuantized()) {
            throw new PruneException("fine-tuning needs an int8 input tensor with a scale; the input is " + in
                    + ": remove 'fineTune'");
        }
        PrunusSettings.FineTune f = s.o.fineTune();
        int epochs = f.epochs() != null ? f.epochs() : EPOCHS;
        long seed = f.seed() != null ? f.seed() : SEED;
        double rate = f.learningRate() != null ? f.learningRate() : LEARNING_RATE;
        TrainOptions options = TrainOptions.DEFAULTS.withEpochs(epochs).withBatchSize(BATCH)
                .withOptimizer(TrainOptions.Optimizer.ADAM, rate)
                .withWeightDecay(0).withSchedule(0.05, 0).withDistillation(4, 1)
                .withQuantization(true, false, TrainOptions.DEFAULTS.rangeMomentum())
                .withAugmentation(false, 0, false).withSeed(seed).withThreads(THREADS).withRelativeRates(true);

        List<byte[]> records = s.calibration;
        int[] order = TrainingData.shuffledOrder(records.size(), seed);
        int held = records.size() >= 10 ? (int) Math.round(records.size() * HELD_OUT) : 0;
        List<byte[]> heldOut = new ArrayList<>();
        List<byte[]> train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < held ? heldOut : train).add(records.get(order[i]));
        }
        double scale = in.quantization().scale(0);
        int zeroPoint = (int) in.quantization().zeroPoint(0);
        TrainingData trainData = TrainingData.ofInt8(train.toArray(byte[][]::new), null, scale, zeroPoint);
        TrainingData heldData = held == 0 ? null
                : TrainingData.ofInt8(heldOut.toArray(byte[][]::new), null, scale, zeroPoint);

        Plan plan = s.finalPlan;
        Trainer t = Trainer.create(s.compensated, s.model, options);
        GradualPruner.apply(s, t, plan);
        double[] best = {heldData == null ? Double.POSITIVE_INFINITY : t.loss(heldData)};
        int[] bestEpoch = {0};
        Model[] kept = {null};
        t.train(trainData, progress, new Trainer.EpochHook() {
            @Override
            public void afterEpoch(int epoch, int total, double loss) {
                double l = heldData == null ? -epoch : t.loss(heldData);
                if (l < best[0] || heldData == null && epoch == total - 1) {
                    best[0] = l;
                    bestEpoch[0] = epoch + 1;
                    kept[0] = plan.masked(t.toModel(), s.pg);
                }
            }
        });
        s.notes.add(String.format(Locale.ROOT, "fine-tuned by distillation from the original on %d calibration records "
                + "(%d held out to pick the epoch): kept epoch %d of %d%s", train.size(), held, bestEpoch[0], epochs,
                bestEpoch[0] == 0 ? " (no epoch beat the compensated model)" : ""));
        return kept[0] == null ? pruned : ChannelSurgery.apply(kept[0], s.pg, plan);
    }
}
