package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.WeightQuantizer;

/**
 * Compensation without retraining. Layer by layer in execution order, for every conv / FC layer that lost weights
 * (units or input channels): the kept weights and the bias of each output row are refit by ridge-regularised least
 * squares so that the layer, fed with the <em>pruned</em> model's input (so upstream error is corrected too),
 * reproduces the <em>original</em> layer's pre-activation output on the calibration records. The unknown is the
 * change from the masked weights, damped by a ridge of {@code (RIDGE + RIDGE_PER_UNKNOWN * unknowns / samples)}
 * times the Gram diagonal mean: directions the records do not excite keep their original values (a ridge towards
 * zero, or too little of it when a layer sees one sample per record, made str_ww_ref_model answer one class for
 * every input). The row is then
 * requantized per channel within int8 [-127, 127] (keeping the row's scale while it still fits, so barely moved
 * weights keep their codes; per-tensor layers likewise) and the bias to int32 with scale
 * {@code inputScale * weightScale}. Pruned weights stay exactly 0.
 */
final class Compensator {

    /** Upper bound of multiply-adds spent accumulating one layer's normal equations. */
    static final double WORK = 3e9;
    /** Calibration records used for the fit. */
    static final int RECORDS = 128;
    /** Ridge (relative to the Gram diagonal mean) at plenty of samples, and its growth with unknowns / samples. */
    static final double RIDGE = 0.01;
    static final double RIDGE_PER_UNKNOWN = 1.0;

    private Compensator() {
    }

    /** Summary of one compensated layer: reconstruction error (relative) before and after, on the fit data. */
    record Fit(int op, double errorMasked, double errorFitted) {
    }

    static Model compensate(Model original, Model masked, PrunableGraph pg, Plan plan, List<byte[]> calibration,
            Progress progress, List<Fit> fits) {
        if (calibration.isEmpty()) {
            return masked;
        }
        List<byte[]> recs = calibration.subList(0, Math.min(RECORDS, calibration.size()));
        return compensate(original, masked, pg, plan, recs, inputs(original, pg, recs, progress), WORK, progress,
                fits);
    }

    /** The inputs of every maskable layer of the original model, per record. */
    static List<Map<Integer, byte[]>> inputs(Model original, PrunableGraph pg, List<byte[]> recs, Progress progress) {
        Set<Integer> inputs = new java.util.HashSet<>();
        for (PrunableGraph.Layer l : pg.layers) {
            if (l.maskable()) {
                inputs.add(l.input);
            }
        }
        return Tracer.capture(Interpreter.create(original), recs, inputs, false, progress);
    }

    /**
     * Compensation on given records whose original layer inputs are already captured; {@code work} bounds the
     * multiply-adds spent on one layer's normal equations.
     */
    static Model compensate(Model original, Model masked, PrunableGraph pg, Plan plan, List<byte[]> recs,
            List<Map<Integer, byte[]>> orig, double work, Progress progress, List<Fit> fits) {
        Graph og = original.main();
        Model current = masked;
        for (int li = 0; li < pg.layers.size(); li++) {
            PrunableGraph.Layer l = pg.layers.get(li);
            if (!l.maskable()) {
                continue;
            }
            boolean[] e = plan.effective(pg, li);
            boolean[] rowRemoved = l.outSpace >= 0 ? plan.removed[l.outSpace] : null;
            boolean anyPruned = false;
            for (int i = 0; i < e.length && !anyPruned; i++) {
                anyPruned = !e[i] && (rowRemoved == null || !rowRemoved[Units.rowOf(l, i)]);
            }
            if (!anyPruned) {
                continue;
            }
            progress.checkCanceled();
            List<Map<Integer, byte[]>> cur = Tracer.capture(Interpreter.create(current), recs, Set.of(l.input), true,
                    progress);
            current = refit(og, current, l, e, rowRemoved, orig, cur, work, progress, fits);
        }
        return current;
    }

    private static Model refit(Graph og, Model current, PrunableGraph.Layer l, boolean[] e, boolean[] rowRemoved,
            List<Map<Integer, byte[]>> orig, List<Map<Integer, byte[]>> cur, double work, Progress progress,
            List<Fit> fits) {
        Patches patches = new Patches(og, l);
        int n = patches.length;
        int m = n + 1;
        int cout = l.cout;
        double[] w0 = Units.realWeights(og, l);
        double[] b0 = realBias(og, l);
        int perRecord = (int) Math.max(4, Math.min(patches.positions, work / ((double) m * m + (double) m * cout)
                / orig.size()));
        int[] pos = patches.sample(perRecord);
        long samples = (long) pos.length * orig.size();
        double[][] gram = new double[m][m];
        double[][] cross = new double[m][cout];
        double[] yy = new double[cout];
        double[] p = new double[n];
        double[] q = new double[m];
        double[] y = new double[cout];
        int[] nz = new int[m];
        for (int r = 0; r < orig.size(); r++) {
            byte[] oin = orig.get(r).get(l.input);
            byte[] cin = cur.get(r).get(l.input);
            for (int k = 0; k < pos.length; k++) {
                if ((k & 63) == 0) {
                    progress.checkCanceled();
                }
                patches.patch(oin, pos[k], p);
                for (int o = 0; o < cout; o++) {
                    double acc = b0[o];
                    int base = o * n;
                    for (int j = 0; j < n; j++) {
                        acc += w0[base + j] * p[j];
                    }
                    y[o] = acc;
                    yy[o] += acc * acc;
                }
                patches.patch(cin, pos[k], q);
                q[n] = 1.0;
                int cnt = 0;
                for (int j = 0; j < m; j++) {
                    if (q[j] != 0) {
                        nz[cnt++] = j;
                    }
                }
                for (int a = 0; a < cnt; a++) {
                    int i = nz[a];
                    double qi = q[i];
                    double[] row = gram[i];
                    for (int b = 0; b < cnt; b++) {
                        row[nz[b]] += qi * q[nz[b]];
                    }
                    double[] cr = cross[i];
                    for (int o = 0; o < cout; o++) {
                        cr[o] += qi * y[o];
                    }
                }
            }
        }
        // Solve per row, sharing one factorisation between rows with the same kept set.
        double[] w1 = new double[w0.length];
        double[] b1 = b0.clone();
        Map<BitSet, double[][]> factors = new HashMap<>();
        double errMasked = 0;
        double errFitted = 0;
        double energy = 0;
        for (int o = 0; o < cout; o++) {
            if (rowRemoved != null && rowRemoved[o]) {
                continue;
            }
            progress.checkCanceled();
            BitSet kept = new BitSet(m);
            for (int j = 0; j < n; j++) {
                if (e[o * n + j]) {
                    kept.set(j);
                }
            }
            kept.set(n);
            int[] idx = kept.stream().toArray();
            double ridge = (RIDGE + RIDGE_PER_UNKNOWN * idx.length / (double) samples) * Linear.meanDiagonal(gram, idx)
                    + 1e-12;
            double[][] chol = factors.computeIfAbsent(kept, k -> Linear.cholesky(gram, idx, ridge, progress));
            double[] rhs = new double[idx.length];
            double[] masked = new double[idx.length];
            for (int a = 0; a < idx.length; a++) {
                rhs[a] = cross[idx[a]][o];
                masked[a] = idx[a] == n ? b0[o] : w0[o * n + idx[a]];
            }
            // Solve for the change from the masked weights, ridge-damped: directions the calibration data does
            // not excite keep their original values instead of shrinking to zero.
            double[] resid = new double[idx.length];
            for (int a = 0; a < idx.length; a++) {
                double acc = rhs[a];
                for (int b = 0; b < idx.length; b++) {
                    acc -= gram[idx[a]][idx[b]] * masked[b];
                }
                resid[a] = acc;
            }
            double[] sol = masked.clone();
            if (chol != null) {
                double[] d = Linear.solve(chol, resid);
                for (int a = 0; a < idx.length; a++) {
                    sol[a] += d[a];
                }
            }
            double em = quadratic(gram, idx, masked, rhs, yy[o]);
            double ef = quadratic(gram, idx, sol, rhs, yy[o]);
            if (!(ef <= em) || !Double.isFinite(ef)) {
                sol = masked;
                ef = em;
            }
            errMasked += em;
            errFitted += ef;
            energy += yy[o];
            for (int a = 0; a < idx.length; a++) {
                if (idx[a] == n) {
                    b1[o] = sol[a];
                } else {
                    w1[o * n + idx[a]] = sol[a];
                }
            }
        }
        if (fits != null) {
            fits.add(new Fit(l.op, errMasked / Math.max(energy, 1e-30), errFitted / Math.max(energy, 1e-30)));
        }
        return requantize(current, l, w1, b1);
    }

    /** {@code |y - X s|^2} from the normal equations: s'Gs - 2 s'h + y'y. */
    private static double quadratic(double[][] g, int[] idx, double[] s, double[] h, double yy) {
        double v = yy;
        for (int a = 0; a < idx.length; a++) {
            double acc = 0;
            for (int b = 0; b < idx.length; b++) {
                acc += g[idx[a]][idx[b]] * s[b];
            }
            v += s[a] * acc - 2 * s[a] * h[a];
        }
        return Math.max(v, 0);
    }

    static double[] realBias(Graph g, PrunableGraph.Layer l) {
        double[] b = new double[l.cout];
        if (l.bias < 0) {
            return b;
        }
        Tensor bias = g.tensor(l.bias);
        Tensor w = g.tensor(l.weights);
        double sIn = g.tensor(l.input).quantization().scale(0);
        java.nio.ByteBuffer v = bias.dataView();
        for (int o = 0; o < l.cout; o++) {
            b[o] = v.getInt(o * 4) * sIn * w.quantization().scale(o);
        }
        return b;
    }

    /** Writes real weights and biases back as int8 / int32 (see {@link WeightQuantizer}). */
    static Model requantize(Model model, PrunableGraph.Layer l, double[] w, double[] b) {
        Graph g = model.main();
        Tensor wt = g.tensor(l.weights);
        WeightQuantizer.Int8 q = WeightQuantizer.quantizeWeights(w, wt.shape(), wt.quantization());
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        tensors.set(l.weights, wt.withData(q.data()).withQuantization(q.quantization()));
        if (l.bias >= 0) {
            Tensor bt = g.tensor(l.bias);
            WeightQuantizer.Int32 bq = WeightQuantizer.quantizeBias(b, g.tensor(l.input).quantization().scale(0),
                    q.quantization(), bt.quantization());
            tensors.set(l.bias, bt.withData(bq.data()).withQuantization(bq.quantization()));
        }
        return model.withMain(g.withTensors(tensors));
    }
}
