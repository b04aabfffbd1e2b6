package dev.prunus.core.interp.kernels;

import java.util.Arrays;

import dev.prunus.core.quant.QuantMath;

/**
 * BATCH_MATMUL int8 as TFLM's reference BatchMatMul: per output element the sum over the depth of
 * (lhs - zp_lhs) * (rhs - zp_rhs) in int32, MultiplyByQuantizedMultiplier (double rounding) with the multiplier of
 * GetQuantizedConvolutionMultipler (s_lhs * s_rhs in float32, / s_out in double), plus the output zero point,
 * clamped to int8 (no fused activation). Batch dimensions (ranks 2 to 4) broadcast; adj_x / adj_y read an operand
 * transposed, which only changes its strides.
 */
public final class BatchMatMul {

    private BatchMatMul() {
    }

    /**
     * The walk: for batch b the matrices start at {@code lhsOffsets[b]} and {@code rhsOffsets[b]}; lhs element
     * (m, k) is at {@code m * lhsRowStride + k * lhsDepthStride}, rhs element (k, n) at
     * {@code k * rhsDepthStride + n * rhsColStride}; the output is [batches..., rows, cols] row-major.
     */
    public record Geometry(int[] outShape, int[] lhsOffsets, int[] rhsOffsets, int rows, int depth, int cols,
            int lhsRowStride, int lhsDepthStride, int rhsDepthStride, int rhsColStride) {

        public int batches() {
            return lhsOffsets.length;
        }
    }

    /**
     * @throws IllegalArgumentException when a rank is outside 2..4, the batch dimensions do not broadcast or the
     *                                  depths differ
     */
    public static Geometry geometry(int[] lhsShape, int[] rhsShape, boolean adjX, boolean adjY) {
        if (lhsShape.length < 2 || lhsShape.length > 4 || rhsShape.length < 2 || rhsShape.length > 4) {
            throw new IllegalArgumentException("operand ranks " + lhsShape.length + " and " + rhsShape.length
                    + " must be 2 to 4 (TFLite Micro's limit)");
        }
        int rank = Math.max(lhsShape.length, rhsShape.length);
        int[] l = extend(lhsShape, rank);
        int[] r = extend(rhsShape, rank);
        int rows = adjX ? l[rank - 1] : l[rank - 2];
        int depth = adjX ? l[rank - 2] : l[rank - 1];
        int rhsDepth = adjY ? r[rank - 1] : r[rank - 2];
        int cols = adjY ? r[rank - 2] : r[rank - 1];
        if (depth != rhsDepth) {
            throw new IllegalArgumentException("lhs " + Arrays.toString(lhsShape) + " (adj_x " + adjX + ") and rhs "
                    + Arrays.toString(rhsShape) + " (adj_y " + adjY + ") have depths " + depth + " and " + rhsDepth);
        }
        int[] out = new int[rank];
        int batches = 1;
        for (int d = 0; d < rank - 2; d++) {
            if (l[d] != r[d] && l[d] != 1 && r[d] != 1) {
                throw new IllegalArgumentException("batch dimensions of " + Arrays.toString(lhsShape) + " and "
                        + Arrays.toString(rhsShape) + " do not broadcast");
            }
            out[d] = Math.max(l[d], r[d]);
            batches *= out[d];
        }
        out[rank - 2] = rows;
        out[rank - 1] = cols;
        int lhsMatrix = rows * depth;
        int rhsMatrix = depth * cols;
        int[] lhsOffsets = new int[batches];
        int[] rhsOffsets = new int[batches];
        int[] idx = new int[Math.max(0, rank - 2)];
        for (int b = 0; b < batches; b++) {
            int lo = 0;
            int ro = 0;
            for (int d = 0; d < rank - 2; d++) {
                lo = lo * l[d] + (l[d] == 1 ? 0 : idx[d]);
                ro = ro * r[d] + (r[d] == 1 ? 0 : idx[d]);
            }
            lhsOffsets[b] = lo * lhsMatrix;
            rhsOffsets[b] = ro * rhsMatrix;
            for (int d = rank - 3; d >= 0; d--) {
                if (++idx[d] < out[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new Geometry(out, lhsOffsets, rhsOffsets, rows, depth, cols, adjX ? 1 : depth, adjX ? rows : 1,
                adjY ? 1 : cols, adjY ? depth : 1);
    }

    private static int[] extend(int[] shape, int rank) {
        int[] e = new int[rank];
        Arrays.fill(e, 1);
        System.arraycopy(shape, 0, e, rank - shape.length, shape.length);
        return e;
    }

    /** One inference. */
    public static void run(Geometry g, int lhsZp, int rhsZp, QuantMath.Multiplier m, int outZp, byte[] lhs,
            byte[] rhs, byte[] out) {
        int at = 0;
        for (int b = 0; b < g.batches(); b++) {
            int lb = g.lhsOffsets()[b];
            int rb = g.rhsOffsets()[b];
            for (int row = 0; row < g.rows(); row++) {
                for (int col = 0; col < g.cols(); col++) {
                    int acc = 0;
                    for (int k = 0; k < g.depth(); k++) {
                        int a = lhs[lb + row * g.lhsRowStride() + k * g.lhsDepthStride()] - lhsZp;
                        int w = rhs[rb + k * g.rhsDepthStride() + col * g.rhsColStride()] - rhsZp;
                        acc += a * w;
                    }
                    int v = QuantMath.multiplyByQuantizedMultiplier(acc, m.multiplier(), m.shift()) + outZp;
                    out[at++] = (byte) Math.max(-128, Math.min(127, v));
                }
            }
        }
    }
}
