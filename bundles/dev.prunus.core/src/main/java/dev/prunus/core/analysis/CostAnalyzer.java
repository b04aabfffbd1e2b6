package dev.prunus.core.analysis;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ops.OperatorCatalogue;

/**
 * Parameters, multiply-accumulates and flash bytes of a graph.
 *
 * <p>MACs per inference ({@code N} = batch, output {@code [N, outH, outW, Cout]}, filter {@code kh x kw}):
 * <ul>
 * <li>CONV_2D: {@code N*outH*outW*Cout*kh*kw*Cin} (Cin from the filter {@code [Cout, kh, kw, Cin]})</li>
 * <li>DEPTHWISE_CONV_2D: {@code N*outH*outW*C*kh*kw} (C = output channels)</li>
 * <li>FULLY_CONNECTED: {@code batch*out*in} with the filter {@code [out, in]} and batch = output elements / out</li>
 * <li>UNIDIRECTIONAL_SEQUENCE_LSTM and LSTM: the gate matrix products, i.e. the elements of every present
 *     input-to-gate, recurrent-to-gate and projection weight matrix, times batch*time steps</li>
 * <li>every other operator (elementwise, pooling, reshape, softmax, ...): 0</li>
 * </ul>
 * Quantization parameters: CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED store one int32 multiplier and one int32
 * shift per output channel (per-channel weights) or once (per-tensor): 8 bytes each. Index bytes are 0 for the
 * dense layers read from a TFLite file; sparse packing reports its own.
 */
public final class CostAnalyzer {

    /** Bytes of requantization parameters per output channel: int32 multiplier + int32 shift. */
    public static final int QUANT_BYTES_PER_CHANNEL = 8;

    private CostAnalyzer() {
    }

    public static ModelCost analyze(Graph graph) {
        boolean[] counted = new boolean[graph.tensors().size()];
        java.util.List<OperatorCost> ops = new java.util.ArrayList<>();
        long macs = 0;
        long quant = 0;
        for (Operator op : graph.operators()) {
            OperatorCost c = operatorCost(graph, op, counted);
            ops.add(c);
            macs += c.macs();
            quant += c.quantBytes() + c.indexBytes();
        }
        long params = 0;
        long constBytes = 0;
        for (Tensor t : graph.tensors()) {
            if (t.isConstant()) {
                params += t.elementCount();
                constBytes += t.byteSize();
            }
        }
        return new ModelCost(ops, params, macs, constBytes + quant, 0);
    }

    /** Cost of one operator; {@code counted} marks constants already attributed to an earlier operator. */
    private static OperatorCost operatorCost(Graph g, Operator op, boolean[] counted) {
        long params = 0;
        long weightBytes = 0;
        long biasBytes = 0;
        boolean hasBias = op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D
                || op.type() == OpType.FULLY_CONNECTED;
        int[] in = op.inputs();
        for (int i = 0; i < in.length; i++) {
            if (in[i] < 0) {
                continue;
            }
            Tensor t = g.tensor(in[i]);
            if (!t.isConstant() || counted[in[i]]) {
                continue;
            }
            counted[in[i]] = true;
            params += t.elementCount();
            if (hasBias && i == 2) {
                biasBytes += t.byteSize();
            } else {
                weightBytes += t.byteSize();
            }
        }
        long quantBytes = 0;
        if (hasBias && in.length > 1 && in[1] >= 0) {
            Tensor w = g.tensor(in[1]);
            int channels = Math.max(1, w.quantization().channelCount());
            quantBytes = (long) QUANT_BYTES_PER_CHANNEL * (w.quantization().perChannel() ? channels : 1);
        }
        return new OperatorCost(op.index(), op.type(), op.displayName(), params, macs(g, op), weightBytes, biasBytes,
                quantBytes, 0);
    }

    /** Multiply-accumulates of one operator (formulas in the class comment); 0 when shapes are missing. */
    public static long macs(Graph g, Operator op) {
        if (op.outputCount() == 0) {
            return 0;
        }
        if (op.type() == OpType.LSTM) {
            // the plain LSTM (not run by Prunus) counts its gate products as the sequence LSTM does
            return OperatorCatalogue.of(OpType.UNIDIRECTIONAL_SEQUENCE_LSTM).macs(g, op);
        }
        return OperatorCatalogue.macs(g, op);
    }
}
