package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.tile;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.DepthwiseConv2D;
import dev.prunus.core.interp.kernels.Requant;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.OpOptions.DepthwiseConv2DOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.quant.QuantMath;

import java.util.List;

/**
 * DEPTHWISE_CONV_2D: 1HWO int8 weights with a channel multiplier. With one input channel the C code lowers it to
 * a CONV_2D (its 1HWO weights are the OHWI weights of a convolution with cin = 1).
 */
final class DepthwiseConv2DOp implements OperatorDefinition {

    // DepthwiseConv2DOptions: union code 2, field ids of the schema's table.
    private static final int PADDING = 0, STRIDE_W = 1, STRIDE_H = 2, DEPTH_MULTIPLIER = 3, ACTIVATION = 4,
            DILATION_W = 5, DILATION_H = 6;

    static final OptionsCodec OPTIONS = OptionsCodec.of(2, DepthwiseConv2DOptions.class,
            t -> new DepthwiseConv2DOptions(t.padding(PADDING), t.getInt(STRIDE_W, "stride_w", 0),
                    t.getInt(STRIDE_H, "stride_h", 0), t.getInt(DEPTH_MULTIPLIER, "depth_multiplier", 0),
                    t.activation(ACTIVATION), t.getInt(DILATION_W, "dilation_w_factor", 1),
                    t.getInt(DILATION_H, "dilation_h_factor", 1)),
            (b, o) -> {
                b.start(7);
                b.addInt(STRIDE_W, o.strideW(), 0);
                b.addInt(STRIDE_H, o.strideH(), 0);
                b.addInt(DEPTH_MULTIPLIER, o.depthMultiplier(), 0);
                b.addInt(DILATION_W, o.dilationW(), 1);
                b.addInt(DILATION_H, o.dilationH(), 1);
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
        OpOptions.DepthwiseConv2DOptions o = c.options(OpOptions.DepthwiseConv2DOptions.class);
        OperandCheck.ConvOperands t = c.convOperands();
        int[] is = t.in().shape();
        int[] fs = t.filter().shape();
        int outC = fs[3];
        if (fs[0] != 1 || outC % is[3] != 0) {
            throw c.fail(t.filter().index(), "depthwise filter " + t.filter() + " must be [1, H, W, Cin x multiplier] "
                    + "for " + is[3] + " input channels");
        }
        int mult = outC / is[3];
        ConvGeometry g = ConvGeometry.of(o.padding(), is[0], is[1], is[2], is[3], outC, fs[1], fs[2], o.strideH(),
                o.strideW(), o.dilationH(), o.dilationW());
        c.expectShape(t.out(), g);
        Requant rq = c.convRequant(t, outC, 3, o.activation());
        DepthwiseConv2D k = new DepthwiseConv2D(g, mult, t.filter().data(),
                t.bias() == null ? null : c.ints(t.bias()), -c.zp(t.in()), rq);
        s.addInt8Step(op, t.in(), t.out(), k::run, k.scratchSize());
    }

    /** {@code N*outH*outW*C*kh*kw} (C = output channels). */
    @Override
    public long macs(Graph g, Operator op) {
        Tensor filter = op.input(g, 1);
        Tensor out = op.output(g, 0);
        if (filter == null || filter.rank() != 4 || out.rank() != 4) {
            return 0;
        }
        return (long) out.elementCount() * filter.dim(1) * filter.dim(2);
    }

    @Override
    public int scratchBytes(Graph g, Operator op, PackPlan pack) {
        Kernel k = KernelScratch.kernelOf(g, op, pack);
        Tensor w = g.tensor(op.inputIndex(1));
        if (KernelScratch.lowersToConv(g, op)) {
            return KernelScratch.of(k, w.dim(3), w.dim(1), w.dim(2), 1);
        }
        return KernelScratch.of(k, 1, w.dim(1), w.dim(2), w.dim(3));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
        Graph g = e.graph();
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        int outC = w.dim(3);
        if (KernelScratch.lowersToConv(g, op)) {
            // 1HWO [1, kh, kw, cout] with one input channel = OHWI [cout, kh, kw, 1]: a transposition.
            int kh = w.dim(1);
            int kw = w.dim(2);
            byte[] src = w.data();
            byte[] ohwi = new byte[src.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int ch = 0; ch < outC; ch++) {
                        ohwi[(ch * kh + y) * kw + x] = src[(y * kw + x) * outC + ch];
                    }
                }
            }
            Conv2DOp.emitConv(e, op, ohwi, outC, kh, kw, 1, o.strideW(), o.strideH(), o.dilationW(), o.dilationH(),
                    o.activation());
            return;
        }
        ConvGeometry geo = PackPlanner.geometry(g, op);
        String p = e.prefix(op);
        String quant = e.perChannelQuant(op, QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(),
                scale(out), outC));
        String b = e.bias(op, 2);
        e.bytesArray(p + "_weights", w.data());
        e.data().append("static const pn_dw_conv_params ").append(p).append("_params = {").append(-zp(in))
                .append(", ").append(zp(out)).append(", ").append(outC / in.dim(3)).append(", ")
                .append(tile(o.strideW(), o.strideH())).append(", ").append(tile(geo.padW(), geo.padH()))
                .append(", ").append(tile(o.dilationW(), o.dilationH())).append(", ")
                .append(CEmission.act(e.range(op, o.activation(), out))).append("};\n");
        String id = e.dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String fd = e.dims(p + "_filter_dims", 1, w.dim(1), w.dim(2), outC);
        String od = e.dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        Kernel k = KernelScratch.kernelOf(g, op, e.pack());
        String buffer = e.scratch(op, KernelScratch.of(k, 1, w.dim(1), w.dim(2), outC));
        for (String src : List.of(k.sources())) {
            e.source(src);
        }
        e.call(op, k.function(), "&" + p + "_params, " + quant + ", " + id + ", " + e.in8(in.index()) + ", " + fd
                + ", " + p + "_weights, " + b + ", " + od + ", " + e.out8(out.index()) + ", " + buffer);
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.depthwiseConvolution(op);
    }
}
