package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.BatchMatMul;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;

/**
 * BATCH_MATMUL of two int8 tensors (TFLM reference BatchMatMul, per-tensor quantization, ranks 2 to 4 with
 * broadcast batch dimensions, adj_x / adj_y). Either operand may be an activation or a constant. Public for its
 * options record.
 */
public final class BatchMatMulOp implements OperatorDefinition {

    /** BatchMatMulOptions (union code 101): field 0 adj_x, 1 adj_y, 2 asymmetric_quantize_inputs. */
    public record Options(boolean adjX, boolean adjY, boolean asymmetricQuantizeInputs) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 101;
        }
    }

    static final OptionsCodec OPTIONS = OptionsCodec.of(101, Options.class,
            t -> new Options(t.getBool(0, "adj_x", false), t.getBool(1, "adj_y", false),
                    t.getBool(2, "asymmetric_quantize_inputs", false)),
            (b, o) -> {
                b.start(3);
                b.addBool(0, o.adjX(), false);
                b.addBool(1, o.adjY(), false);
                b.addBool(2, o.asymmetricQuantizeInputs(), false);
                return b.end();
            });

    BatchMatMulOp() {
    }

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    private static Options options(Operator op) {
        return op.options() instanceof Options o ? o : new Options(false, false, false);
    }

    private static BatchMatMul.Geometry geometry(Operator op, Tensor lhs, Tensor rhs) {
        Options o = options(op);
        return BatchMatMul.geometry(lhs.shape(), rhs.shape(), o.adjX(), o.adjY());
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor lhs = c.input(0, TensorType.INT8, -1);
        Tensor rhs = c.input(1, TensorType.INT8, -1);
        Tensor out = c.output(0, TensorType.INT8, -1);
        BatchMatMul.Geometry g;
        try {
            g = geometry(op, lhs, rhs);
        } catch (IllegalArgumentException e) {
            throw c.fail(out.index(), e.getMessage());
        }
        if (!Arrays.equals(g.outShape(), out.shape())) {
            throw c.fail(out.index(), "output " + out + " should have shape " + Arrays.toString(g.outShape()));
        }
        if (lhs.quantization().perChannel() || rhs.quantization().perChannel()) {
            throw c.fail(rhs.index(), "BATCH_MATMUL takes per-tensor quantization, as TFLite Micro");
        }
        QuantMath.Multiplier m = QuantMath.fullyConnectedMultiplier(c.scale(lhs), c.scale(rhs), c.scale(out));
        int lhsZp = c.zp(lhs);
        int rhsZp = c.zp(rhs);
        int outZp = c.zp(out);
        byte[] a = s.int8(lhs.index());
        byte[] b = s.int8(rhs.index());
        byte[] y = s.int8(out.index());
        s.addStep(op, () -> BatchMatMul.run(g, lhsZp, rhsZp, m, outZp, a, b, y));
    }

    @Override
    public long macs(Graph graph, Operator op) {
        Tensor out = graph.tensor(op.outputIndex(0));
        Tensor lhs = graph.tensor(op.inputIndex(0));
        if (out.rank() < 2 || lhs.rank() < 2) {
            return 0;
        }
        int depth = options(op).adjX() ? lhs.dim(lhs.rank() - 2) : lhs.dim(lhs.rank() - 1);
        return (long) out.elementCount() * depth;
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor lhs = e.input(op, 0);
        Tensor rhs = e.input(op, 1);
        Tensor out = e.output(op);
        BatchMatMul.Geometry g = geometry(op, lhs, rhs);
        QuantMath.Multiplier m = QuantMath.fullyConnectedMultiplier(scale(lhs), scale(rhs), scale(out));
        String p = e.prefix(op);
        e.intArray("int32_t", p + "_lhs_offsets", Arrays.stream(g.lhsOffsets()).asLongStream().toArray());
        e.intArray("int32_t", p + "_rhs_offsets", Arrays.stream(g.rhsOffsets()).asLongStream().toArray());
        e.data().append("static const pn_batch_matmul_params ").append(p).append("_params = {")
                .append(-zp(lhs)).append(", ").append(-zp(rhs)).append(", ").append(zp(out)).append(", {")
                .append(m.multiplier()).append(", ").append(m.shift()).append("}, ").append(g.rows()).append(", ")
                .append(g.depth()).append(", ").append(g.cols()).append(", ").append(g.lhsRowStride()).append(", ")
                .append(g.lhsDepthStride()).append(", ").append(g.rhsDepthStride()).append(", ")
                .append(g.rhsColStride()).append("};\n");
        e.source("src/pn_batch_matmul_s8.c");
        e.call(op, "pn_batch_matmul_s8", "&" + p + "_params, " + g.batches() + ", " + p + "_lhs_offsets, " + p
                + "_rhs_offsets, " + operand(e, lhs, p + "_lhs") + ", " + operand(e, rhs, p + "_rhs") + ", "
                + e.out8(out.index()));
    }

    /** An operand: a constant array or an arena tensor. */
    private static String operand(CEmission e, Tensor t, String cName) {
        if (t.isConstant()) {
            e.bytesArray(cName, t.data());
            return cName;
        }
        return e.in8(t.index());
    }
}
