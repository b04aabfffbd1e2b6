package dev.prunus.core.testing;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import java.util.List;

/**
 * Test-only model surgery built on the IR's withers: removes one output channel of a CONV_2D and follows it
 * through a DEPTHWISE_CONV_2D into the next CONV_2D's input channels, the way channel pruning will. It handles
 * exactly that chain (enough for the DS-CNN and MobileNet shared models) and fails loudly otherwise.
 */
public final class ModelEdits {

    private ModelEdits() {
    }

    /** Removes output channel {@code channel} of CONV_2D operator {@code convIndex} and its downstream uses. */
    public static Model removeConvChannel(Model model, int convIndex, int channel) {
        Graph g = model.main();
        Operator conv = g.operator(convIndex);
        require(conv.type() == OpType.CONV_2D, conv + " is not a CONV_2D");
        g = dropSlice(g, conv.inputIndex(1), 0, channel);
        g = dropSlice(g, conv.inputIndex(2), 0, channel);
        int act = conv.outputIndex(0);
        g = dropActivationChannel(g, act, channel);
        List<Operator> consumers = g.consumersOf(act);
        require(consumers.size() == 1, "channel " + channel + " of " + conv + " feeds " + consumers.size() + " operators");
        Operator dw = consumers.get(0);
        require(dw.type() == OpType.DEPTHWISE_CONV_2D, conv + " is not followed by a DEPTHWISE_CONV_2D");
        g = dropSlice(g, dw.inputIndex(1), 3, channel);
        g = dropSlice(g, dw.inputIndex(2), 0, channel);
        int dwOut = dw.outputIndex(0);
        g = dropActivationChannel(g, dwOut, channel);
        List<Operator> next = g.consumersOf(dwOut);
        require(next.size() == 1 && next.get(0).type() == OpType.CONV_2D, dw + " is not followed by one CONV_2D");
        g = dropSlice(g, next.get(0).inputIndex(1), 3, channel);
        return model.withMain(g);
    }

    /**
     * Zeroes filterlets of every KxK CONV_2D (K &gt; 1) so that channels o with the same o / {@code group} share one
     * tap mask: tap t of channel o stays when {@code (t + o / group) % keepEvery == 0}, a different tap per group.
     */
    public static Graph groupPrunedFilterlets(Graph g, int group, int keepEvery) {
        for (Operator op : g.operators()) {
            Tensor w = op.type() == OpType.CONV_2D ? g.tensor(op.inputIndex(1)) : null;
            if (w == null || w.dim(1) * w.dim(2) <= 1) {
                continue;
            }
            byte[] d = w.data();
            int taps = w.dim(1) * w.dim(2);
            int cin = w.dim(3);
            for (int o = 0; o < w.dim(0); o++) {
                for (int t = 0; t < taps; t++) {
                    if ((t + o / group) % keepEvery != 0) {
                        java.util.Arrays.fill(d, (o * taps + t) * cin, (o * taps + t + 1) * cin, (byte) 0);
                    }
                }
            }
            g = g.withTensor(w.withData(d));
        }
        return g;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static Graph dropActivationChannel(Graph g, int tensorIndex, int channel) {
        Tensor t = g.tensor(tensorIndex);
        int[] shape = t.shape();
        shape[shape.length - 1]--;
        return g.withTensor(t.withShape(shape));
    }

    /** Removes index {@code channel} along {@code axis} from a constant tensor, with its per-channel scale. */
    private static Graph dropSlice(Graph g, int tensorIndex, int axis, int channel) {
        Tensor t = g.tensor(tensorIndex);
        int n = t.shape()[axis];
        int[] keep = new int[n - 1];
        for (int c = 0, k = 0; c < n; c++) {
            if (c != channel) {
                keep[k++] = c;
            }
        }
        return g.withTensor(t.selectAlong(axis, keep));
    }
}
