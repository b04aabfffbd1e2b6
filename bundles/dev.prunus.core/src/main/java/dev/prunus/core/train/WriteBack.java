package dev.prunus.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;

/**
 * Trained float values back into the int8 model: same operators, tensors and shapes. Weights are rounded exactly as
 * the fake quantization rounded them (symmetric int8, per-channel scale kept unless the channel outgrew it, masked
 * weights exactly 0); biases become int32 at scale {@code input scale * weight scale[channel]} as TFLite does, with
 * the input scale the activation ranges give; re-estimated activation ranges replace the tensors' scale and zero
 * point. What did not change keeps its exact bytes and quantization.
 */
final class WriteBack {

    private WriteBack() {
    }

    static Model write(Model model, Network net) {
        Graph g = model.main();
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        for (int t = 0; t < tensors.size(); t++) {
            RangeGroup r = net.groupOf[t];
            if (r != null && r.updated && !r.fixed) {
                Quantization old = tensors.get(t).quantization();
                tensors.set(t, tensors.get(t).withQuantization(new Quantization(new float[] {r.scale},
                        new long[] {r.zeroPoint}, old.quantizedDimension())));
            }
        }
        for (Operator op : g.operators()) {
            if (op.type() != OpType.CONV_2D && op.type() != OpType.DEPTHWISE_CONV_2D
                    && op.type() != OpType.FULLY_CONNECTED) {
                continue;
            }
            Param w = net.param(op.inputIndex(1));
            if (w == null) {
                continue;
            }
            Quantization wq = writeWeights(w, tensors);
            Param b = op.inputIndex(2) >= 0 ? net.param(op.inputIndex(2)) : null;
            if (b != null) {
                Quantization oldIn = g.tensor(op.inputIndex(0)).quantization();
                Quantization newIn = tensors.get(op.inputIndex(0)).quantization();
                boolean same = wq.equals(w.original) && oldIn.equals(newIn);
                writeBias(b, newIn.scale(0), wq, same, tensors);
            }
        }
        return model.withMain(g.withTensors(tensors));
    }

    private static Quantization writeWeights(Param w, List<Tensor> tensors) {
        float[] max = new float[w.scales.length];
        for (int i = 0; i < w.value.length; i++) {
            int c = w.channelOf(i);
            max[c] = Math.max(max[c], Math.abs(w.value[i]));
        }
        float[] scales = new float[max.length];
        for (int c = 0; c < max.length; c++) {
            scales[c] = Param.keptScale(w.original.scale(w.channelAxis < 0 ? 0 : c), max[c]);
        }
        byte[] q = new byte[w.value.length];
        for (int i = 0; i < q.length; i++) {
            if (w.keep != null && !w.keep[i]) {
                continue; // the zero pattern is the pruning: keep it exactly
            }
            float s = scales[w.channelOf(i)];
            q[i] = (byte) Math.max(-127f, Math.min(127f, (float) Math.rint(w.value[i] / s)));
        }
        boolean sameScales = true;
        for (int c = 0; c < scales.length; c++) {
            sameScales &= scales[c] == w.original.scale(w.channelAxis < 0 ? 0 : c);
        }
        Quantization wq = sameScales ? w.original
                : new Quantization(scales, new long[scales.length], w.original.quantizedDimension());
        tensors.set(w.tensor, tensors.get(w.tensor).withData(q).withQuantization(wq));
        return wq;
    }

    private static void writeBias(Param b, float inputScale, Quantization wq, boolean unchanged, List<Tensor> tensors) {
        int n = b.value.length;
        boolean perChannel = wq.perChannel();
        if (perChannel && wq.channelCount() != n) {
            throw new TrainingException("bias " + tensors.get(b.tensor) + " has " + n + " values but its weights have "
                    + wq.channelCount() + " scales");
        }
        float[] scales = new float[perChannel ? n : 1];
        for (int c = 0; c < scales.length; c++) {
            // float product first: the kernels derive their multipliers from the float scales the file stores
            scales[c] = unchanged ? b.original.scale(c) : (float) ((double) inputScale * wq.scale(c));
        }
        ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer stored = ByteBuffer.wrap(tensors.get(b.tensor).data()).order(ByteOrder.LITTLE_ENDIAN);
        for (int o = 0; o < n; o++) {
            if (b.keep != null && !b.keep[o]) {
                continue;
            }
            if (unchanged && b.value[o] == b.initial[o]) {
                // Large int32 biases (beyond 2^24) do not survive a float: an untouched one keeps its code.
                out.putInt(o * 4, stored.getInt(o * 4));
                continue;
            }
            double v = Math.round(b.value[o] / (double) scales[perChannel ? o : 0]);
            out.putInt(o * 4, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        Quantization q = unchanged ? b.original
                : new Quantization(scales, new long[scales.length], b.original.quantizedDimension());
        Tensor old = tensors.get(b.tensor);
        if (!Arrays.equals(old.data(), out.array()) || !q.equals(old.quantization())) {
            tensors.set(b.tensor, old.withData(out.array()).withQuantization(q));
        }
    }
}
