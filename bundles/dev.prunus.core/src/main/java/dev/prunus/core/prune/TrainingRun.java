package dev.prunus.core.prune;

import java.util.List;
import java.util.Objects;

import dev.prunus.core.train.TrainOptions;
import dev.prunus.core.train.TrainingData;

/**
 * What pruning trains on: the user's labelled training samples, the validation samples the training curve is
 * measured on, and how to train (epochs, batch, optimizer, augmentation, seed, threads). The report's fidelity
 * stays on {@link PruneOptions#validation()} records (the interpreter, bit-exact with the generated C).
 *
 * @param data       training samples in the model's real-valued input domain, labelled
 * @param validation validation samples for the per-epoch accuracy, or null
 * @param options    the trainer's options (epochs are the whole run's: pruning steps, then recovery)
 * @param classNames class names of the data, or null
 * @param gradual    prune gradually while training (Zhu and Gupta's cubic schedule, units ranked again at each
 *                   step) instead of training the one-shot compensated model with its masks fixed; the one-shot
 *                   start measured 9 points better on ResNet-8 (docs/benchmarks/accuracy.md)
 */
public record TrainingRun(TrainingData data, TrainingData validation, TrainOptions options, List<String> classNames,
        boolean gradual) {

    /** A run that trains the one-shot compensated model with its masks fixed. */
    public TrainingRun(TrainingData data, TrainingData validation, TrainOptions options, List<String> classNames) {
        this(data, validation, options, classNames, false);
    }

    public TrainingRun {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        classNames = classNames == null ? null : List.copyOf(classNames);
    }
}
