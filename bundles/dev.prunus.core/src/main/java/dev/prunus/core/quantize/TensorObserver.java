package dev.prunus.core.quantize;

/** Sees the values of every activation tensor during a float evaluation (graph inputs first, then each output). */
@FunctionalInterface
public interface TensorObserver {

    /** @param values the tensor's values, row-major; valid only during the call */
    void observe(int tensorIndex, float[] values);
}
