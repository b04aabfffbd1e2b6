package dev.prunus.core.prune;

import java.util.Objects;

import dev.prunus.core.ir.Model;

/**
 * The outcome of {@link Pruner#prune}: the pruned model (channels physically removed, pruned weights zero,
 * compensated) and what was done to it.
 */
public record PruneResult(Model pruned, PruneReport report) {

    public PruneResult {
        Objects.requireNonNull(pruned, "pruned");
        Objects.requireNonNull(report, "report");
    }
}
