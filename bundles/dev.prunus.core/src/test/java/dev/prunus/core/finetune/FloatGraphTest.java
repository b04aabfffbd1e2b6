package dev.prunus.core.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Quantization;

/** The float shadow's backward pass against finite differences, and its forward pass against the interpreter. */
class FloatGraphTest {

    /**
     * Every parameter gradient of the distillation loss (KL at T=2 plus logit MSE) through FC, pools, ADD, 1x1
     * conv, depthwise (multiplier 2) and a strided 3x3 conv matches central differences in float64 (exact floats,
     * no rounding).
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        Model m = TinyGraphs.build(7);
        List<Param> params = FloatGraph.params(m.main());
        FloatGraph g = new FloatGraph(m.main(), params, false);
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[7 * 7 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        double[] target = {1.5, -0.5, 0.3, 2.0, -1.0};
        FineTuner.Loss loss = new FineTuner.Loss(true, 5, 2);
        g.setInputReal(x);
        double[] d = new double[5];
        loss.apply(g.forward(null).clone(), target, d);
        g.clearParamGrad();
        g.backward(d, null);
        int checked = 0;
        for (int pi = 0; pi < params.size(); pi++) {
            Param p = params.get(pi);
            double largest = 0;
            for (int k = 0; k < Math.min(40, p.value.length); k++) {
                int i = k * 7919 % p.value.length;
                double old = p.used[i];
                double eps = 1e-6;
                p.used[i] = old + eps;
                double up = loss.apply(g.forward(null).clone(), target, new double[5]);
                p.used[i] = old - eps;
                double down = loss.apply(g.forward(null).clone(), target, new double[5]);
                p.used[i] = old;
                double fd = (up - down) / (2 * eps);
                double an = g.paramGrad[pi][i];
                assertEquals(fd, an, 1e-6 + 1e-5 * Math.abs(fd), "param " + pi + " (tensor " + p.tensor + ") element "
                        + i);
                largest = Math.max(largest, Math.abs(an));
                checked++;
            }
            assertTrue(largest > 1e-4, "parameter " + pi + " gets a gradient");
        }
        assertTrue(checked > 150, "checked " + checked);
    }

    /** With fake quantization the shadow's logits are the interpreter's, up to a few int8 steps. */
    @Test
    void fakeQuantizedForwardTracksTheInterpreter() {
        Model m = TinyGraphs.build(11);
        List<Param> params = FloatGraph.params(m.main());
        params.forEach(p -> p.refresh(true));
        FloatGraph g = new FloatGraph(m.main(), params, true);
        Interpreter interp = Interpreter.create(m);
        int logits = g.logits;
        Quantization q = m.main().tensor(logits).quantization();
        double worst = 0;
        for (byte[] rec : TinyGraphs.records(20, 5)) {
            byte[][] seen = new byte[1][];
            interp.run(new byte[][] {rec}, (op, t, bytes) -> {
                if (t == logits) {
                    seen[0] = bytes;
                }
            });
            g.setInput(rec);
            double[] s = g.forward(null);
            for (int i = 0; i < s.length; i++) {
                worst = Math.max(worst, Math.abs(s[i] - q.scale(0) * (seen[0][i] - q.zeroPoint(0))));
            }
        }
        assertTrue(worst <= 3 * q.scale(0) + 1e-9, "largest logit difference " + worst + " (scale " + q.scale(0) + ")");
    }
}
