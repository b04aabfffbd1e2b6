package dev.prunus.core.prune;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pipeline.Progress;

/**
 * Unit and channel importance. Two criteria:
 * <ul>
 * <li><b>magnitude</b>, in real units: a unit's score is the sum of {@code (scale[o] * q)^2} over its weights, so
 *     that channels with different per-channel scales compare fairly (raw int8 magnitudes would not);</li>
 * <li><b>activation-aware</b>, from calibration inputs: a unit's score is the energy it adds to the layer's output
 *     over the calibration set, {@code E[(w_u . x_u)^2] = w_u^T R w_u} with {@code R = E[x x^T]} the second moment
 *     of the layer's input channels (features for FC), measured by running the model.</li>
 * </ul>
 * A channel of a space scores the energy it feeds into the layers that read it, each reader normalised by its own
 * total, so that one large layer does not decide for all.
 */
final class Importance {

    /** Per layer (by layer position): the input second moment matrix, or null without calibration data. */
    final double[][][] moments;
    final boolean activationAware;

    private Importance(double[][][] moments, boolean activationAware) {
        this.moments = moments;
        this.activationAware = activationAware;
    }

    static Importance magnitude(PrunableGraph pg) {
        return new Importance(new double[pg.layers.size()][][], false);
    }

    /** Measures input second moments of every maskable layer over (at most 64 of) the calibration records. */
    static Importance measure(Model model, PrunableGraph pg, List<byte[]> calibration, Progress progress) {
        if (calibration.isEmpty()) {
            return magnitude(pg);
        }
        List<byte[]> recs = calibration.subList(0, Math.min(64, calibration.size()));
        Set<Integer> wanted = new HashSet<>();
        for (PrunableGraph.Layer l : pg.layers) {
            if (l.maskable()) {
                wanted.add(l.input);
            }
        }
        List<Map<Integer, byte[]>> cap = Tracer.capture(Interpreter.create(model), recs, wanted, false, progress);
        double[][][] m = new double[pg.layers.size()][][];
        for (int li = 0; li < pg.layers.size(); li++) {
            PrunableGraph.Layer l = pg.layers.get(li);
            if (!l.maskable()) {
                continue;
            }
            progress.checkCanceled();
            Patches p = new Patches(pg.graph, l);
            int c = l.cin;
            double[][] r = new double[c][c];
            double[] x = new double[p.length];
            int[] pos = p.sample(Math.max(16, 8192 / recs.size()));
            long count = 0;
            int tapOffset = (l.kh / 2 * l.kw + l.kw / 2) * c; // the centre tap: channel statistics without padding bias
            for (Map<Integer, byte[]> rec : cap) {
                byte[] in = rec.get(l.input);
                for (int q : pos) {
                    p.patch(in, q, x);
                    for (int i = 0; i < c; i++) {
                        double xi = x[tapOffset + i];
                        if (xi == 0) {
                            continue;
                        }
                        double[] row = r[i];
                        for (int j = 0; j < c; j++) {
                            row[j] += xi * x[tapOffset + j];
                        }
                    }
                    count++;
                }
            }
            for (double[] row : r) {
                for (int j = 0; j < c; j++) {
                    row[j] /= Math.max(1, count);
                }
            }
            m[li] = r;
        }
        return new Importance(m, true);
    }

    /** Scores of the units of one layer (see {@link Units}); {@code w} are the layer's real weights. */
    double[] unitScores(int layerPos, PrunableGraph.Layer l, Units.Kind kind, int block, double[] w) {
        int n = Units.count(l, kind, block);
        double[] s = new double[n];
        double[][] r = moments[layerPos];
        for (int u = 0; u < n; u++) {
            int a = Units.from(l, kind, block, u);
            int b = Units.to(l, kind, block, u);
            double score = 0;
            if (r == null) {
                for (int i = a; i < b; i++) {
                    score += w[i] * w[i];
                }
            } else {
                for (int i = a; i < b; i++) {
                    int ci = Units.inOf(l, i);
                    double acc = 0;
                    for (int j = a; j < b; j++) {
                        acc += r[ci][Units.inOf(l, j)] * w[j];
                    }
                    score += w[i] * acc;
                }
            }
            s[u] = score;
        }
        return s;
    }

    /** Scores of the channels of a space. */
    double[] channelScores(PrunableGraph pg, PrunableGraph.Space space, double[][] realWeights) {
        int c = space.channels;
        double[] score = new double[c];
        for (int op : space.sinks) {
            int li = pg.layerOfOp[op];
            PrunableGraph.Layer l = pg.layers.get(li);
            double[] w = realWeights[li];
            double[] part = new double[c];
            double[][] r = moments[li];
            for (int i = 0; i < w.length; i++) {
                int feature = Units.inOf(l, i);
                double e = w[i] * w[i] * (r == null ? 1.0 : Math.max(r[feature][feature], 0));
                part[l.type == dev.prunus.core.ir.OpType.FULLY_CONNECTED ? feature % c : feature] += e;
            }
            addNormalised(score, part);
        }
        if (!activationAware || space.sinks.isEmpty()) {
            for (int op : space.sources) {
                int li = pg.layerOfOp[op];
                PrunableGraph.Layer l = pg.layers.get(li);
                double[] w = realWeights[li];
                double[] part = new double[c];
                for (int i = 0; i < w.length; i++) {
                    part[Units.rowOf(l, i)] += w[i] * w[i];
                }
                addNormalised(score, part);
            }
        }
        return score;
    }

    private static void addNormalised(double[] score, double[] part) {
        double total = 0;
        for (double v : part) {
            total += v;
        }
        if (total <= 0) {
            return;
        }
        for (int i = 0; i < part.length; i++) {
            score[i] += part[i] / total;
        }
    }
}
