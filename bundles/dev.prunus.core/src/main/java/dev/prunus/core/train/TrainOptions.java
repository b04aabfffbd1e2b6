package dev.prunus.core.train;

/**
 * How a {@link Trainer} trains. Build from {@link #DEFAULTS} with the {@code with...} methods.
 *
 * @param epochs              passes over the data
 * @param batchSize           samples per update
 * @param optimizer           SGD with momentum or Adam
 * @param learningRate        peak learning rate (after warm-up)
 * @param momentum            SGD momentum, or Adam's beta1
 * @param weightDecay         decoupled weight decay per step (times the learning rate), weights only, not biases
 * @param warmupFraction      fraction of the steps over which the learning rate rises linearly from 0
 * @param minLearningRate     where the cosine schedule ends, as a fraction of the peak
 * @param temperature         distillation temperature T
 * @param distillationWeight  weight of the distillation term (T^2 KL) against cross-entropy when both apply
 * @param fakeQuant           round weights and activations to their int8 grids in the forward pass
 * @param estimateRanges      re-estimate activation ranges (EMA of batch min/max) and write them back
 * @param rangeMomentum       EMA momentum of the activation ranges
 * @param randomCrop          random crop after zero padding of {@link #cropPadding} pixels (image inputs)
 * @param cropPadding         padding of the random crop, in pixels
 * @param horizontalFlip      random horizontal flip (switch off for digits, text, asymmetric signals)
 * @param seed                seeds shuffling and augmentation
 * @param threads             worker threads; results are identical for the same seed and thread count
 * @param relativeRates       Adam steps of each weight tensor scaled by its RMS over the median RMS of all weight
 *                            tensors (set at the start), so every layer moves by the same fraction of its size:
 *                            ResNet-8's first layer sees 0-255 pixels and has weights about 1/255 of the others',
 *                            which a common absolute step destroys at rates that suit the rest
 */
public record TrainOptions(int epochs, int batchSize, Optimizer optimizer, double learningRate, double momentum,
        double weightDecay, double warmupFraction, double minLearningRate, double temperature,
        double distillationWeight, boolean fakeQuant, boolean estimateRanges, double rangeMomentum, boolean randomCrop,
        int cropPadding, boolean horizontalFlip, long seed, int threads, boolean relativeRates) {

    /** The optimizer. */
    public enum Optimizer {
        SGD, ADAM
    }

    /** Adam at 1e-3, batch 32, one epoch, cosine schedule with 5 % warm-up, T = 4, augmentation on. */
    public static final TrainOptions DEFAULTS = new TrainOptions(1, 32, Optimizer.ADAM, 1e-3, 0.9, 1e-4, 0.05, 0.0,
            4.0, 0.5, true, true, 0.99, true, 4, true, 1L, Runtime.getRuntime().availableProcessors(), false);

    public TrainOptions {
        check(epochs >= 0, "epochs must be 0 or more, was " + epochs);
        check(batchSize >= 1, "batch size must be at least 1, was " + batchSize);
        check(learningRate >= 0 && Double.isFinite(learningRate), "learning rate must be >= 0, was " + learningRate);
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), was " + momentum);
        check(weightDecay >= 0, "weight decay must be >= 0, was " + weightDecay);
        check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must be in [0, 1), was " + warmupFraction);
        check(minLearningRate >= 0 && minLearningRate <= 1, "minimum learning rate must be in [0, 1], was "
                + minLearningRate);
        check(temperature > 0, "temperature must be > 0, was " + temperature);
        check(distillationWeight >= 0 && distillationWeight <= 1, "distillation weight must be in [0, 1], was "
                + distillationWeight);
        check(rangeMomentum >= 0 && rangeMomentum < 1, "range momentum must be in [0, 1), was " + rangeMomentum);
        check(cropPadding >= 0, "crop padding must be >= 0, was " + cropPadding);
        check(threads >= 1, "threads must be at least 1, was " + threads);
        check(optimizer != null, "an optimizer is needed (SGD or ADAM)");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new TrainingException("training options: " + message);
        }
    }

    public TrainOptions withEpochs(int v) {
        return new TrainOptions(v, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, threads, relativeRates);
    }

    public TrainOptions withBatchSize(int v) {
        return new TrainOptions(epochs, v, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, threads, relativeRates);
    }

    /** Optimizer and its peak learning rate. */
    public TrainOptions withOptimizer(Optimizer o, double rate) {
        return new TrainOptions(epochs, batchSize, o, rate, momentum, weightDecay, warmupFraction, minLearningRate,
                temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop, cropPadding,
                horizontalFlip, seed, threads, relativeRates);
    }

    public TrainOptions withMomentum(double v) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, v, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, threads, relativeRates);
    }

    public TrainOptions withWeightDecay(double v) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, v, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, threads, relativeRates);
    }

    /** Warm-up fraction and the end of the cosine as a fraction of the peak. */
    public TrainOptions withSchedule(double warmup, double minRate) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmup, minRate,
                temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop, cropPadding,
                horizontalFlip, seed, threads, relativeRates);
    }

    /** Distillation temperature and weight (against cross-entropy when labels exist). */
    public TrainOptions withDistillation(double t, double weight) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, t, weight, fakeQuant, estimateRanges, rangeMomentum, randomCrop, cropPadding,
                horizontalFlip, seed, threads, relativeRates);
    }

    /** Fake quantization, and whether activation ranges are re-estimated (with this EMA momentum). */
    public TrainOptions withQuantization(boolean fake, boolean ranges, double rangeMom) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fake, ranges, rangeMom, randomCrop, cropPadding,
                horizontalFlip, seed, threads, relativeRates);
    }

    /** Image augmentation: random crop with zero padding, horizontal flip. */
    public TrainOptions withAugmentation(boolean crop, int padding, boolean flip) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, crop,
                padding, flip, seed, threads, relativeRates);
    }

    public TrainOptions withSeed(long v) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, v, threads, relativeRates);
    }

    public TrainOptions withThreads(int v) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, v, relativeRates);
    }

    /** Adam steps scaled per weight tensor by its RMS relative to the median tensor's (see the record doc). */
    public TrainOptions withRelativeRates(boolean v) {
        return new TrainOptions(epochs, batchSize, optimizer, learningRate, momentum, weightDecay, warmupFraction,
                minLearningRate, temperature, distillationWeight, fakeQuant, estimateRanges, rangeMomentum, randomCrop,
                cropPadding, horizontalFlip, seed, threads, v);
    }
}
