package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.tile;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.Pooling;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.Pool2DOptions;
import dev.prunus.core.quant.QuantMath;


/** AVERAGE_POOL_2D and MAX_POOL_2D: the same window geometry and parameters, two kernels. */
final class PoolingOp implements OperatorDefinition {

    // Pool2DOptions: union code 5 (also L2_POOL_2D's, which Prunus reads but does not run).
    private static final int PADDING = 0, STRIDE_W = 1, STRIDE_H = 2, FILTER_WIDTH = 3, FILTER_HEIGHT = 4,
            ACTIVATION = 5;

    static final OptionsCodec OPTIONS = OptionsCodec.of(5, Pool2DOptions.class,
            t -> new Pool2DOptions(t.padding(PADDING), t.getInt(STRIDE_W, "stride_w", 0),
                    t.getInt(STRIDE_H, "stride_h", 0), t.getInt(FILTER_WIDTH, "filter_width", 0),
                    t.getInt(FILTER_HEIGHT, "filter_height", 0), t.activation(ACTIVATION)),
            (b, o) -> {
                b.start(6);
                b.addInt(STRIDE_W, o.strideW(), 0);
                b.addInt(STRIDE_H, o.strideH(), 0);
                b.addInt(FILTER_WIDTH, o.filterWidth(), 0);
                b.addInt(FILTER_HEIGHT, o.filterHeight(), 0);
                b.addByte(PADDING, o.padding().tfliteCode(), 0);
                b.addByte(ACTIVATION, o.activation().tfliteCode(), 0);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        OpOptions.Pool2DOptions o = c.options(OpOptions.Pool2DOptions.class);
        Tensor in = c.input(0, TensorType.INT8, 4);
        Tensor out = c.output(0, TensorType.INT8, 4);
        ConvGeometry g = geometry(o, in);
        c.expectShape(out, g);
        QuantMath.ActivationRange r = c.activation(o.activation(), out);
        InterpreterSetup.Int8Kernel k = op.type() == OpType.AVERAGE_POOL_2D
                ? (x, y, scratch) -> Pooling.averagePool(g, r.min(), r.max(), x, y)
                : (x, y, scratch) -> Pooling.maxPool(g, r.min(), r.max(), x, y);
        s.addInt8Step(op, in, out, k, 0);
    }

    private static ConvGeometry geometry(OpOptions.Pool2DOptions o, Tensor in) {
        return ConvGeometry.of(o.padding(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), in.dim(3), o.filterHeight(),
                o.filterWidth(), o.strideH(), o.strideW(), 1, 1);
    }

    @Override
    public void emit(CEmission e, Operator op) {
        OpOptions.Pool2DOptions o = op.options(OpOptions.Pool2DOptions.class);
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        ConvGeometry geo = geometry(o, in);
        String p = e.prefix(op);
        e.data().append("static const pn_pool_params ").append(p).append("_params = {")
                .append(tile(o.strideW(), o.strideH())).append(", ").append(tile(geo.padW(), geo.padH()))
                .append(", ").append(tile(o.filterWidth(), o.filterHeight())).append(", ")
                .append(CEmission.act(e.range(op, o.activation(), out))).append("};\n");
        String id = e.dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String od = e.dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        String kernel = op.type() == OpType.AVERAGE_POOL_2D ? "pn_avgpool_s8" : "pn_maxpool_s8";
        e.source("src/" + kernel + ".c");
        e.call(op, kernel, "&" + p + "_params, " + id + ", " + e.in8(in.index()) + ", " + od + ", "
                + e.out8(out.index()));
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.pooling(op);
    }
}
