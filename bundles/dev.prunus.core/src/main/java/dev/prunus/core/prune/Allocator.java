package dev.prunus.core.prune;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses per-variable pruning levels (a variable is a channel space's channel ratio or a layer's unit ratio;
 * level k means ratio k/10, at most 0.9) that minimise the predicted output distortion
 * {@code D = sum_v s_v(level_v)} subject to budget constraints. {@code s_v} is the measured sensitivity of variable
 * v: the output noise-to-signal ratio when only v is pruned at that level (see {@link Pruner}).
 *
 * <p>The search: a greedy pass raises, one level at a time, the variable with the best ratio of constraint
 * violation removed to distortion added until the state is feasible; simulated annealing then starts from that
 * state (seeded, so deterministic) with moves of one level up or down on one variable and a penalty for violation,
 * and the best feasible state seen wins. The result is never worse than the greedy state.
 */
final class Allocator {

    /** Levels per variable (0..MAX). */
    static final int MAX = 9;

    interface CostFunction {
        /** Relative constraint violation of a state: sum over constraints of max(0, figure / limit - 1). */
        double violation(int[] levels);
    }

    private Allocator() {
    }

    /**
     * @param sens   per variable, distortion at each level 0..MAX (sens[v][0] = 0)
     * @param max    per variable, the highest allowed level
     * @return the levels, or null when even the highest levels violate the constraints
     */
    static int[] allocate(double[][] sens, int[] max, CostFunction cost, dev.prunus.core.progress.Progress progress) {
        int n = sens.length;
        int[] top = max.clone();
        if (cost.violation(top) > 1e-12) {
            return null;
        }
        int[] x = new int[n];
        double viol = cost.violation(x);
        while (viol > 1e-12) {
            progress.checkCanceled();
            int best = -1;
            double bestScore = -1;
            double bestViol = viol;
            for (int v = 0; v < n; v++) {
                if (x[v] >= max[v]) {
                    continue;
                }
                x[v]++;
                double nv = cost.violation(x);
                x[v]--;
                double gain = viol - nv;
                double dd = Math.max(0, sens[v][x[v] + 1] - sens[v][x[v]]) + 1e-12;
                double score = gain / dd;
                if (gain > 0 && score > bestScore) {
                    bestScore = score;
                    best = v;
                    bestViol = nv;
                }
            }
            if (best < 0) {
                // No single step reduces the violation (e.g. a RAM peak held by two spaces): raise the cheapest.
                double cheapest = Double.MAX_VALUE;
                for (int v = 0; v < n; v++) {
                    if (x[v] < max[v]) {
                        double dd = sens[v][x[v] + 1] - sens[v][x[v]];
                        if (dd < cheapest) {
                            cheapest = dd;
                            best = v;
                        }
                    }
                }
                if (best < 0) {
                    return null;
                }
                x[best]++;
                viol = cost.violation(x);
            } else {
                x[best]++;
                viol = bestViol;
            }
        }
        return anneal(sens, max, cost, x, progress);
    }

    private static int[] anneal(double[][] sens, int[] max, CostFunction cost, int[] start,
            dev.prunus.core.progress.Progress progress) {
        int n = start.length;
        if (n == 0) {
            return start;
        }
        double d0 = distortion(sens, start);
        double maxD = 0;
        for (int v = 0; v < n; v++) {
            maxD += sens[v][max[v]];
        }
        double penalty = 10 * (maxD + 1e-9);
        int[] x = start.clone();
        int[] best = start.clone();
        double bestD = d0;
        double f = d0;
        SplittableRandom random = new SplittableRandom(0x5A5A_2024L);
        int iterations = Math.min(40_000, 1500 * n);
        double t0 = Math.max(1e-9, 0.05 * Math.max(d0, maxD / n));
        double t1 = t0 * 1e-4;
        for (int it = 0; it < iterations; it++) {
            if ((it & 255) == 0) {
                progress.checkCanceled();
            }
            double temp = t0 * Math.pow(t1 / t0, (double) it / iterations);
            int v = random.nextInt(n);
            int step = random.nextBoolean() ? 1 : -1;
            int nl = x[v] + step;
            if (nl < 0 || nl > max[v]) {
                continue;
            }
            int old = x[v];
            x[v] = nl;
            double viol = cost.violation(x);
            double d = distortion(sens, x);
            double nf = d + penalty * viol;
            if (nf <= f || random.nextDouble() < Math.exp(-(nf - f) / temp)) {
                f = nf;
                if (viol <= 1e-12 && d < bestD) {
                    bestD = d;
                    best = x.clone();
                }
            } else {
                x[v] = old;
            }
        }
        return best;
    }

    static double distortion(double[][] sens, int[] x) {
        double d = 0;
        for (int v = 0; v < x.length; v++) {
            d += sens[v][x[v]];
        }
        return d;
    }

    /** Linear interpolation of measured points (level -> value), with value 0 at level 0. */
    static double[] interpolate(List<int[]> levels, List<Double> values) {
        double[] out = new double[MAX + 1];
        int prevL = 0;
        double prevV = 0;
        for (int i = 0; i < levels.size(); i++) {
            int l = levels.get(i)[0];
            double v = Math.max(prevV, values.get(i));
            for (int k = prevL; k <= l; k++) {
                out[k] = l == prevL ? v : prevV + (v - prevV) * (k - prevL) / (l - prevL);
            }
            prevL = l;
            prevV = v;
        }
        for (int k = prevL + 1; k <= MAX; k++) {
            out[k] = prevV;
        }
        return out;
    }
}
