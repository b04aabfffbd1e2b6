package dev.prunus.core.quantize.floatops;

import dev.prunus.core.interp.kernels.BatchMatMul;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.BatchMatMulOp;

/** Float BATCH_MATMUL on the int8 operator's geometry (broadcast batches, adj_x / adj_y); either operand constant. */
public final class BatchMatMulFloat {

    private BatchMatMulFloat() {
    }

    public static FloatStep prepare(FloatOperands o) {
        Tensor lhs = o.input(0);
        Tensor rhs = o.input(1);
        Tensor out = o.output(0);
        BatchMatMulOp.Options opt = o.op().options() instanceof BatchMatMulOp.Options b ? b
                : new BatchMatMulOp.Options(false, false, false);
        BatchMatMul.Geometry g;
        try {
            g = BatchMatMul.geometry(lhs.shape(), rhs.shape(), opt.adjX(), opt.adjY());
        } catch (IllegalArgumentException e) {
            throw o.fail(e.getMessage());
        }
        o.expectShape(out, g.outShape());
        float[] c1 = lhs.isConstant() ? o.constantFloats(0) : null;
        float[] c2 = rhs.isConstant() ? o.constantFloats(1) : null;
        if (c1 == null) {
            o.activationInput(0);
        }
        if (c2 == null) {
            o.activationInput(1);
        }
        int i1 = lhs.index();
        int i2 = rhs.index();
        int y = out.index();
        return v -> {
            float[] a = c1 != null ? c1 : v[i1];
            float[] b = c2 != null ? c2 : v[i2];
            float[] r = v[y];
            int at = 0;
            for (int batch = 0; batch < g.batches(); batch++) {
                int lb = g.lhsOffsets()[batch];
                int rb = g.rhsOffsets()[batch];
                for (int row = 0; row < g.rows(); row++) {
                    for (int col = 0; col < g.cols(); col++) {
                        float sum = 0f;
                        for (int k = 0; k < g.depth(); k++) {
                            sum += a[lb + row * g.lhsRowStride() + k * g.lhsDepthStride()]
                                    * b[rb + k * g.rhsDepthStride() + col * g.rhsColStride()];
                        }
                        r[at++] = sum;
                    }
                }
            }
        };
    }
}
