package dev.prunus.core.prune;

import java.util.List;

/**
 * No pruning of the model meets the budget. The message states the smallest figures pruning can reach and the
 * layers that bind (the largest remaining contributors at the maximum pruning Prunus allows).
 */
public class ImpossibleBudgetException extends PruneException {

    private static final long serialVersionUID = 1L;

    private final long minFlashBytes;
    private final long minRamBytes;
    private final long minInstructions;
    private final List<String> bindingLayers;

    public ImpossibleBudgetException(String message, long minFlashBytes, long minRamBytes, long minInstructions,
            List<String> bindingLayers) {
        super(message);
        this.minFlashBytes = minFlashBytes;
        this.minRamBytes = minRamBytes;
        this.minInstructions = minInstructions;
        this.bindingLayers = List.copyOf(bindingLayers);
    }

    /** Smallest flash bytes reachable (weights, index, bias, requantization data, other constants). */
    public long minFlashBytes() {
        return minFlashBytes;
    }

    /** Smallest activation RAM reachable (estimate of the planned arena). */
    public long minRamBytes() {
        return minRamBytes;
    }

    /** Fewest executed instructions per inference reachable on the chosen core (cost model estimate). */
    public long minInstructions() {
        return minInstructions;
    }

    /** The layers that bind, e.g. {@code "operator 3 (DEPTHWISE_CONV_2D): 4,608 B"}. */
    public List<String> bindingLayers() {
        return bindingLayers;
    }
}
