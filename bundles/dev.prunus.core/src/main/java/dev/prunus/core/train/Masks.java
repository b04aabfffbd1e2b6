package dev.prunus.core.train;

import java.util.Arrays;

import dev.prunus.core.ir.Tensor;

/**
 * Masks of removed weights for {@link Trainer#mask}: {@code keep[i]} is false where element {@code i} (row-major in
 * the weight tensor) is removed. The pruning units of Prunus: a filterlet (the Cin weights at one (kh, kw) tap of
 * one CONV_2D output filter), a channel (a slice along an axis), a block (a run of elements).
 */
public final class Masks {

    private Masks() {
    }

    /** Keeps everything. */
    public static boolean[] keepAll(Tensor weights) {
        boolean[] keep = new boolean[weights.elementCount()];
        Arrays.fill(keep, true);
        return keep;
    }

    /** Keeps exactly the non-zero weights (a pruned model's zeros are its removed units). */
    public static boolean[] keepNonZero(Tensor weights) {
        byte[] d = weights.data();
        if (d == null || d.length != weights.elementCount()) {
            throw new TrainingException("a zero mask needs constant int8 weights; " + weights + " is not");
        }
        boolean[] keep = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            keep[i] = d[i] != 0;
        }
        return keep;
    }

    /** Removes the filterlet of CONV_2D weights [O, KH, KW, C] at output filter {@code out}, tap (kh, kw). */
    public static void removeFilterlet(int[] shape, boolean[] keep, int out, int kh, int kw) {
        if (shape.length != 4 || out < 0 || out >= shape[0] || kh < 0 || kh >= shape[1] || kw < 0 || kw >= shape[2]) {
            throw new TrainingException("filterlet (" + out + ", " + kh + ", " + kw + ") is outside CONV_2D weights "
                    + Arrays.toString(shape));
        }
        int start = ((out * shape[1] + kh) * shape[2] + kw) * shape[3];
        Arrays.fill(keep, start, start + shape[3], false);
    }

    /** Removes channel {@code channel} along {@code axis} (an output filter on axis 0, an input channel on 3). */
    public static void removeChannel(int[] shape, int axis, boolean[] keep, int channel) {
        if (axis < 0 || axis >= shape.length || channel < 0 || channel >= shape[axis]) {
            throw new TrainingException("channel " + channel + " on axis " + axis + " is outside weights "
                    + Arrays.toString(shape));
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int i = 0; i < keep.length; i++) {
            if ((i / inner) % shape[axis] == channel) {
                keep[i] = false;
            }
        }
    }

    /** Removes a block of {@code length} consecutive elements from {@code start} (row-major). */
    public static void removeBlock(boolean[] keep, int start, int length) {
        if (start < 0 || length < 0 || start + length > keep.length) {
            throw new TrainingException("block [" + start + ", " + (start + length) + ") is outside weights of "
                    + keep.length + " elements");
        }
        Arrays.fill(keep, start, start + length, false);
    }
}
