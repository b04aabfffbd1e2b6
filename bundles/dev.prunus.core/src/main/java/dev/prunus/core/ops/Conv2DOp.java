package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.tile;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.Conv2D;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.Requant;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.OpOptions.Conv2DOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.pack.PackedWeights;
import dev.prunus.core.pack.SparsePacker;
import dev.prunus.core.quant.QuantMath;

import java.util.List;

/** CONV_2D: OHWI int8 weights, per-channel requantization; dense (1x1, 3x3, generic) or sparse kernels. */
final class Conv2DOp implements OperatorDefinition {

    // Conv2DOptions: union code 1, field ids of the schema's table.
    private static final int PADDING = 0, STRIDE_W = 1, STRIDE_H = 2, ACTIVATION = 3, DILATION_W = 4,
            DILATION_H = 5, QUANTIZED_BIAS_TYPE = 6;

    static final OptionsCodec OPTIONS = OptionsCodec.of(1, Conv2DOptions.class,
            t -> new Conv2DOptions(t.padding(PADDING), t.getInt(STRIDE_W, "stride_w", 0),
                    t.getInt(STRIDE_H, "stride_h", 0), t.activation(ACTIVATION),
                    t.getInt(DILATION_W, "dilation_w_factor", 1), t.getInt(DILATION_H, "dilation_h_factor", 1),
                    t.getUbyte(QUANTIZED_BIAS_TYPE, "quantized_bias_type", 0)),
            (b, o) -> {
                b.start(7);
                b.addInt(STRIDE_W, o.strideW(), 0);
                b.addInt(STRIDE_H, o.strideH(), 0);
                b.addInt(DILATION_W, o.dilationW(), 1);
                b.addInt(DILATION_H, o.dilationH(), 1);
                b.addByte(PADDING, o.padding().tfliteCode(), 0);
                b.addByte(ACTIVATION, o.activation().tfliteCode(), 0);
                b.addByte(QUANTIZED_BIAS_TYPE, o.quantizedBiasType(), 0);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        OpOptions.Conv2DOptions o = c.options(OpOptions.Conv2DOptions.class);
        OperandCheck.ConvOperands t = c.convOperands();
        int[] is = t.in().shape();
        int[] fs = t.filter().shape();
        if (fs[3] != is[3]) {
            throw c.fail(t.filter().index(), "filter " + t.filter() + " has " + fs[3] + " input channels but the "
                    + "input has " + is[3] + " (grouped convolution is not supported)");
        }
        ConvGeometry g = ConvGeometry.of(o.padding(), is[0], is[1], is[2], is[3], fs[0], fs[1], fs[2], o.strideH(),
                o.strideW(), o.dilationH(), o.dilationW());
        c.expectShape(t.out(), g);
        Requant rq = c.convRequant(t, fs[0], 0, o.activation());
        Conv2D k = new Conv2D(g, t.filter().data(), t.bias() == null ? null : c.ints(t.bias()), -c.zp(t.in()), rq);
        s.addInt8Step(op, t.in(), t.out(), k::run, k.scratchSize());
    }

    /** {@code N*outH*outW*Cout*kh*kw*Cin} (Cin from the filter {@code [Cout, kh, kw, Cin]}). */
    @Override
    public long macs(Graph g, Operator op) {
        Tensor filter = op.input(g, 1);
        Tensor out = op.output(g, 0);
        if (filter == null || filter.rank() != 4 || out.rank() != 4) {
            return 0;
        }
        return (long) out.elementCount() * filter.dim(1) * filter.dim(2) * filter.dim(3);
    }

    @Override
    public int scratchBytes(Graph g, Operator op, PackPlan pack) {
        Kernel k = KernelScratch.kernelOf(g, op, pack);
        Tensor w = g.tensor(op.inputIndex(1));
        if (k == Kernel.CONV_FILTERLET) {
            ConvGeometry geo = PackPlanner.geometry(g, op);
            int strideW = op.options(OpOptions.Conv2DOptions.class).strideW();
            return KernelScratch.of(k, w.dim(0), w.dim(1), w.dim(2), w.dim(3), strideW, geo.outW());
        }
        if (k == Kernel.CONV_1X1_BLOCK) {
            return KernelScratch.of(k, w.dim(0), w.dim(3), KernelScratch.format(op, pack).blockSize());
        }
        return KernelScratch.of(k, w.dim(0), w.dim(1), w.dim(2), w.dim(3));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
        Tensor w = e.input(op, 1);
        emitConv(e, op, w.data(), w.dim(0), w.dim(1), w.dim(2), w.dim(3), o.strideW(), o.strideH(), o.dilationW(),
                o.dilationH(), o.activation());
    }

    /**
     * A convolution (or a depthwise convolution with one input channel, lowered) with OHWI {@code weights}
     * [cout, kh, kw, cin], run by the kernel {@link KernelScratch#kernelOf} chooses.
     */
    static void emitConv(CEmission e, Operator op, byte[] weights, int cout, int kh, int kw, int cin, int strideW,
            int strideH, int dilationW, int dilationH, Activation activation) {
        Graph g = e.graph();
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        ConvGeometry geo = PackPlanner.geometry(g, op);
        String p = e.prefix(op);
        String quant = e.perChannelQuant(op, QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(),
                scale(out), cout));
        String b = e.bias(op, 2);
        e.data().append("static const pn_conv_params ").append(p).append("_params = {").append(-zp(in))
                .append(", ").append(zp(out)).append(", ").append(tile(strideW, strideH)).append(", ")
                .append(tile(geo.padW(), geo.padH())).append(", ").append(tile(dilationW, dilationH))
                .append(", ").append(CEmission.act(e.range(op, activation, out))).append("};\n");
        String id = e.dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String fd = e.dims(p + "_filter_dims", cout, kh, kw, cin);
        String od = e.dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        Kernel k = KernelScratch.kernelOf(g, op, e.pack());
        for (String src : List.of(k.sources())) {
            e.source(src);
        }
        String head = "&" + p + "_params, " + quant + ", " + id + ", " + e.in8(in.index()) + ", " + fd + ", ";
        String tail = b + ", " + od + ", " + e.out8(out.index()) + ", ";
        if (k == Kernel.CONV_FILTERLET) {
            PackedWeights pw = SparsePacker.filterlet(weights, cout, kh, kw, cin);
            e.intArray("uint16_t", p + "_mask", pw.maskWords());
            e.bytesArray(p + "_weights", pw.weights());
            String scratch = e.scratch(op, KernelScratch.of(k, cout, kh, kw, cin, strideW, out.dim(2)));
            e.call(op, k.function(), head + p + "_mask, " + pw.group() + ", " + p + "_weights, " + tail + scratch);
            return;
        }
        if (k == Kernel.CONV_1X1_BLOCK) {
            int bs = KernelScratch.format(op, e.pack()).blockSize();
            PackedWeights pw = SparsePacker.block(weights, cout, cin, bs);
            e.intArray("uint32_t", p + "_mask", pw.maskWords());
            e.bytesArray(p + "_weights", pw.weights());
            String scratch = e.scratch(op, KernelScratch.of(k, cout, cin, bs));
            e.call(op, k.function(), head + bs + ", " + p + "_mask, " + p + "_weights, " + tail + scratch);
            return;
        }
        e.bytesArray(p + "_weights", weights);
        String scratch = e.scratch(op, KernelScratch.of(k, cout, kh, kw, cin));
        e.call(op, k.function(), head + p + "_weights, " + tail + scratch);
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.convolution(op);
    }
}
