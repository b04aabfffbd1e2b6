package dev.prunus.core.ops;

import static dev.prunus.core.codegen.CEmission.scale;
import static dev.prunus.core.codegen.CEmission.zp;

import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.interp.kernels.FullyConnected;
import dev.prunus.core.interp.kernels.Requant;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ir.OpOptions.FullyConnectedOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackedWeights;
import dev.prunus.core.pack.SparsePacker;
import dev.prunus.core.quant.QuantMath;

import java.util.List;

/** FULLY_CONNECTED: [units, k] int8 weights, per-tensor or per-channel; dense or block-sparse kernel. */
final class FullyConnectedOp implements OperatorDefinition {

    // FullyConnectedOptions: union code 8, field ids of the schema's table.
    private static final int ACTIVATION = 0, WEIGHTS_FORMAT = 1, KEEP_NUM_DIMS = 2, ASYMMETRIC_QUANTIZE_INPUTS = 3,
            QUANTIZED_BIAS_TYPE = 4;

    static final OptionsCodec OPTIONS = OptionsCodec.of(8, FullyConnectedOptions.class,
            t -> new FullyConnectedOptions(t.activation(ACTIVATION), t.getBool(KEEP_NUM_DIMS, "keep_num_dims", false),
                    t.getBool(ASYMMETRIC_QUANTIZE_INPUTS, "asymmetric_quantize_inputs", false),
                    t.getUbyte(WEIGHTS_FORMAT, "weights_format", 0),
                    t.getUbyte(QUANTIZED_BIAS_TYPE, "quantized_bias_type", 0)),
            (b, o) -> {
                b.start(5);
                b.addByte(ACTIVATION, o.activation().tfliteCode(), 0);
                b.addByte(WEIGHTS_FORMAT, o.weightsFormat(), 0);
                b.addBool(KEEP_NUM_DIMS, o.keepNumDims(), false);
                b.addBool(ASYMMETRIC_QUANTIZE_INPUTS, o.asymmetricQuantizeInputs(), false);
                b.addByte(QUANTIZED_BIAS_TYPE, o.quantizedBiasType(), 0);
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        OpOptions.FullyConnectedOptions o = c.options(OpOptions.FullyConnectedOptions.class);
        Tensor in = c.input(0, TensorType.INT8, -1);
        Tensor w = c.constInput(1, TensorType.INT8, 2);
        Tensor bias = c.optionalConstInput(2, TensorType.INT32);
        Tensor out = c.output(0, TensorType.INT8, -1);
        int outDepth = w.shape()[0];
        int accum = w.shape()[1];
        if (in.elementCount() % accum != 0 || out.elementCount() % outDepth != 0
                || in.elementCount() / accum != out.elementCount() / outDepth) {
            throw c.fail(in.index(), "input " + in + " does not fit weights " + w + " and output " + out);
        }
        if (o.weightsFormat() != 0) {
            throw c.fail(w.index(), "shuffled FULLY_CONNECTED weights (format " + o.weightsFormat()
                    + ") are not supported; only the default format is");
        }
        int batches = in.elementCount() / accum;
        Quantization wq = w.quantization();
        QuantMath.Multiplier[] ms;
        if (wq.perChannel()) {
            ms = QuantMath.perChannelMultipliers(c.scale(in), c.filterScales(w, outDepth, 0), c.scale(out), outDepth);
        } else {
            ms = new QuantMath.Multiplier[] {
                QuantMath.fullyConnectedMultiplier(c.scale(in), c.scale(w), c.scale(out))};
        }
        Requant rq = Requant.of(ms, c.zp(out), c.activation(o.activation(), out));
        FullyConnected k = new FullyConnected(batches, accum, outDepth, w.data(), wq.perChannel() ? 0 : -c.zp(w),
                bias == null ? null : c.ints(bias), -c.zp(in), rq);
        s.addInt8Step(op, in, out, (x, y, scratch) -> k.run(x, 0, y, 0, scratch), k.scratchSize());
    }

    /** {@code batch*out*in} with the filter {@code [out, in]} and batch = output elements / out. */
    @Override
    public long macs(Graph g, Operator op) {
        Tensor filter = op.input(g, 1);
        Tensor out = op.output(g, 0);
        if (filter == null || filter.rank() != 2 || filter.dim(0) == 0) {
            return 0;
        }
        long batch = out.elementCount() / filter.dim(0);
        return batch * filter.dim(0) * filter.dim(1);
    }

    @Override
    public int scratchBytes(Graph g, Operator op, PackPlan pack) {
        if (g.tensor(op.outputIndex(0)).type() == TensorType.FLOAT32) {
            return 0; // a mixed model's float front end: pn_fully_connected_f32 needs no scratch
        }
        Kernel k = KernelScratch.kernelOf(g, op, pack);
        Tensor w = g.tensor(op.inputIndex(1));
        if (k == Kernel.FULLY_CONNECTED_BLOCK) {
            return KernelScratch.of(k, w.dim(0), w.dim(1), KernelScratch.format(op, pack).blockSize());
        }
        return KernelScratch.of(k, w.dim(0), 1, 1, w.dim(1));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        if (FloatKernels.isFloat(e, op)) {
            FloatKernels.fullyConnected(e, op, op.options(OpOptions.FullyConnectedOptions.class).activation());
            return;
        }
        Tensor w = e.input(op, 1);
        int units = w.dim(0);
        int k = w.dim(1);
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        String p = e.prefix(op);
        int batches = in.elementCount() / k;
        boolean perChannel = w.quantization().perChannel();
        QuantMath.Multiplier[] ms = perChannel
                ? QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(), scale(out), units)
                : new QuantMath.Multiplier[] {QuantMath.fullyConnectedMultiplier(scale(in), scale(w), scale(out))};
        String b = e.bias(op, 2);
        e.data().append("static const pn_fc_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(perChannel ? 0 : -zp(w)).append(", ").append(zp(out)).append(", ")
                .append(CEmission.act(e.range(op, op.options(OpOptions.FullyConnectedOptions.class).activation(), out)))
                .append("};\n");
        String id = e.dims(p + "_in_dims", batches, 1, 1, k);
        String fd = e.dims(p + "_filter_dims", units, 1, 1, k);
        String od = e.dims(p + "_out_dims", batches, 1, 1, units);
        Kernel kern = KernelScratch.kernelOf(e.graph(), op, e.pack());
        for (String src : List.of(kern.sources())) {
            e.source(src);
        }
        String tail = b + ", " + od + ", " + e.out8(out.index()) + ", ";
        if (kern == Kernel.FULLY_CONNECTED_BLOCK) {
            int bs = KernelScratch.format(op, e.pack()).blockSize();
            String quant = e.perChannelQuant(op, ms);
            PackedWeights pw = SparsePacker.block(w.data(), units, k, bs);
            e.intArray("uint32_t", p + "_mask", pw.maskWords());
            e.bytesArray(p + "_weights", pw.weights());
            String scratch = e.scratch(op, KernelScratch.of(kern, units, k, bs));
            e.call(op, kern.function(), "&" + p + "_params, " + quant + ", " + (perChannel ? 1 : 0) + ", " + id
                    + ", " + e.in8(in.index()) + ", " + fd + ", " + bs + ", " + p + "_mask, " + p + "_weights, "
                    + tail + scratch);
            return;
        }
        e.bytesArray(p + "_weights", w.data());
        String quant;
        if (perChannel) {
            quant = e.perChannelQuant(op, ms);
        } else {
            e.data().append("static const pn_quant ").append(p).append("_quant = {").append(ms[0].multiplier())
                    .append(", ").append(ms[0].shift()).append("};\n");
            quant = "&" + p + "_quant";
        }
        String scratch = e.scratch(op, KernelScratch.of(kern, units, 1, 1, k));
        e.call(op, kern.function(), "&" + p + "_params, " + quant + ", " + id + ", " + e.in8(in.index()) + ", "
                + fd + ", " + p + "_weights, " + tail + scratch);
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.fullyConnected(op);
    }
}
