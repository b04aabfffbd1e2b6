package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * Operators that move int8 data without arithmetic: PAD (constant padding with the output zero point, as TFLM's
 * PAD for int8), CONCATENATION (inputs sharing the output's quantization), TRANSPOSE and RESIZE_NEAREST_NEIGHBOR.
 */
public final class DataMovement {

    private DataMovement() {
    }

    /**
     * Pads an int8 tensor of shape {@code inShape} with {@code before[d]} / {@code after[d]} elements per dimension,
     * filling with {@code padValue}.
     */
    public static void pad(byte[] input, int[] inShape, int[] before, int[] after, byte padValue, byte[] output) {
        int rank = inShape.length;
        int[] outShape = new int[rank];
        int outSize = 1;
        for (int d = 0; d < rank; d++) {
            outShape[d] = inShape[d] + before[d] + after[d];
            outSize *= outShape[d];
        }
        java.util.Arrays.fill(output, 0, outSize, padValue);
        if (rank == 0) {
            output[0] = input[0];
            return;
        }
        int inner = inShape[rank - 1];
        int rows = 1;
        for (int d = 0; d < rank - 1; d++) {
            rows *= inShape[d];
        }
        int[] pos = new int[rank];
        for (int r = 0; r < rows; r++) {
            int o = 0;
            for (int d = 0; d < rank - 1; d++) {
                o = o * outShape[d] + pos[d] + before[d];
            }
            o = o * outShape[rank - 1] + before[rank - 1];
            System.arraycopy(input, r * inner, output, o, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++pos[d] < inShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
    }

    /**
     * Concatenates along {@code axis}: for each outer index, copies each input's slice of
     * {@code dims[axis] * inner} elements in input order.
     *
     * @param inputs    input arrays
     * @param axisSizes each input's size along the axis
     * @param outer     product of the dimensions before the axis
     * @param inner     product of the dimensions after the axis
     */
    public static void concatenate(byte[][] inputs, int[] axisSizes, int outer, int inner, byte[] output) {
        int o = 0;
        for (int k = 0; k < outer; k++) {
            for (int i = 0; i < inputs.length; i++) {
                int len = axisSizes[i] * inner;
                System.arraycopy(inputs[i], k * len, output, o, len);
                o += len;
            }
        }
    }

    /** TRANSPOSE: output dimension d is input dimension {@code perm[d]}; any rank. */
    public static void transpose(byte[] input, int[] inShape, int[] perm, byte[] output) {
        int rank = inShape.length;
        int[] inStride = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            inStride[d] = stride;
            stride *= inShape[d];
        }
        int[] outShape = new int[rank];
        int[] step = new int[rank]; // input stride of each output dimension
        for (int d = 0; d < rank; d++) {
            outShape[d] = inShape[perm[d]];
            step[d] = inStride[perm[d]];
        }
        int[] idx = new int[rank];
        int src = 0;
        for (int o = 0; o < stride; o++) {
            output[o] = input[src];
            for (int d = rank - 1; d >= 0; d--) {
                src += step[d];
                if (++idx[d] < outShape[d]) {
                    break;
                }
                src -= step[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }

    /**
     * TFLM's GetNearestNeighbor: the input row (or column) an output row reads, in float32 as TFLM computes it:
     * scale = in / out, or (in - 1) / (out - 1) with align_corners; offset 0.5 with half-pixel centres; then
     * floor((v + offset) * scale), or round half away from zero with align_corners; at most in - 1, at least 0.
     */
    public static int nearest(int v, int inSize, int outSize, boolean alignCorners, boolean halfPixelCenters) {
        float scale = alignCorners && outSize > 1 ? (inSize - 1) / (float) (outSize - 1)
                : inSize / (float) outSize;
        float offset = halfPixelCenters ? 0.5f : 0.0f;
        float at = (v + offset) * scale;
        int n = Math.min(alignCorners ? (int) QuantMath.round(at) : (int) Math.floor(at), inSize - 1);
        return halfPixelCenters ? Math.max(0, n) : n;
    }

    /** RESIZE_NEAREST_NEIGHBOR over NHWC: each output pixel copies the depth vector of its nearest input pixel. */
    public static void resizeNearest(byte[] input, int batches, int inH, int inW, int depth, int outH, int outW,
            boolean alignCorners, boolean halfPixelCenters, byte[] output) {
        int[] col = new int[outW];
        for (int x = 0; x < outW; x++) {
            col[x] = nearest(x, inW, outW, alignCorners, halfPixelCenters);
        }
        int o = 0;
        for (int b = 0; b < batches; b++) {
            for (int y = 0; y < outH; y++) {
                int row = (b * inH + nearest(y, inH, outH, alignCorners, halfPixelCenters)) * inW;
                for (int x = 0; x < outW; x++) {
                    System.arraycopy(input, (row + col[x]) * depth, output, o, depth);
                    o += depth;
                }
            }
        }
    }
}
