package dev.prunus.core.interp;

import dev.prunus.core.ir.Operator;

/**
 * Receives each operator's output during {@link Interpreter#run(byte[][], TraceListener)}, in execution order,
 * so that a mismatch against another engine can name the first diverging operator.
 */
@FunctionalInterface
public interface TraceListener {

    /**
     * @param operator    the operator that just ran
     * @param tensorIndex its first output tensor
     * @param output      a copy of that tensor's bytes (little-endian, the tensor's element type)
     */
    void operatorDone(Operator operator, int tensorIndex, byte[] output);
}
