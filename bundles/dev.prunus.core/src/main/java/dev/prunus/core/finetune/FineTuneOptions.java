package dev.prunus.core.finetune;

/**
 * Settings of {@link FineTuner}.
 *
 * @param epochs          passes over the training records (1..10,000)
 * @param learningRate    Adam's peak step size (cosine-decayed to 0 over the run), in (0, 1]
 * @param batchSize       records per optimizer step (1..4,096)
 * @param seed            seed of the shuffling, the held-out split and the input noise: equal seeds, equal models
 * @param temperature     distillation temperature of the softened class probabilities, in [1, 100]
 * @param anchorDecay     pull of every weight back towards its compensated start, per unit of learning rate
 *                        (decoupled, as AdamW's weight decay), in [0, 1000]
 * @param heldOut         fraction of the records kept out of training to pick the best epoch, in [0, 0.5]; with
 *                        fewer than 10 records nothing is held out and the last epoch is kept
 * @param noise           standard deviation of Gaussian noise added to the int8 input codes of training records
 *                        (the teacher answers the noisy records too), in [0, 64]; 0 disables it
 * @param mixup           probability that a training record is replaced by a random blend {@code l a + (1 - l) b}
 *                        of it and another training record ({@code l} uniform in [0, 1]; the teacher answers the
 *                        blend): unlimited new inputs from few records, valid for any kind of input, in [0, 1]
 * @param features        weight of the intermediate-feature term (relative squared error of every conv / FC / ADD
 *                        output that has the teacher's shape, averaged over those tensors), in [0, 1000]
 */
public record FineTuneOptions(int epochs, double learningRate, int batchSize, long seed, double temperature,
        double anchorDecay, double heldOut, double noise, double mixup, double features) {

    /** Defaults measured on pretrainedResnet_quant (docs/finetune.md). */
    public static final FineTuneOptions DEFAULTS = new FineTuneOptions(20, 1e-2, 8, 1, 4, 0, 0.2, 0, 0, 0);

    /**
     * @throws FineTuneException naming the first setting that is out of range
     */
    public FineTuneOptions {
        check(epochs >= 1 && epochs <= 10_000, "epochs must be 1..10000, was " + epochs);
        check(learningRate > 0 && learningRate <= 1 && Double.isFinite(learningRate),
                "the learning rate must be in (0, 1], was " + learningRate);
        check(batchSize >= 1 && batchSize <= 4096, "the batch size must be 1..4096, was " + batchSize);
        check(temperature >= 1 && temperature <= 100, "the temperature must be in [1, 100], was " + temperature);
        check(anchorDecay >= 0 && anchorDecay <= 1000, "the anchor decay must be in [0, 1000], was " + anchorDecay);
        check(heldOut >= 0 && heldOut <= 0.5, "the held-out fraction must be in [0, 0.5], was " + heldOut);
        check(noise >= 0 && noise <= 64, "the input noise must be in [0, 64] int8 steps, was " + noise);
        check(mixup >= 0 && mixup <= 1, "the mixup probability must be in [0, 1], was " + mixup);
        check(features >= 0 && features <= 1000, "the feature weight must be in [0, 1000], was " + features);
    }

    /** The defaults with the four common settings replaced. */
    public static FineTuneOptions of(int epochs, double learningRate, int batchSize, long seed) {
        FineTuneOptions d = DEFAULTS;
        return new FineTuneOptions(epochs, learningRate, batchSize, seed, d.temperature, d.anchorDecay, d.heldOut,
                d.noise, d.mixup, d.features);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new FineTuneException("fine-tuning options: " + message);
        }
    }
}
