package dev.prunus.core.prune;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.progress.Progress;

/**
 * Unit and channel importance. Two criteria:
 * <ul>
 * <li><b>magnitude</b>, in real units: a unit's score is the sum of {@code (scale[o] * q)^2} over its weights, so
 *     that channels with different per-channel scales compare fairly (raw int8 magnitudes would not);</li>
 * <li><b>activation-aware</b>, from calibration inputs: a unit's score is the energy it adds to the layer's output
 *     over the calibration set, {@code E[(w_u . x_u)^2] = w_u^T R w_u} with {@code R = E[x x^T]} the second moment
 *     of the layer's input channels (features for FC), measured by running the model.</li>
 * </ul>
 * With calibration data and a patch of at most {@link #MAX_HESSIAN} values, units of a conv / FC layer are scored
 * by the optimal-brain-surgeon criterion on the damped patch Hessian (the output error left after removing the
 * unit and optimally correcting the rest of its row), filterlets by a sequential, row-wise version of it.
 * A channel of a space scores the energy it feeds into the layers that read it, each reader normalised by its own
 * total, so that one large layer does not decide for all.
 */
final class Importance {

    /** Per layer (by layer position): the input second moment matrix, or null without calibration data. */
    final double[][][] moments;
    /**
     * Per layer: the inverse of the damped patch Hessian {@code H = E[p p^T] + lambda I} (p = the layer's real input
     * patch), or null when there is no calibration data or the patch is longer than {@link #MAX_HESSIAN}.
     */
    final double[][][] inverseHessians;
    final boolean activationAware;

    /** Longest patch whose Hessian is inverted (cost grows with its cube). */
    static final int MAX_HESSIAN = 1200;
    /**
     * Largest unit scored one at a time by the optimal-brain-surgeon criterion (single weights, 4-weight blocks).
     * Filterlets (all Cin weights of a tap) use the sequential pass of {@link #sequentialFilterletScores}:
     * neighbouring taps are so correlated that scored one at a time, removing several costs far more than the sum
     * of their scores (pretrainedResnet_quant, filterlet 0.5: one-at-a-time 48.9% top-1, second moments 54.0%,
     * sequential 64.6%, all with the same compensation).
     */
    static final int MAX_OBS_GROUP = 8;
    /** Hessian damping, relative to the mean of its diagonal. */
    static final double DAMPING = 0.01;

    private Importance(double[][][] moments, double[][][] inverseHessians, boolean activationAware) {
        this.moments = moments;
        this.inverseHessians = inverseHessians;
        this.activationAware = activationAware;
    }

    static Importance magnitude(PrunableGraph pg) {
        return new Importance(new double[pg.layers.size()][][], new double[pg.layers.size()][][], false);
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
        double[][][] hinv = new double[pg.layers.size()][][];
        for (int li = 0; li < pg.layers.size(); li++) {
            PrunableGraph.Layer l = pg.layers.get(li);
            if (!l.maskable()) {
                continue;
            }
            progress.checkCanceled();
            Patches p = new Patches(pg.graph, l);
            int c = l.cin;
            int n = p.length;
            boolean full = n <= MAX_HESSIAN;
            double[][] r = new double[c][c];
            double[][] h = full ? new double[n][n] : null;
            double[] x = new double[n];
            int[] nz = new int[n];
            int[] pos = p.sample(Math.max(16, 8192 / recs.size()));
            long count = 0;
            int tapOffset = (l.kh / 2 * l.kw + l.kw / 2) * c; // the centre tap: channel statistics without padding bias
            for (Map<Integer, byte[]> rec : cap) {
                byte[] in = rec.get(l.input);
                for (int k = 0; k < pos.length; k++) {
                    if ((k & 31) == 0) {
                        progress.checkCanceled();
                    }
                    p.patch(in, pos[k], x);
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
                    if (full) {
                        int cnt = 0;
                        for (int j = 0; j < n; j++) {
                            if (x[j] != 0) {
                                nz[cnt++] = j;
                            }
                        }
                        for (int a = 0; a < cnt; a++) {
                            double xa = x[nz[a]];
                            double[] row = h[nz[a]];
                            for (int b = 0; b < cnt; b++) {
                                row[nz[b]] += xa * x[nz[b]];
                            }
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
            if (full) {
                progress.checkCanceled();
                hinv[li] = Linear.inverseDamped(h, DAMPING, progress);
            }
            m[li] = r;
        }
        return new Importance(m, hinv, true);
    }

    /** Scores of the units of one layer (see {@link Units}); {@code w} are the layer's real weights. */
    double[] unitScores(int layerPos, PrunableGraph.Layer l, Units.Kind kind, int block, double[] w,
            Progress progress) {
        if (kind == Units.Kind.FILTERLET && inverseHessians[layerPos] != null) {
            return sequentialFilterletScores(inverseHessians[layerPos], l, w, progress);
        }
        return unitScores(layerPos, l, kind, block, w, inverseHessians[layerPos]);
    }

    /**
     * Scores from the input second moments alone ({@code w^T R w} per unit, no Hessian inverse): cheap enough to
     * rank the units again many times while training.
     */
    double[] momentScores(int layerPos, PrunableGraph.Layer l, Units.Kind kind, int block, double[] w) {
        return unitScores(layerPos, l, kind, block, w, (double[][]) null);
    }

    private double[] unitScores(int layerPos, PrunableGraph.Layer l, Units.Kind kind, int block, double[] w,
            double[][] hinv) {
        int n = Units.count(l, kind, block);
        double[] s = new double[n];
        double[][] r = moments[layerPos];
        int rowLen = l.rowLength();
        java.util.Map<Long, double[][]> blocks = new java.util.HashMap<>();
        for (int u = 0; u < n; u++) {
            int a = Units.from(l, kind, block, u);
            int b = Units.to(l, kind, block, u);
            double score = 0;
            if (hinv != null && l.maskable() && b - a <= MAX_OBS_GROUP) {
                // Optimal brain surgeon: the least output error left after removing the unit and optimally
                // correcting the rest of its row, w_G^T [(H^-1)_GG]^-1 w_G.
                int j0 = a % rowLen;
                int len = b - a;
                double[][] m = blocks.computeIfAbsent(((long) j0 << 32) | len, key -> groupInverse(hinv, j0, len, 1));
                score = m == null ? Double.MAX_VALUE : quadratic(m, w, a, 1);
            } else if (r == null) {
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

    /**
     * Filterlet scores from a greedy optimal-brain-surgeon pass per row: the row repeatedly loses the tap whose
     * removal, with the best correction of the remaining taps, adds the least output error; the weights and the
     * inverse Hessian are updated after every removal, so correlated neighbouring taps are not removed together
     * on the strength of their individual scores. A tap's score is the largest marginal error up to its removal,
     * so sorting the scores of a row keeps its removal order and a layer-wide sort removes the cheapest steps.
     */
    static double[] sequentialFilterletScores(double[][] hinv0, PrunableGraph.Layer l, double[] w,
            Progress progress) {
        int taps = l.kh * l.kw;
        int cin = l.cin;
        int n = l.rowLength();
        double[] scores = new double[l.cout * taps];
        double[][] h = new double[n][n];
        double[] row = new double[n];
        double[][] a = new double[n][cin];
        double[] mw = new double[cin];
        for (int o = 0; o < l.cout; o++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(hinv0[i], 0, h[i], 0, n);
            }
            System.arraycopy(w, o * n, row, 0, n);
            boolean[] gone = new boolean[taps];
            double running = 0;
            for (int step = 0; step < taps; step++) {
                progress.checkCanceled();
                int best = -1;
                double bestErr = Double.MAX_VALUE;
                double[][] bestM = null;
                for (int g = 0; g < taps; g++) {
                    if (gone[g]) {
                        continue;
                    }
                    double[][] m = groupInverse(h, g * cin, cin, 1);
                    double e = m == null ? Double.MAX_VALUE : quadratic(m, row, g * cin, 1);
                    if (e < bestErr || best < 0) {
                        best = g;
                        bestErr = e;
                        bestM = m;
                    }
                }
                running = Math.max(running, bestErr);
                scores[o * taps + best] = running;
                gone[best] = true;
                if (step == taps - 1 || bestM == null) {
                    if (bestM == null) {
                        for (int g = 0; g < taps; g++) {
                            if (!gone[g]) {
                                scores[o * taps + g] = Double.MAX_VALUE;
                            }
                        }
                    }
                    break;
                }
                int g0 = best * cin;
                // mw = M w_G; the row is corrected by -H^-1[:, G] mw; H^-1 loses the group: H - A M A^T.
                for (int x = 0; x < cin; x++) {
                    double acc = 0;
                    for (int y = 0; y < cin; y++) {
                        acc += bestM[x][y] * row[g0 + y];
                    }
                    mw[x] = acc;
                }
                for (int i = 0; i < n; i++) {
                    double[] hi = h[i];
                    double acc = 0;
                    for (int x = 0; x < cin; x++) {
                        acc += hi[g0 + x] * mw[x];
                    }
                    row[i] -= acc;
                }
                for (int x = 0; x < cin; x++) {
                    row[g0 + x] = 0;
                }
                // b = A M (n x cin), then H -= b A^T, only over the taps still present.
                for (int i = 0; i < n; i++) {
                    double[] hi = h[i];
                    double[] ai = a[i];
                    for (int y = 0; y < cin; y++) {
                        double acc = 0;
                        for (int x = 0; x < cin; x++) {
                            acc += hi[g0 + x] * bestM[x][y];
                        }
                        ai[y] = acc;
                    }
                }
                for (int i = 0; i < n; i++) {
                    if ((i & 63) == 63) {
                        progress.checkCanceled();
                    }
                    if (gone[i / cin]) {
                        continue;
                    }
                    double[] hi = h[i];
                    double[] bi = a[i];
                    for (int j = 0; j < n; j++) {
                        if (gone[j / cin]) {
                            continue;
                        }
                        double[] hj = h[j];
                        double acc = 0;
                        for (int y = 0; y < cin; y++) {
                            acc += bi[y] * hj[g0 + y];
                        }
                        hi[j] -= acc;
                    }
                }
            }
        }
        return scores;
    }

    /** {@code [(H^-1)_GG]^-1} for the group of {@code len} patch indices {@code j0, j0 + stride, ...}. */
    private static double[][] groupInverse(double[][] hinv, int j0, int len, int stride) {
        double[][] g = new double[len][len];
        for (int x = 0; x < len; x++) {
            for (int y = 0; y < len; y++) {
                g[x][y] = hinv[j0 + x * stride][j0 + y * stride];
            }
        }
        return Linear.inverse(g);
    }

    /** {@code v^T m v} with {@code v[x] = w[a + x * stride]}. */
    private static double quadratic(double[][] m, double[] w, int a, int stride) {
        double q = 0;
        for (int x = 0; x < m.length; x++) {
            double acc = 0;
            for (int y = 0; y < m.length; y++) {
                acc += m[x][y] * w[a + y * stride];
            }
            q += w[a + x * stride] * acc;
        }
        return q;
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
