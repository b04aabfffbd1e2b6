package dev.prunus.core.view;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.report.ReportWriter;

/**
 * The one definition of a model's size that the editor, the wizard, the console and the report use: flash is
 * {@link #DEFINITION}, RAM is the planned activation arena. A model with zeros (a pruned {@code .tflite}) counts in
 * the formats the packer chooses for it, so a pruned model shows what pruning bought, not its zeros.
 *
 * @param core         the core the figures are for ("m4" or "m7")
 * @param weightBytes  weights of convolution and fully connected layers in their packed formats
 * @param indexBytes   sparse index bytes
 * @param otherBytes   bias, requantization arrays and every other constant
 * @param codeBytes    estimate of the code: distinct kernels plus one call per operator
 * @param arenaBytes   planned activation arena (RAM)
 * @param instructions estimated executed instructions of one inference on the core
 */
public record Figures(String core, long weightBytes, long indexBytes, long otherBytes, long codeBytes, long arenaBytes,
        long instructions) {

    /** How flash is counted, in the words every view states it. */
    public static final String DEFINITION = "flash = weights + sparse index + other constants (bias, requantization)"
            + " + code estimate; RAM = planned activation arena";

    /** Figures of a graph on a core, from the packer's plan and the memory planner. */
    public static Figures of(Graph graph, String core) {
        return of(graph, PackPlanner.plan(graph, core));
    }

    /** Figures of a graph from a plan already made for it. */
    public static Figures of(Graph graph, PackPlan plan) {
        return new Figures(plan.core(), plan.weightBytes(), plan.indexBytes(),
                plan.otherConstantBytes() + plan.requantBytes(), ReportWriter.codeEstimate(plan),
                MemoryPlanner.plan(graph).arenaBytes(), plan.instructions());
    }

    /** Flash under {@link #DEFINITION}: weights + index + other constants + code. */
    public long flashBytes() {
        return weightBytes + indexBytes + otherBytes + codeBytes;
    }

    /** Milliseconds of one inference at a clock, assuming one instruction per cycle (an estimate, stated so). */
    public double millisAt(long clockHz) {
        return clockHz <= 0 ? 0 : 1000.0 * instructions / clockHz;
    }
}
