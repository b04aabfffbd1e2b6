package dev.prunus.core.interp.kernels;

/**
 * Operators that move int8 data without arithmetic: PAD (constant padding with the output zero point, as TFLM's
 * PAD for int8) and CONCATENATION (inputs sharing the output's quantization).
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
}
