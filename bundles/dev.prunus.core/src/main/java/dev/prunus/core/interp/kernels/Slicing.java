package dev.prunus.core.interp.kernels;

import java.util.Arrays;

/**
 * STRIDED_SLICE, GATHER and TRANSPOSE geometry, shared by the int8 interpreter and the float evaluator: these
 * operators only move values, so each is reduced once to the source element of every output element
 * ({@link #copy}).
 */
public final class Slicing {

    /** The largest rank TFLM's StridedSlice accepts (and the C kernel walks). */
    public static final int MAX_RANK = 5;

    private Slicing() {
    }

    /**
     * One STRIDED_SLICE after TFLite's mask rules: per input axis the first index, the (exclusive) stop and the
     * stride; {@code outShape} drops the shrunk axes.
     */
    public record StridedSlice(int[] inShape, int[] start, int[] stop, int[] stride, int[] outShape) {

        /** Elements taken along {@code axis}. */
        public int count(int axis) {
            int s = stride[axis];
            int n = s > 0 ? (stop[axis] - start[axis] + s - 1) / s : (start[axis] - stop[axis] - s - 1) / -s;
            return Math.max(0, n);
        }

        /** The flat input index of every output element, in output order. */
        public int[] sources() {
            int rank = inShape.length;
            int[] counts = new int[rank];
            int total = 1;
            for (int d = 0; d < rank; d++) {
                counts[d] = count(d);
                total *= counts[d];
            }
            int[] inStride = new int[rank];
            int acc = 1;
            for (int d = rank - 1; d >= 0; d--) {
                inStride[d] = acc;
                acc *= inShape[d];
            }
            int[] src = new int[total];
            int[] idx = new int[rank];
            for (int k = 0; k < total; k++) {
                int at = 0;
                for (int d = 0; d < rank; d++) {
                    at += (start[d] + idx[d] * stride[d]) * inStride[d];
                }
                src[k] = at;
                for (int d = rank - 1; d >= 0; d--) {
                    if (++idx[d] < counts[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            return src;
        }
    }

    /**
     * Resolves begin, end and strides with TFLite's rules ({@code strided_slice_logic.h}: StartForAxis and
     * StopForAxis): a masked begin or end is the first or last index in the stride's direction, negative indices
     * count from the end, both are clamped to the axis, and a shrunk axis takes exactly its begin index.
     *
     * @throws IllegalArgumentException with the reason (ellipsis and new-axis masks and offset mode are not
     *                                  supported, as in TFLite Micro)
     */
    public static StridedSlice stridedSlice(int[] inShape, int[] begin, int[] end, int[] strides, int beginMask,
            int endMask, int ellipsisMask, int newAxisMask, int shrinkAxisMask, boolean offset) {
        int rank = inShape.length;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IllegalArgumentException("input rank " + rank + " is outside 1.." + MAX_RANK);
        }
        if (ellipsisMask != 0 || newAxisMask != 0 || offset) {
            throw new IllegalArgumentException("ellipsis_mask, new_axis_mask and offset must be 0 (TFLite Micro's "
                    + "rule); re-export the slice without them");
        }
        if (begin.length != rank || end.length != rank || strides.length != rank) {
            throw new IllegalArgumentException("begin " + Arrays.toString(begin) + ", end " + Arrays.toString(end)
                    + " and strides " + Arrays.toString(strides) + " must each have one entry per input axis ("
                    + rank + ")");
        }
        int[] start = new int[rank];
        int[] stop = new int[rank];
        int[] step = new int[rank];
        int outRank = 0;
        for (int d = 0; d < rank; d++) {
            int size = inShape[d];
            int s = strides[d];
            if (s == 0) {
                throw new IllegalArgumentException("stride of axis " + d + " is 0");
            }
            int b = (beginMask & (1 << d)) != 0 ? (s > 0 ? 0 : size - 1) : begin[d];
            if (b < 0) {
                b += size;
            }
            b = s > 0 ? clamp(b, 0, size) : clamp(b, -1, size - 1);
            if ((shrinkAxisMask & (1 << d)) != 0) {
                // TFLite: "the end position does not matter", one element at begin
                if (b < 0 || b >= size) {
                    throw new IllegalArgumentException("shrunk axis " + d + " index " + begin[d]
                            + " is outside its size " + size);
                }
                start[d] = b;
                stop[d] = b + 1;
                step[d] = 1;
                continue;
            }
            int e = (endMask & (1 << d)) != 0 ? (s > 0 ? size : -1) : end[d];
            if ((endMask & (1 << d)) == 0) {
                if (e < 0) {
                    e += size;
                }
                e = s > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
            }
            start[d] = b;
            stop[d] = e;
            step[d] = s;
            outRank++;
        }
        StridedSlice counted = new StridedSlice(inShape.clone(), start, stop, step, new int[0]);
        int[] out = new int[outRank];
        int k = 0;
        for (int d = 0; d < rank; d++) {
            if ((shrinkAxisMask & (1 << d)) == 0) {
                out[k++] = counted.count(d);
            }
        }
        return new StridedSlice(inShape.clone(), start, stop, step, out);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * GATHER along {@code axis} with batch_dims 0: output shape params[:axis] + indices + params[axis+1:].
     *
     * @throws IllegalArgumentException naming the first index outside the axis (TFLite Micro fails the same way)
     */
    public static int[] gatherSources(int[] paramsShape, int axis, int[] indices) {
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= paramsShape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < paramsShape.length; d++) {
            inner *= paramsShape[d];
        }
        int axisSize = paramsShape[axis];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= axisSize) {
                throw new IllegalArgumentException("index " + indices[i] + " (entry " + i + ") is outside axis "
                        + axis + " of size " + axisSize);
            }
        }
        int[] src = new int[outer * indices.length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int index : indices) {
                int base = (o * axisSize + index) * inner;
                for (int i = 0; i < inner; i++) {
                    src[k++] = base + i;
                }
            }
        }
        return src;
    }

    /** The output shape of a GATHER with batch_dims 0. */
    public static int[] gatherShape(int[] paramsShape, int axis, int[] indicesShape) {
        int[] out = new int[paramsShape.length - 1 + indicesShape.length];
        int k = 0;
        for (int d = 0; d < axis; d++) {
            out[k++] = paramsShape[d];
        }
        for (int d : indicesShape) {
            out[k++] = d;
        }
        for (int d = axis + 1; d < paramsShape.length; d++) {
            out[k++] = paramsShape[d];
        }
        return out;
    }

    /** TRANSPOSE: the source of every output element when output axis d is input axis {@code perm[d]}. */
    public static int[] transposeSources(int[] inShape, int[] perm) {
        int rank = inShape.length;
        int[] inStride = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--) {
            inStride[d] = acc;
            acc *= inShape[d];
        }
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = inShape[perm[d]];
        }
        int[] src = new int[acc];
        int[] idx = new int[rank];
        for (int k = 0; k < acc; k++) {
            int at = 0;
            for (int d = 0; d < rank; d++) {
                at += idx[d] * inStride[perm[d]];
            }
            src[k] = at;
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < outShape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return src;
    }

    /** {@code output[k] = input[sources[k]]}. */
    public static void copy(byte[] input, int[] sources, byte[] output) {
        for (int k = 0; k < sources.length; k++) {
            output[k] = input[sources[k]];
        }
    }

    /** {@code output[k] = input[sources[k]]}. */
    public static void copy(float[] input, int[] sources, float[] output) {
        for (int k = 0; k < sources.length; k++) {
            output[k] = input[sources[k]];
        }
    }
}
