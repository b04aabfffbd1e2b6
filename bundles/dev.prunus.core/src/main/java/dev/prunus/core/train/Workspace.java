package dev.prunus.core.train;

import java.util.Arrays;

/**
 * One thread's buffers for a {@link Network}: activations, their gradients and straight-through pass flags for up
 * to {@link #capacity} samples (NHWC, sample after sample), the thread's own parameter gradients (summed across
 * threads in a fixed order, so results do not depend on scheduling), the ranges it observed, and layer scratch.
 */
final class Workspace {

    final int capacity;
    final float[][] val;
    final float[][] grad;
    final byte[][] pass;
    /** Per parameter of the network: this thread's gradient, as rows like {@link Param#rows}. */
    final float[][][] paramGrad;
    final float[] observedMin;
    final float[] observedMax;
    final Object[] scratch;
    /** Tests ask for the gradient at the graph input. */
    boolean inputGrad;

    Workspace(Network net, int capacity) {
        this.capacity = capacity;
        int tensors = net.graph.tensors().size();
        val = new float[tensors][];
        grad = new float[tensors][];
        pass = new byte[tensors][];
        for (int t = 0; t < tensors; t++) {
            if (net.perSample[t] > 0 && net.alias[t] == t) {
                val[t] = new float[capacity * net.perSample[t]];
                grad[t] = new float[capacity * net.perSample[t]];
                pass[t] = new byte[capacity * net.perSample[t]];
            }
        }
        for (int t = 0; t < tensors; t++) {
            if (net.perSample[t] > 0 && net.alias[t] != t) {
                val[t] = val[net.alias[t]];
                grad[t] = grad[net.alias[t]];
                pass[t] = pass[net.alias[t]];
            }
        }
        paramGrad = new float[net.params.size()][][];
        for (int i = 0; i < paramGrad.length; i++) {
            Param p = net.params.get(i);
            paramGrad[i] = new float[p.rowCount][p.cols];
        }
        observedMin = new float[net.groups.size()];
        observedMax = new float[net.groups.size()];
        scratch = new Object[net.nodeCount()];
        resetObserved();
    }

    void clearParamGrads() {
        for (float[][] rows : paramGrad) {
            for (float[] r : rows) {
                Arrays.fill(r, 0f);
            }
        }
    }

    void resetObserved() {
        Arrays.fill(observedMin, Float.POSITIVE_INFINITY);
        Arrays.fill(observedMax, Float.NEGATIVE_INFINITY);
    }
}
