package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.DataMovement;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

import java.util.Arrays;

/** TRANSPOSE of an int8 tensor by a constant permutation (rank 1 to 6, as TFLM's reference kernel). */
final class TransposeOp implements OperatorDefinition {

    /** The largest rank TFLM's Transpose and the C kernel accept. */
    static final int MAX_RANK = 6;

    @Override
    public OptionsCodec options(OpType type) {
        return OptionsCodec.empty(26); // TransposeOptions has no fields
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor permTensor = c.constInput(1, TensorType.INT32, 1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int[] perm = permutation(c, in, c.ints(permTensor), permTensor.index());
        int[] expected = new int[perm.length];
        for (int d = 0; d < perm.length; d++) {
            expected[d] = in.shape()[perm[d]];
        }
        if (!Arrays.equals(expected, out.shape())) {
            throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(expected)
                    + " (input " + in + " permuted by " + Arrays.toString(perm) + ")");
        }
        if (c.scale(in) != c.scale(out) || c.zp(in) != c.zp(out)) {
            throw c.fail(out.index(), "TRANSPOSE moves values: output " + out + " must share the quantization of "
                    + "input " + in);
        }
        byte[] x = s.int8(in.index());
        byte[] y = s.int8(out.index());
        int[] shape = in.shape();
        s.addStep(op, () -> DataMovement.transpose(x, shape, perm, y));
    }

    /** The permutation, negative entries resolved; fails unless it holds each axis once. */
    private static int[] permutation(OperandCheck c, Tensor in, int[] perm, int tensor) {
        int rank = in.shape().length;
        if (rank < 1 || rank > MAX_RANK) {
            throw c.fail(in.index(), "input " + in + " has rank " + rank + "; TRANSPOSE supports ranks 1 to "
                    + MAX_RANK);
        }
        if (perm.length != rank) {
            throw c.fail(tensor, "permutation " + Arrays.toString(perm) + " has " + perm.length + " entries, the "
                    + "input " + in + " has rank " + rank);
        }
        int[] resolved = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            int a = perm[d] < 0 ? perm[d] + rank : perm[d];
            if (a < 0 || a >= rank || seen[a]) {
                throw c.fail(tensor, "permutation " + Arrays.toString(perm) + " must name each axis 0.." + (rank - 1)
                        + " exactly once");
            }
            seen[a] = true;
            resolved[d] = a;
        }
        return resolved;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        long[] perm = CEmission.ints(e.input(op, 1));
        int rank = in.rank();
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = in.shape()[d];
            perm[d] = perm[d] < 0 ? perm[d] + rank : perm[d];
        }
        String p = e.prefix(op);
        e.intArray("int32_t", p + "_dims", dims);
        e.intArray("int32_t", p + "_perm", perm);
        e.source("src/pn_transpose_s8.c");
        e.call(op, "pn_transpose_s8", rank + ", " + p + "_dims, " + p + "_perm, " + e.in8(in.index()) + ", "
                + e.out8(out.index()));
    }
}
