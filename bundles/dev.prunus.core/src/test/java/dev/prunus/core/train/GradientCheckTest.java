package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Padding;

/**
 * Backward of every operator against central finite differences of the forward pass, in float mode (no fake
 * quantization, fused activations as plain clamps). The loss is {@code sum(r * output)} with random r over a batch
 * of two samples; an element is skipped when its perturbation moves some value across a clamp (a kink of ReLU or
 * RELU6, where the derivative is undefined), which the pass flags reveal.
 */
class GradientCheckTest {

    private static final double EPS = 1e-2;

    private static OpOptions.Conv2DOptions conv(Padding p, int stride, Activation act) {
        return new OpOptions.Conv2DOptions(p, stride, stride, act, 1, 1);
    }

    @Test
    void conv2dSamePerChannelWithBias() {
        TinyModels m = new TinyModels(1);
        int x = m.act(1, 5, 5, 3);
        int w = m.weights(0, 4, 3, 3, 3);
        int y = m.act(1, 5, 5, 4);
        m.op(OpType.CONV_2D, new int[] {x, w, m.bias(w, x, 4)}, y, conv(Padding.SAME, 1, Activation.NONE));
        check(m.build(x, y), x(2 * 75, 1));
    }

    @Test
    void conv2dStrideTwoValidRelu6() {
        TinyModels m = new TinyModels(2);
        int x = m.act(1, 7, 6, 2);
        int w = m.weights(0, 3, 3, 2, 2);
        int y = m.act(1, 3, 3, 3);
        m.op(OpType.CONV_2D, new int[] {x, w, m.bias(w, x, 3)}, y, conv(Padding.VALID, 2, Activation.RELU6));
        check(m.build(x, y), x(2 * 84, 2));
    }

    @Test
    void conv2dStrideTwoSameReluDilatedAndOneByOne() {
        TinyModels m = new TinyModels(3);
        int x = m.act(1, 6, 6, 3);
        int w = m.weights(0, 4, 3, 3, 3);
        int h = m.act(1, 3, 3, 4);
        m.op(OpType.CONV_2D, new int[] {x, w, m.bias(w, x, 4)}, h, conv(Padding.SAME, 2, Activation.RELU));
        int w2 = m.weights(-1, 5, 1, 1, 4);
        int y = m.act(1, 3, 3, 5);
        m.op(OpType.CONV_2D, new int[] {h, w2, -1}, y, conv(Padding.SAME, 1, Activation.NONE));
        check(m.build(x, y), x(2 * 108, 3));
        TinyModels d = new TinyModels(4);
        int dx = d.act(1, 7, 7, 2);
        int dw = d.weights(0, 2, 3, 3, 2);
        int dy = d.act(1, 7, 7, 2);
        d.op(OpType.CONV_2D, new int[] {dx, dw, -1}, dy, new OpOptions.Conv2DOptions(Padding.SAME, 1, 1,
                Activation.NONE, 2, 2));
        check(d.build(dx, dy), x(2 * 98, 4));
    }

    @Test
    void depthwiseMultiplierOneAndTwo() {
        TinyModels m = new TinyModels(5);
        int x = m.act(1, 5, 5, 3);
        int w = m.weights(3, 1, 3, 3, 3);
        int y = m.act(1, 5, 5, 3);
        m.op(OpType.DEPTHWISE_CONV_2D, new int[] {x, w, m.bias(w, x, 3)}, y,
                new OpOptions.DepthwiseConv2DOptions(Padding.SAME, 1, 1, 1, Activation.NONE, 1, 1));
        check(m.build(x, y), x(2 * 75, 5));
        TinyModels d = new TinyModels(6);
        int dx = d.act(1, 6, 5, 2);
        int dw = d.weights(3, 1, 3, 3, 4);
        int dy = d.act(1, 2, 2, 4);
        d.op(OpType.DEPTHWISE_CONV_2D, new int[] {dx, dw, d.bias(dw, dx, 4)}, dy,
                new OpOptions.DepthwiseConv2DOptions(Padding.VALID, 2, 2, 2, Activation.RELU, 1, 1));
        check(d.build(dx, dy), x(2 * 60, 6));
    }

    @Test
    void fullyConnectedPerTensorAndOnRows() {
        TinyModels m = new TinyModels(7);
        int x = m.act(1, 12);
        int w = m.weights(-1, 5, 12);
        int y = m.act(1, 5);
        m.op(OpType.FULLY_CONNECTED, new int[] {x, w, m.bias(w, x, 5)}, y,
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        check(m.build(x, y), x(2 * 12, 7));
        TinyModels r = new TinyModels(8);
        int rx = r.act(1, 3, 4);
        int rw = r.weights(0, 2, 4);
        int ry = r.act(1, 3, 2);
        r.op(OpType.FULLY_CONNECTED, new int[] {rx, rw, -1}, ry,
                new OpOptions.FullyConnectedOptions(Activation.NONE, true, false));
        check(r.build(rx, ry), x(2 * 12, 8));
    }

    @Test
    void addOfTwoPathsFromOneTensor() {
        TinyModels m = new TinyModels(9);
        int x = m.act(1, 4, 4, 2);
        int w = m.weights(0, 2, 3, 3, 2);
        int c = m.act(1, 4, 4, 2);
        m.op(OpType.CONV_2D, new int[] {x, w, -1}, c, conv(Padding.SAME, 1, Activation.NONE));
        int y = m.act(1, 4, 4, 2);
        m.op(OpType.ADD, new int[] {x, c}, y, new OpOptions.AddOptions(Activation.NONE));
        check(m.build(x, y), x(2 * 32, 9));
    }

    @Test
    void averagePoolValidAndSameWithEdges() {
        TinyModels m = new TinyModels(10);
        int x = m.act(1, 5, 5, 2);
        int y = m.act(1, 5, 5, 2);
        m.op(OpType.AVERAGE_POOL_2D, new int[] {x}, y, new OpOptions.Pool2DOptions(Padding.SAME, 1, 1, 3, 3,
                Activation.NONE));
        check(m.build(x, y), x(2 * 50, 10));
        TinyModels v = new TinyModels(11);
        int vx = v.act(1, 4, 4, 3);
        int vy = v.act(1, 2, 2, 3);
        v.op(OpType.AVERAGE_POOL_2D, new int[] {vx}, vy, new OpOptions.Pool2DOptions(Padding.VALID, 2, 2, 2, 2,
                Activation.NONE));
        check(v.build(vx, vy), x(2 * 48, 11));
    }

    @Test
    void maxPool() {
        TinyModels m = new TinyModels(12);
        int x = m.act(1, 4, 4, 3);
        int y = m.act(1, 2, 2, 3);
        m.op(OpType.MAX_POOL_2D, new int[] {x}, y, new OpOptions.Pool2DOptions(Padding.VALID, 2, 2, 2, 2,
                Activation.NONE));
        // Distinct values 0.05 apart: a perturbation of EPS never changes which element is the maximum.
        float[] in = new float[2 * 48];
        int[] order = permutation(in.length, 12);
        for (int i = 0; i < in.length; i++) {
            in[i] = -1f + 0.05f * order[i];
        }
        check(m.build(x, y), in);
    }

    @Test
    void reshapeThenFullyConnectedThenSoftmax() {
        TinyModels m = new TinyModels(13);
        int x = m.act(1, 2, 2, 3);
        int r = m.act(1, 12);
        m.op(OpType.RESHAPE, new int[] {x, m.int32(new int[] {2}, 1, 12)}, r, new OpOptions.ReshapeOptions(
                new int[] {1, 12}));
        int w = m.weights(0, 4, 12);
        int z = m.act(1, 4);
        m.op(OpType.FULLY_CONNECTED, new int[] {r, w, m.bias(w, r, 4)}, z,
                new OpOptions.FullyConnectedOptions(Activation.NONE, false, false));
        int y = m.act(1f / 256, -128, 1, 4);
        m.op(OpType.SOFTMAX, new int[] {z}, y, new OpOptions.SoftmaxOptions(1f));
        check(m.build(x, y), x(2 * 12, 13));
    }

    @Test
    void meanOverHeightAndWidth() {
        TinyModels m = new TinyModels(14);
        int x = m.act(1, 3, 4, 2);
        int y = m.act(1, 1, 1, 2);
        m.op(OpType.MEAN, new int[] {x, m.int32(new int[] {2}, 1, 2)}, y, new OpOptions.ReducerOptions(true));
        check(m.build(x, y), x(2 * 24, 14));
    }

    @Test
    void padThenConv() {
        TinyModels m = new TinyModels(15);
        int x = m.act(1, 3, 3, 2);
        int p = m.act(1, 5, 5, 2);
        m.op(OpType.PAD, new int[] {x, m.int32(new int[] {4, 2}, 0, 0, 1, 1, 2, 0, 0, 0)}, p,
                new OpOptions.EmptyOptions(1));
        int w = m.weights(0, 2, 3, 3, 2);
        int y = m.act(1, 3, 3, 2);
        m.op(OpType.CONV_2D, new int[] {p, w, -1}, y, conv(Padding.VALID, 1, Activation.NONE));
        check(m.build(x, y), x(2 * 18, 15));
    }

    @Test
    void concatenationOfInputAndConv() {
        TinyModels m = new TinyModels(16);
        int x = m.act(1, 3, 3, 2);
        int w = m.weights(0, 3, 1, 1, 2);
        int c = m.act(1, 3, 3, 3);
        m.op(OpType.CONV_2D, new int[] {x, w, -1}, c, conv(Padding.SAME, 1, Activation.NONE));
        int y = m.act(1, 3, 3, 5);
        m.op(OpType.CONCATENATION, new int[] {c, x}, y, new OpOptions.ConcatenationOptions(3, Activation.NONE));
        check(m.build(x, y), x(2 * 18, 16));
    }

    @Test
    void quantizeReluRelu6AndDequantize() {
        TinyModels m = new TinyModels(17);
        int x = m.act(1, 20);
        int q = m.act(0.1f, 3, 1, 20);
        m.op(OpType.QUANTIZE, new int[] {x}, q, OpOptions.NoOptions.INSTANCE);
        int r = m.act(1, 20);
        m.op(OpType.RELU, new int[] {q}, r, OpOptions.NoOptions.INSTANCE);
        int r6 = m.act(1, 20);
        m.op(OpType.RELU6, new int[] {r}, r6, OpOptions.NoOptions.INSTANCE);
        int f = m.floatAct(1, 20);
        m.op(OpType.DEQUANTIZE, new int[] {r6}, f, OpOptions.NoOptions.INSTANCE);
        // Values away from the kinks at 0 and 6.
        float[] in = new float[40];
        SplittableRandom r0 = new SplittableRandom(17);
        for (int i = 0; i < in.length; i++) {
            double v = 0.2 + r0.nextDouble() * 5.5;
            in[i] = (float) (i % 3 == 0 ? -v : i % 3 == 1 ? v : v + 1.0);
        }
        check(m.build(x, f), in);
    }

    // ------------------------------------------------------------------------------------------ harness
    private static float[] x(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static int[] permutation(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Checks input and parameter gradients of the whole model (its output is the loss's input). */
    private static void check(Model model, float[] input) {
        int n = 2;
        Trainer t = Trainer.create(model, null, TrainOptions.DEFAULTS.withQuantization(false, false, 0.9)
                .withThreads(1).withBatchSize(n));
        Network net = t.network();
        net.prepare(false);
        Workspace ws = net.workspace(n);
        ws.inputGrad = true;
        int nodes = net.nodeCount();
        int outSize = n * net.perSample[net.output];
        assertEquals(input.length, n * net.perSample[net.input], "test input size");
        float[] r = x(outSize, 99);
        net.setInput(ws, input, n);
        net.forward(ws, n, nodes, false);
        ws.clearParamGrads();
        net.backward(ws, n, nodes, r);
        float[] dx = ws.grad[net.input].clone();
        float[][] dp = new float[net.params.size()][];
        for (int i = 0; i < dp.length; i++) {
            Param p = net.params.get(i);
            dp[i] = new float[p.value.length];
            for (int row = 0; row < p.rowCount; row++) {
                System.arraycopy(ws.paramGrad[i][row], 0, dp[i], row * p.cols, p.cols);
            }
        }
        long baseline = signature(net, ws, n);
        SplittableRandom pick = new SplittableRandom(5);
        float[] x = input.clone();
        int checked = 0;
        for (int k = 0; k < Math.min(24, x.length); k++) {
            int i = pick.nextInt(x.length);
            float old = x[i];
            x[i] = (float) (old + EPS);
            double plus = loss(net, ws, x, r, n);
            long sPlus = signature(net, ws, n);
            x[i] = (float) (old - EPS);
            double minus = loss(net, ws, x, r, n);
            long sMinus = signature(net, ws, n);
            x[i] = old;
            if (sPlus == baseline && sMinus == baseline) {
                compare("input element " + i, dx[i], (plus - minus) / (2 * EPS));
                checked++;
            }
        }
        assertTrue(checked >= 8, "too few input elements away from kinks: " + checked);
        for (int pi = 0; pi < dp.length; pi++) {
            Param p = net.params.get(pi);
            int done = 0;
            for (int k = 0; k < Math.min(24, p.value.length); k++) {
                int i = pick.nextInt(p.value.length);
                float old = p.value[i];
                p.value[i] = (float) (old + EPS);
                double plus = loss(net, ws, input, r, n);
                long sPlus = signature(net, ws, n);
                p.value[i] = (float) (old - EPS);
                double minus = loss(net, ws, input, r, n);
                long sMinus = signature(net, ws, n);
                p.value[i] = old;
                if (sPlus == baseline && sMinus == baseline) {
                    compare(p + " element " + i, dp[pi][i], (plus - minus) / (2 * EPS));
                    done++;
                }
            }
            net.prepare(false);
            assertTrue(done >= Math.min(4, p.value.length), "too few elements of " + p + " away from kinks: " + done);
        }
    }

    private static void compare(String what, double analytic, double numeric) {
        double tolerance = 3e-3 + 2e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
        assertTrue(Math.abs(analytic - numeric) <= tolerance, what + ": backward " + analytic + ", finite differences "
                + numeric);
    }

    private static double loss(Network net, Workspace ws, float[] x, float[] r, int n) {
        net.prepare(false);
        net.setInput(ws, x, n);
        net.forward(ws, n, net.nodeCount(), false);
        float[] y = ws.val[net.output];
        double l = 0;
        for (int i = 0; i < r.length; i++) {
            l += (double) r[i] * y[i];
        }
        return l;
    }

    /** Which values were clamped (the pass flags of every tensor). */
    private static long signature(Network net, Workspace ws, int n) {
        long h = 1;
        for (int t = 0; t < ws.pass.length; t++) {
            if (ws.pass[t] != null) {
                for (int i = 0; i < n * net.perSample[t]; i++) {
                    h = h * 31 + ws.pass[t][i];
                }
            }
        }
        return h;
    }
}
