package dev.prunus.core.ops;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;

/**
 * What an operator's {@link OperatorDefinition#prepare} sees of the interpreter it prepares for: the graph, the
 * tensors' buffers (allocated once, constants filled) and the list of steps one inference runs.
 */
public interface InterpreterSetup {

    Graph graph();

    /** The buffer of a tensor: byte[] (INT8), short[] (INT16), int[] (INT32) or float[] (FLOAT32). */
    Object buffer(int tensor);

    /** The byte[] buffer of an INT8 tensor. */
    default byte[] int8(int tensor) {
        return (byte[]) buffer(tensor);
    }

    /** Appends the step that runs {@code op}. */
    void addStep(Operator op, Runnable step);

    /** A kernel that reads one int8 tensor and writes another, with the shared scratch ints. */
    @FunctionalInterface
    interface Int8Kernel {
        void run(byte[] x, byte[] y, int[] scratch);
    }

    /**
     * Appends the step that runs {@code kernel} from {@code in}'s buffer into {@code out}'s and reserves
     * {@code scratchInts}: the shape of most single-input operators' steps.
     */
    default void addInt8Step(Operator op, Tensor in, Tensor out, Int8Kernel kernel, int scratchInts) {
        byte[] x = int8(in.index());
        byte[] y = int8(out.index());
        addStep(op, () -> kernel.run(x, y, scratch()));
        reserveScratch(scratchInts);
    }

    /** Asks for at least {@code ints} scratch ints at run time (shared by all steps, so the largest wins). */
    void reserveScratch(int ints);

    /**
     * The scratch ints shared by all steps; call it inside a step (it is allocated after every operator is
     * prepared, at the largest size any {@code prepare} returned).
     */
    int[] scratch();
}
