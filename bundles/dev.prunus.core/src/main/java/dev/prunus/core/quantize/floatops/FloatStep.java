package dev.prunus.core.quantize.floatops;

/** One prepared float operator: reads its inputs from and writes its outputs into the per-tensor value arrays. */
@FunctionalInterface
public interface FloatStep {

    /** @param values one array per tensor of the graph (row-major), null for tensors no operator touches */
    void run(float[][] values);
}
