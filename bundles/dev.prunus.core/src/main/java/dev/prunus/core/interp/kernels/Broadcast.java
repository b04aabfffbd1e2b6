package dev.prunus.core.interp.kernels;

import java.util.Arrays;

/**
 * NumPy-style broadcasting of two shapes to an output shape (dimensions aligned at the right; a size-1 dimension
 * repeats). Precomputes, once, the flat index of each input for every output element.
 */
public final class Broadcast {

    private final int[] index1;
    private final int[] index2;
    private final int size;

    private Broadcast(int[] index1, int[] index2, int size) {
        this.index1 = index1;
        this.index2 = index2;
        this.size = size;
    }

    /** Whether the two shapes are equal (no broadcasting needed). */
    public static boolean sameShape(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }

    /** The broadcast output shape of two shapes, or null when they are incompatible. */
    public static int[] outputShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Index maps from each output element to the two inputs. */
    public static Broadcast of(int[] shape1, int[] shape2, int[] outShape) {
        int rank = outShape.length;
        int size = 1;
        for (int d : outShape) {
            size *= d;
        }
        int[] s1 = strides(shape1, rank, outShape);
        int[] s2 = strides(shape2, rank, outShape);
        int[] i1 = new int[size];
        int[] i2 = new int[size];
        int[] pos = new int[rank];
        for (int o = 0; o < size; o++) {
            int a = 0;
            int b = 0;
            for (int d = 0; d < rank; d++) {
                a += pos[d] * s1[d];
                b += pos[d] * s2[d];
            }
            i1[o] = a;
            i2[o] = b;
            for (int d = rank - 1; d >= 0; d--) {
                if (++pos[d] < outShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        return new Broadcast(i1, i2, size);
    }

    /** Element strides of {@code shape} aligned to {@code rank}, 0 along broadcast dimensions. */
    private static int[] strides(int[] shape, int rank, int[] outShape) {
        int[] st = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            int k = d - (rank - shape.length);
            int dim = k >= 0 ? shape[k] : 1;
            st[d] = (dim == 1 && outShape[d] != 1) ? 0 : stride;
            stride *= dim;
        }
        return st;
    }

    public int size() {
        return size;
    }

    public int index1(int o) {
        return index1[o];
    }

    public int index2(int o) {
        return index2[o];
    }
}
