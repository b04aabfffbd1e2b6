package dev.prunus.core.prune;

import java.util.List;

/**
 * What a pruning run did and what it cost, for the console, the report files and the IDE.
 *
 * @param method       the method run (none, auto, filterlet, channel, block, unstructured)
 * @param criterion    "activation-aware" (calibration records) or "magnitude" (real-unit weight magnitude)
 * @param allocation   how per-layer ratios were chosen ("uniform", "budget: ...", "max-loss search ...")
 * @param layers       one entry per CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED layer, in execution order
 * @param before       figures of the original model
 * @param after        figures of the pruned model
 * @param fidelity     original versus pruned on the validation records, or null without records
 * @param notes        facts worth stating (frozen channel spaces, fallbacks), deterministic order
 * @param explored     every point the run evaluated (dense first), for the accuracy-against-cost plot
 * @param training     the training curve when the run trained, else an empty list
 */
public record PruneReport(String method, String criterion, String allocation, List<LayerReport> layers,
        Totals before, Totals after, Fidelity fidelity, List<String> notes, List<Explored> explored,
        List<Epoch> training) {

    public PruneReport {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
        explored = explored == null ? List.of() : List.copyOf(explored);
        training = training == null ? List.of() : List.copyOf(training);
    }

    /** A report without explored points or training. */
    public PruneReport(String method, String criterion, String allocation, List<LayerReport> layers, Totals before,
            Totals after, Fidelity fidelity, List<String> notes) {
        this(method, criterion, allocation, layers, before, after, fidelity, notes, List.of(), List.of());
    }

    /**
     * One model the run evaluated.
     *
     * @param label        what it is, e.g. "dense", "filterlet 0.50 one-shot", "filterlet 0.50 trained"
     * @param flashBytes   packed flash bytes
     * @param instructions cost-model instructions per inference on the report's core
     * @param top1         top-1 accuracy on the labelled validation data, or null without labels
     * @param dense        whether this is the unpruned model
     * @param chosen       whether this is the model the run returned
     */
    public record Explored(String label, long flashBytes, long instructions, Double top1, boolean dense,
            boolean chosen) {
    }

    /**
     * One training epoch.
     *
     * @param epoch          1-based
     * @param loss           mean training loss
     * @param validationTop1 top-1 on the validation data in the training engine, or null without labels
     * @param seconds        wall time of the epoch, validation included
     * @param prunedFraction fraction of the prunable weights removed during this epoch
     */
    public record Epoch(int epoch, double loss, Double validationTop1, double seconds, double prunedFraction) {
    }

    /**
     * One layer.
     *
     * @param operator       operator index (of the original model; indices do not change)
     * @param name           output tensor name
     * @param type           operator type
     * @param units          unit kinds applied: e.g. "channel+filterlet", "block4", "weight", "" for none
     * @param channels       output channels before
     * @param keptChannels   output channels after
     * @param weights        weights before
     * @param keptWeights    non-zero-unit weights after (kept units of the kept channels)
     * @param keptPerChannel for each original output channel, the fraction of its weights kept (0 = removed)
     * @param format         packing format chosen for the pruned layer (DENSE, FILTERLET, BLOCK4, BLOCK8)
     * @param denseBytes     dense weight bytes before
     * @param weightBytes    weight bytes after, in the chosen format
     * @param indexBytes     index bytes after
     * @param instructions   estimated instructions per inference after
     * @param denseInstructions estimated instructions per inference before
     * @param fitBefore      relative reconstruction error of the layer before compensation, or null
     * @param fitAfter       relative reconstruction error after compensation, or null
     */
    public record LayerReport(int operator, String name, String type, String units, int channels, int keptChannels,
            long weights, long keptWeights, double[] keptPerChannel, String format, long denseBytes, long weightBytes,
            long indexBytes, long instructions, long denseInstructions, Double fitBefore, Double fitAfter) {
    }

    /**
     * Size and speed figures of one model (packer and memory planner figures).
     *
     * @param flashBytes   weights + index + requantization data + other constants
     * @param weightBytes  weight bytes in the chosen formats
     * @param indexBytes   sparse index bytes
     * @param otherBytes   bias, requantization and other constant bytes
     * @param instructions estimated executed instructions per inference on the core
     * @param ramBytes     arena bytes (memory planner), the persistent part included
     * @param persistentBytes the arena's persistent part: variable tensors (state kept between invocations)
     * @param params       weights of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED layers that are kept (non-pruned)
     */
    public record Totals(long flashBytes, long weightBytes, long indexBytes, long otherBytes, long instructions,
            long ramBytes, long persistentBytes, long params) {
    }

    /**
     * @param records         validation records compared
     * @param disjoint        whether the validation records are not the calibration records
     * @param top1Agreement   fraction of records where the pruned model's argmax equals the original's
     * @param accuracyOriginal accuracy of the original model when labels exist, else null
     * @param accuracyPruned  accuracy of the pruned model when labels exist, else null
     * @param snrDb           output signal-to-noise ratio in dB (original output as signal), +inf rendered as 999
     * @param classAccuracyOriginal per-class top-1 of the original when labels exist (NaN for a class without
     *                        records), else null
     * @param classAccuracyPruned per-class top-1 of the pruned model when labels exist, else null
     * @param classNames      class names when known, else null
     */
    public record Fidelity(int records, boolean disjoint, double top1Agreement, Double accuracyOriginal,
            Double accuracyPruned, double snrDb, double[] classAccuracyOriginal, double[] classAccuracyPruned,
            List<String> classNames) {

        public Fidelity(int records, boolean disjoint, double top1Agreement, Double accuracyOriginal,
                Double accuracyPruned, double snrDb) {
            this(records, disjoint, top1Agreement, accuracyOriginal, accuracyPruned, snrDb, null, null, null);
        }
    }
}
