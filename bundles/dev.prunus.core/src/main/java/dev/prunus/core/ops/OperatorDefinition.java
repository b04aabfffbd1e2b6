package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.PackPlan;

/**
 * Everything Prunus knows about one builtin operator (or a family that shares its code, such as the pooling
 * pair), in one place: its builtin options table ({@link #options}), shape and type checks with the int8 evaluation of the reference interpreter
 * ({@link #prepare}), the C emission ({@link #emit}), multiply-accumulates, kernel scratch and instruction
 * estimates ({@link #macs}, {@link #scratchBytes}, {@link #instructions}) and the layer a float32 training engine
 * models it with ({@link #floatLayer}). {@link OperatorCatalogue} maps each builtin code to its definition (one
 * definition may serve a family); adding an operator is one implementation of this interface plus one line there
 * (see docs/operators.md).
 */
public interface OperatorDefinition {

    /**
     * The builtin options table an operator of {@code type} carries, decoded and encoded by the operator itself
     * (the file reader and writer only walk the union), or null when it carries none.
     */
    default OptionsCodec options(OpType type) {
        return null;
    }

    /**
     * Checks the operator's tensors and options (failing through {@code check} with a message that names the
     * operator and tensor), derives its parameters once and appends its step to the interpreter (reserving the
     * scratch ints the step needs, if any).
     */
    void prepare(InterpreterSetup setup, OperandCheck check, Operator op);

    /** Writes the operator's constants and its runtime kernel call; parameters derived as {@link #prepare} does. */
    void emit(CEmission out, Operator op);

    /** Multiply-accumulates of one inference (0 for operators without weights); 0 when shapes are missing. */
    default long macs(Graph g, Operator op) {
        return 0;
    }

    /**
     * The operator's layer in a float32 training engine (forward and backward); operators without one answer
     * {@link FloatLayers#unsupported}.
     */
    default <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.unsupported(op);
    }

    /**
     * Arena scratch bytes of the operator's runtime kernel ({@link dev.prunus.core.analysis.KernelScratch} holds
     * the kernels' formulas); the memory planner reserves exactly this and the emitted call receives it.
     *
     * @param pack per-layer formats, or null for all dense
     */
    default int scratchBytes(Graph g, Operator op, PackPlan pack) {
        return 0;
    }

    /**
     * Estimated executed instructions of the operator's runtime kernel on the cost model's core, for operators
     * whose kernel the pack planner does not choose (the weighted layers have their own per-kernel forms).
     *
     * @param inputElements  elements of input 0
     * @param outputElements elements of output 0
     * @param rows           rows of a row-wise operator (output elements / last dimension)
     */
    default long instructions(CostModel cost, Graph g, Operator op, long inputElements, long outputElements,
            long rows) {
        return cost.other(op.type(), inputElements, outputElements, rows);
    }
}
