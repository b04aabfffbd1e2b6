package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.progress.SubProgress;
import dev.prunus.core.settings.PrunusSettings;

/**
 * Prunes an int8 model without retraining: chooses units and per-layer ratios (uniformly, or under a budget by
 * measured sensitivity and simulated annealing), removes them, compensates the kept weights by least squares on
 * calibration activations, physically removes pruned channels, and measures fidelity against the original.
 * See docs/pruning.md for the method.
 */
public final class Pruner {

    /** Records used to measure per-variable sensitivity. */
    private static final int SENSITIVITY_RECORDS = 32;
    /** Multiply-adds per layer for the compensation inside the sensitivity measurement. */
    private static final double SENSITIVITY_WORK = 3e7;
    private static final int[] SENSITIVITY_LEVELS = {3, 5, 7, 9};

    private Pruner() {
    }

    public static PruneResult prune(Model model, PruneOptions o, Progress progress) {
        return prune(model, o, null, progress);
    }

    /**
     * Prunes like {@link #prune(Model, PruneOptions, Progress)}; with {@code training}, then trains the one-shot
     * compensated model on it with the masks fixed (or prunes gradually while training, {@link GradualPruner}).
     * Budgets are checked on the packed result either way.
     */
    public static PruneResult prune(Model model, PruneOptions o, TrainingRun training, Progress progress) {
        progress.begin("Pruning", 100);
        PruneSetup s = new PruneSetup();
        s.model = model;
        s.o = o;
        s.classNames = training == null ? null : training.classNames();
        s.pg = PrunableGraph.of(model.main());
        s.calibration = Tracer.records(model, o.calibration(), "calibration");
        List<byte[]> validation = Tracer.records(model, o.validation(), "validation");
        if (o.labels() != null && !validation.isEmpty() && o.labels().length != validation.size()) {
            throw new PruneException("the labels file has " + o.labels().length + " labels, the validation file "
                    + validation.size() + " records; they must match one to one");
        }
        for (Integer op : o.layers().keySet()) {
            if (op < 0 || op >= model.main().operators().size()) {
                throw new PruneException("a layer override names operator " + op + ", but the model has "
                        + model.main().operators().size() + " operators");
            }
        }
        progress.checkCanceled();
        if ("none".equals(o.method())) {
            PruneReport report = PruneReportBuilder.report(s, model, model, "none", validation, progress, List.of());
            return new PruneResult(model, report);
        }
        s.imp = Importance.measure(model, s.pg, s.calibration, progress);
        progress.worked(10);
        setup(s, progress);

        Plan plan;
        String allocation;
        double[] ratios = new double[s.vars.size()];
        double[][] sens = null;
        boolean auto = "auto".equals(o.method());
        if (!auto && !o.hasBudget() && o.ratio() != null) {
            Arrays.fill(ratios, o.ratio());
            applyFixed(s, ratios);
            allocation = String.format(Locale.ROOT, "uniform ratio %.2f", o.ratio());
        } else {
            sens = sensitivity(s, progress);
            progress.worked(20);
            if (o.hasBudget()) {
                int[] levels = allocateBudget(s, sens, progress);
                ratios = toRatios(s, levels);
                allocation = "budget (" + budgetText(o) + (o.ratio() == null ? "" : String.format(Locale.ROOT,
                        ", at least %.2f of prunable weights removed", o.ratio()))
                        + "), sensitivity + simulated annealing";
            } else if (o.ratio() != null) {
                ratios = toRatios(s, allocateRemoval(s, sens, o.ratio(), progress));
                allocation = String.format(Locale.ROOT,
                        "%.2f of prunable weights removed, per-layer ratios by sensitivity + simulated annealing",
                        o.ratio());
            } else {
                double maxLoss = o.maxLossPercent() == null ? 1.0 : o.maxLossPercent();
                if (s.calibration.isEmpty()) {
                    throw new PruneException("method " + o.method() + " with only a loss limit needs calibration "
                            + "records to measure the loss: set 'calibration' (or give a ratio or a flash budget)");
                }
                ratios = searchLoss(s, sens, maxLoss, progress);
                allocation = String.format(Locale.ROOT, "largest pruning within %.2f%% top-1 loss on calibration "
                        + "records (sensitivity + simulated annealing, bisection)", maxLoss);
            }
        }
        plan = plan(s, ratios);
        s.finalPlan = plan;
        progress.worked(10);
        List<Compensator.Fit> fits = new ArrayList<>();
        Model pruned = build(s, plan, progress, fits);
        // The optimiser works on estimates; the packer plans the built model. Where they disagree enough to break a
        // flash or instruction budget (compensation changes scales and with them the kernels' output-stage paths),
        // tighten that budget by the overshoot and allocate again.
        for (int retry = 0; retry < 2 && sens != null && o.hasBudget(); retry++) {
            PackPlan packed = PackPlanner.plan(pruned.main(), o.core());
            double flashOver = o.flashBytes() == null ? 0 : (double) packed.totalFlashBytes() / o.flashBytes();
            double instrOver = o.instructions() == null ? 0 : (double) packed.instructions() / o.instructions();
            if (flashOver <= 1 && instrOver <= 1) {
                break;
            }
            s.notes.add(String.format(Locale.ROOT, "the packed model came out %.1f%% above the %s budget the "
                    + "estimate met; allocated again with that budget tightened", 100 * (Math.max(flashOver, instrOver)
                    - 1), flashOver >= instrOver ? "flash" : "instruction"));
            s.tighten[0] /= Math.max(1, flashOver) * 1.002;
            s.tighten[1] /= Math.max(1, instrOver) * 1.002;
            ratios = toRatios(s, allocateBudget(s, sens, progress));
            plan = plan(s, ratios);
            s.finalPlan = plan;
            fits.clear();
            pruned = build(s, plan, progress, fits);
        }
        s.chosenLabel = label(o, ratios, allocation, "one-shot compensated");
        if (training != null) {
            // The one-shot model stays in the report as an explored point: what training adds is visible.
            PruneReport.Explored oneShot = PruneReportBuilder.explored(s, pruned, s.chosenLabel, validation, progress);
            SubProgress trainingProgress = new SubProgress(progress, 20);
            GradualPruner.Outcome t = training.gradual() ? GradualPruner.run(s, ratios, training, trainingProgress)
                    : GradualPruner.recover(s, s.finalPlan, training, trainingProgress);
            trainingProgress.finish();
            Plan oneShotPlan = s.finalPlan;
            Model trained = ChannelSurgery.apply(t.trained(), s.pg, t.plan());
            String trainedLabel = label(o, ratios, allocation, "trained");
            PruneReport.Explored tp = PruneReportBuilder.explored(s, trained, trainedLabel, validation, progress);
            if (oneShot.top1() != null && tp.top1() != null && oneShot.top1() > tp.top1()) {
                // Validation decides: training on too little data can end below the one-shot refit.
                s.explored.add(tp);
                s.notes.add(String.format(Locale.ROOT, "the trained model reached %.2f%% top-1 on the validation data, "
                        + "below the one-shot compensated model's %.2f%%: kept the one-shot model (more training data "
                        + "or epochs would be needed)", 100 * tp.top1(), 100 * oneShot.top1()));
                s.finalPlan = oneShotPlan;
            } else {
                s.explored.add(oneShot);
                s.finalPlan = t.plan();
                fits.clear();
                pruned = trained;
                s.chosenLabel = trainedLabel;
            }
            checkBudgets(s, pruned);
        } else if (o.fineTune() != null) {
            SubProgress tuning = new SubProgress(progress, 20);
            pruned = DistillationFineTune.run(s, pruned, tuning);
            tuning.finish();
        }
        if (o.hasBudget() && o.maxLossPercent() != null && !s.calibration.isEmpty()) {
            double loss = loss(s, pruned, progress);
            if (loss > o.maxLossPercent() + 1e-9) {
                Estimator.Cost c = estimate(s, levelsOf(s, ratios));
                throw new ImpossibleBudgetException(String.format(Locale.ROOT,
                        "the budget (%s) is reachable only with %.2f%% top-1 loss on the calibration records, more "
                                + "than the allowed %.2f%%; at that budget the model needs flash %,d B, RAM %,d B, "
                                + "%,d instructions",
                        budgetText(o), loss, o.maxLossPercent(), c.flash(), c.ram(), c.instructions()),
                        c.flash(), c.ram(), c.instructions(), List.of());
            }
        }
        progress.worked(o.fineTune() != null || training != null ? 10 : 30);
        PruneReport report = PruneReportBuilder.report(s, model, pruned, allocation, validation, progress, fits);
        progress.worked(30);
        return new PruneResult(pruned, report);
    }

    // ------------------------------------------------------------------------------------------------ setup

    private static void setup(PruneSetup s, Progress progress) {
        PrunableGraph pg = s.pg;
        Graph g = s.model.main();
        String method = s.o.method();
        boolean channels = "channel".equals(method) || "auto".equals(method);
        s.real = new double[pg.layers.size()][];
        s.unitScores = new double[pg.layers.size()][];
        s.kind = new Units.Kind[pg.layers.size()];
        for (int li = 0; li < pg.layers.size(); li++) {
            PrunableGraph.Layer l = pg.layers.get(li);
            s.real[li] = Units.realWeights(g, l);
            PrunusSettings.LayerOverride ov = s.o.layers().get(l.op);
            String m = ov != null && ov.method() != null ? ov.method() : method;
            Units.Kind k = kindFor(m, l);
            s.kind[li] = k;
            if (k != null) {
                s.unitScores[li] = s.imp.unitScores(li, l, k, 4, s.real[li], progress);
                s.vars.add(new PruneSetup.Var(-1, li, k, ov != null ? ov.ratio() : null));
            }
        }
        s.channelScores = new double[pg.spaces.size()][];
        for (PrunableGraph.Space sp : pg.spaces) {
            if (!sp.prunable()) {
                if (channels && sp.frozenReason != null && !sp.sources.isEmpty()) {
                    s.notes.add("channels of " + describe(pg, sp) + " are kept: " + sp.frozenReason);
                }
                continue;
            }
            boolean dense = false;
            boolean wanted = channels;
            Double fixed = null;
            for (int op : concat(sp.sources, sp.sinks, sp.depthwise)) {
                PrunusSettings.LayerOverride ov = s.o.layers().get(op);
                if (ov != null && ov.method() != null) {
                    dense |= "dense".equals(ov.method()) || "none".equals(ov.method());
                    wanted |= "channel".equals(ov.method()) || "auto".equals(ov.method());
                }
                if (ov != null && ov.ratio() != null && sp.sources.contains(op)
                        && (ov.method() == null || "channel".equals(ov.method()))) {
                    fixed = ov.ratio();
                }
            }
            if (!wanted || dense) {
                continue;
            }
            s.channelScores[sp.id] = s.imp.channelScores(pg, sp, s.real);
            s.vars.add(new PruneSetup.Var(sp.id, -1, null, fixed));
        }
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b, List<Integer> c) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    private static String describe(PrunableGraph pg, PrunableGraph.Space sp) {
        StringBuilder b = new StringBuilder("the output of operator");
        b.append(sp.sources.size() > 1 ? "s " : " ");
        for (int i = 0; i < sp.sources.size(); i++) {
            b.append(i > 0 ? ", " : "").append(sp.sources.get(i));
        }
        return b.toString();
    }

    private static Units.Kind kindFor(String method, PrunableGraph.Layer l) {
        return switch (method) {
            case "filterlet" -> l.filterletCapable() ? Units.Kind.FILTERLET : null;
            case "block" -> l.blockCapable() ? Units.Kind.BLOCK : null;
            case "unstructured" -> l.maskable() ? Units.Kind.WEIGHT : null;
            case "auto" -> l.filterletCapable() ? Units.Kind.FILTERLET : l.blockCapable() ? Units.Kind.BLOCK : null;
            default -> null;
        };
    }

    private static void applyFixed(PruneSetup s, double[] ratios) {
        for (int v = 0; v < s.vars.size(); v++) {
            if (s.vars.get(v).fixed() != null) {
                ratios[v] = s.vars.get(v).fixed();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ plans

    static Plan plan(PruneSetup s, double[] ratios) {
        Plan p = new Plan(s.pg);
        for (int v = 0; v < s.vars.size(); v++) {
            PruneSetup.Var var = s.vars.get(v);
            if (var.space() >= 0 && ratios[v] > 0) {
                PrunableGraph.Space sp = s.pg.spaces.get(var.space());
                int drop = Math.min(sp.channels - 1, (int) Math.round(ratios[v] * sp.channels));
                double[] sc = s.channelScores[var.space()];
                Integer[] order = new Integer[sp.channels];
                for (int c = 0; c < order.length; c++) {
                    order[c] = c;
                }
                Arrays.sort(order, (a, b) -> {
                    int c = Double.compare(sc[a], sc[b]);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                boolean[] rem = new boolean[sp.channels];
                for (int k = 0; k < drop; k++) {
                    rem[order[k]] = true;
                }
                p.removed[var.space()] = rem;
            }
        }
        for (int v = 0; v < s.vars.size(); v++) {
            PruneSetup.Var var = s.vars.get(v);
            if (var.layer() >= 0 && ratios[v] > 0) {
                PrunableGraph.Layer l = s.pg.layers.get(var.layer());
                boolean[] allowed = p.effective(s.pg, var.layer());
                p.keep[var.layer()] = Units.mask(l, var.kind(), 4, s.unitScores[var.layer()], ratios[v], allowed);
            }
        }
        return p;
    }

    /** How the report names a pruned model: method, uniform ratio or allocation, and the stage. */
    private static String label(PruneOptions o, double[] ratios, String allocation, String stage) {
        boolean uniform = allocation.startsWith("uniform");
        double mean = 0;
        for (double r : ratios) {
            mean += r / Math.max(1, ratios.length);
        }
        return String.format(Locale.ROOT, "%s %.2f%s %s", o.method(), uniform && o.ratio() != null ? o.ratio() : mean,
                uniform ? "" : " (allocated)", stage);
    }

    /** Budgets are hard: the packed trained model must meet them, else the run fails with the figures. */
    private static void checkBudgets(PruneSetup s, Model pruned) {
        PruneOptions o = s.o;
        if (!o.hasBudget()) {
            return;
        }
        PackPlan packed = PackPlanner.plan(pruned.main(), o.core());
        long ram = MemoryPlanner.plan(pruned.main()).arenaBytes();
        boolean over = (o.flashBytes() != null && packed.totalFlashBytes() > o.flashBytes())
                || (o.instructions() != null && packed.instructions() > o.instructions())
                || (o.ramBytes() != null && ram > o.ramBytes());
        if (over) {
            throw new ImpossibleBudgetException(String.format(Locale.ROOT, "the trained model does not meet the budget "
                    + "(%s): packed it needs flash %,d B, RAM %,d B, %,d instructions per inference on %s; loosen the "
                    + "budget or raise the ratio", budgetText(o), packed.totalFlashBytes(), ram, packed.instructions(),
                    o.core()), packed.totalFlashBytes(), ram, packed.instructions(), List.of());
        }
    }

    private static Model build(PruneSetup s, Plan plan, Progress progress, List<Compensator.Fit> fits) {
        Model masked = plan.masked(s.model, s.pg);
        Model comp = Compensator.compensate(s.model, masked, s.pg, plan, s.calibration, progress, fits);
        s.compensated = comp;
        return ChannelSurgery.apply(comp, s.pg, plan);
    }

    // ------------------------------------------------------------------------------------------------ allocation

    private static double[] toRatios(PruneSetup s, int[] levels) {
        double[] r = new double[levels.length];
        for (int v = 0; v < levels.length; v++) {
            Double fixed = s.vars.get(v).fixed();
            r[v] = fixed != null ? fixed : levels[v] / 10.0;
        }
        return r;
    }

    private static int[] levelsOf(PruneSetup s, double[] ratios) {
        int[] l = new int[ratios.length];
        for (int v = 0; v < ratios.length; v++) {
            l[v] = (int) Math.round(ratios[v] * 10);
        }
        return l;
    }

    private static int[] maxLevels(PruneSetup s) {
        int[] max = new int[s.vars.size()];
        for (int v = 0; v < max.length; v++) {
            Double f = s.vars.get(v).fixed();
            max[v] = f != null ? (int) Math.round(f * 10) : Allocator.MAX;
        }
        return max;
    }

    private static Estimator.Cost estimate(PruneSetup s, int[] levels) {
        return estimator(s).cost(keptChannels(s, levels), unitKeep(s, levels), s.kind);
    }

    private static Estimator estimator(PruneSetup s) {
        if (s.estimator == null) {
            s.estimator = new Estimator(s.pg, s.o.core());
        }
        return s.estimator;
    }

    private static int[] keptChannels(PruneSetup s, int[] levels) {
        int[] kept = new int[s.pg.spaces.size()];
        for (PrunableGraph.Space sp : s.pg.spaces) {
            kept[sp.id] = sp.channels;
        }
        for (int v = 0; v < levels.length; v++) {
            PruneSetup.Var var = s.vars.get(v);
            if (var.space() >= 0) {
                PrunableGraph.Space sp = s.pg.spaces.get(var.space());
                double r = var.fixed() != null ? var.fixed() : levels[v] / 10.0;
                kept[sp.id] = sp.channels - Math.min(sp.channels - 1, (int) Math.round(r * sp.channels));
            }
        }
        return kept;
    }

    private static double[] unitKeep(PruneSetup s, int[] levels) {
        double[] u = new double[s.pg.layers.size()];
        Arrays.fill(u, 1.0);
        for (int v = 0; v < levels.length; v++) {
            PruneSetup.Var var = s.vars.get(v);
            if (var.layer() >= 0) {
                u[var.layer()] = 1.0 - (var.fixed() != null ? var.fixed() : levels[v] / 10.0);
            }
        }
        return u;
    }

    /** Measured sensitivity: output noise-to-signal ratio with only one variable pruned, at a few levels. */
    private static double[][] sensitivity(PruneSetup s, Progress progress) {
        int n = s.vars.size();
        double[][] sens = new double[n][];
        List<byte[]> recs = s.calibration.subList(0, Math.min(SENSITIVITY_RECORDS, s.calibration.size()));
        if (recs.isEmpty()) {
            // Without calibration data: the fraction of importance removed (magnitude criterion) stands in.
            for (int v = 0; v < n; v++) {
                List<int[]> ls = new ArrayList<>();
                List<Double> vals = new ArrayList<>();
                for (int level : SENSITIVITY_LEVELS) {
                    ls.add(new int[] {level});
                    vals.add(removedScore(s, v, level / 10.0));
                }
                sens[v] = Allocator.interpolate(ls, vals);
            }
            s.notes.add("no calibration records: sensitivity is the fraction of weight magnitude removed");
            return sens;
        }
        Interpreter base = Interpreter.create(s.model);
        List<byte[]> ref = Tracer.logits(base, recs, progress);
        // Each variable is measured after compensation, as the final model will be: without it the error of a
        // masked layer says little about what remains after the refit (on pretrainedResnet_quant the masked
        // figures were not even monotonic in the ratio, and the allocation they gave reached 47.7% top-1 where the
        // compensated figures reached 68.0% at the same flash).
        List<java.util.Map<Integer, byte[]>> orig = Compensator.inputs(s.model, s.pg, recs, progress);
        int logits = Tracer.logitsTensor(s.model.main());
        Tensor lt = s.model.main().tensor(logits);
        for (int v = 0; v < n; v++) {
            List<int[]> ls = new ArrayList<>();
            List<Double> vals = new ArrayList<>();
            for (int level : SENSITIVITY_LEVELS) {
                progress.checkCanceled();
                double[] r = new double[n];
                r[v] = level / 10.0;
                Plan p = plan(s, r);
                Model m = p.masked(s.model, s.pg);
                m = Compensator.compensate(s.model, m, s.pg, p, recs, orig, SENSITIVITY_WORK, progress, null);
                Interpreter interp = Interpreter.create(m);
                List<byte[]> out = Tracer.logits(interp, recs, progress);
                ls.add(new int[] {level});
                vals.add(nsr(ref, out, lt));
            }
            sens[v] = Allocator.interpolate(ls, vals);
        }
        return sens;
    }

    private static double removedScore(PruneSetup s, int v, double ratio) {
        PruneSetup.Var var = s.vars.get(v);
        double[] sc = var.space() >= 0 ? s.channelScores[var.space()] : s.unitScores[var.layer()];
        double[] sorted = sc.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (double x : sorted) {
            total += x;
        }
        int drop = (int) Math.round(ratio * sorted.length);
        double removed = 0;
        for (int i = 0; i < drop; i++) {
            removed += sorted[i];
        }
        return total > 0 ? removed / total : 0;
    }

    /** Noise-to-signal ratio of dequantization-free int8 outputs (zero point cancels in the difference). */
    static double nsr(List<byte[]> ref, List<byte[]> out, Tensor t) {
        long zp = t.quantization().isQuantized() ? t.quantization().zeroPoint(0) : 0;
        double sig = 0;
        double noise = 0;
        for (int r = 0; r < ref.size(); r++) {
            byte[] a = ref.get(r);
            byte[] b = out.get(r);
            for (int i = 0; i < a.length; i++) {
                double x = a[i] - zp;
                double d = a[i] - b[i];
                sig += x * x;
                noise += d * d;
            }
        }
        return noise / Math.max(sig, 1e-9);
    }

    private static int[] allocateBudget(PruneSetup s, double[][] sens, Progress progress) {
        PruneOptions o = s.o;
        Estimator est = estimator(s);
        Estimator.Cost dense = est.cost(keptChannels(s, new int[s.vars.size()]), unitKeep(s, new int[s.vars.size()]),
                s.kind);
        // The RAM estimate (live activations) is scaled to the memory planner's figure of the dense model.
        double ramScale = (double) MemoryPlanner.plan(s.model.main()).arenaBytes() / Math.max(1, dense.ram());
        Double ratio = reachableRatio(s, est);
        Allocator.CostFunction f = levels -> {
            Estimator.Cost c = est.cost(keptChannels(s, levels), unitKeep(s, levels), s.kind);
            double v = 0;
            if (o.flashBytes() != null) {
                v += Math.max(0, (double) c.flash() / (o.flashBytes() * s.tighten[0]) - 1);
            }
            if (o.ramBytes() != null) {
                v += Math.max(0, c.ram() * ramScale / o.ramBytes() - 1);
            }
            if (o.instructions() != null) {
                v += Math.max(0, (double) c.instructions() / (o.instructions() * s.tighten[1]) - 1);
            }
            if (ratio != null) {
                v += Math.max(0, ratio - c.removedFraction());
            }
            return v;
        };
        int[] max = maxLevels(s);
        int[] levels = Allocator.allocate(sens, max, f, progress);
        if (levels == null) {
            Estimator.Cost c = est.cost(keptChannels(s, max), unitKeep(s, max), s.kind);
            throw impossible(s, c, (long) (c.ram() * ramScale), max);
        }
        return levels;
    }

    /**
     * The "at least this fraction" of a budgeted run, lowered to what the method can remove at its maximum when the
     * request is above it: the budget is what must hold, and a fraction no pruning reaches would otherwise make
     * every budget fail with figures that say nothing about the fraction. The note says so.
     */
    private static Double reachableRatio(PruneSetup s, Estimator est) {
        Double ratio = s.o.ratio();
        if (ratio == null) {
            return null;
        }
        int[] max = maxLevels(s);
        Estimator.Cost c = est.cost(keptChannels(s, max), unitKeep(s, max), s.kind);
        double reachable = c.removedFraction();
        if (reachable + 1e-9 >= ratio) {
            return ratio;
        }
        s.notes.add(String.format(Locale.ROOT, "method %s can remove at most %.1f%% of the prunable weights of this "
                + "model (layers it cannot prune, and each layer's maximum ratio), less than the requested ratio %.2f: "
                + "removed as much as it can", s.o.method(), 100 * reachable, ratio));
        return Math.max(0, reachable - 1e-6);
    }

    private static ImpossibleBudgetException impossible(PruneSetup s, Estimator.Cost c, long ram, int[] max) {
        PruneOptions o = s.o;
        List<String> binding = new ArrayList<>();
        int[] kept = keptChannels(s, max);
        double[] u = unitKeep(s, max);
        List<long[]> sizes = new ArrayList<>();
        for (int li = 0; li < s.pg.layers.size(); li++) {
            PrunableGraph.Layer l = s.pg.layers.get(li);
            int rows = l.outSpace >= 0 ? kept[l.outSpace] : l.cout;
            int cin = l.maskable() ? (l.inSpace >= 0 ? kept[l.inSpace] * l.inRepeat : l.cin) : 1;
            long bytes = Math.round((long) rows * l.kh * l.kw * cin * (s.kind[li] == Units.Kind.WEIGHT ? 1 : u[li]));
            sizes.add(new long[] {bytes, li});
        }
        sizes.sort((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        for (int i = 0; i < Math.min(3, sizes.size()); i++) {
            PrunableGraph.Layer l = s.pg.layers.get((int) sizes.get(i)[1]);
            String why = s.kind[(int) sizes.get(i)[1]] == null && (l.outSpace < 0 || !s.pg.spaces.get(l.outSpace)
                    .prunable()) ? ", not prunable by method " + o.method() : ", at the maximum ratio";
            binding.add(String.format(Locale.ROOT, "operator %d (%s '%s'): %,d weight bytes%s", l.op, l.type,
                    s.pg.graph.tensor(l.output).name(), sizes.get(i)[0], why));
        }
        StringBuilder m = new StringBuilder("the budget (" + budgetText(o) + ") cannot be met with method "
                + o.method() + ": the smallest reachable figures are ");
        m.append(String.format(Locale.ROOT, "flash %,d B, RAM %,d B, %,d instructions per inference on %s",
                c.flash(), ram, c.instructions(), o.core()));
        m.append("; the layers that bind: ").append(String.join("; ", binding));
        return new ImpossibleBudgetException(m.toString(), c.flash(), ram, c.instructions(), binding);
    }

    private static String budgetText(PruneOptions o) {
        List<String> parts = new ArrayList<>();
        if (o.flashBytes() != null) {
            parts.add(String.format(Locale.ROOT, "flash %,d B", o.flashBytes()));
        }
        if (o.ramBytes() != null) {
            parts.add(String.format(Locale.ROOT, "RAM %,d B", o.ramBytes()));
        }
        if (o.instructions() != null) {
            parts.add(String.format(Locale.ROOT, "%,d instructions", o.instructions()));
        }
        if (o.maxLossPercent() != null) {
            parts.add(String.format(Locale.ROOT, "max loss %.2f%%", o.maxLossPercent()));
        }
        return String.join(", ", parts);
    }

    /** Levels minimising distortion with at least {@code ratio} of the prunable layers' weights removed. */
    private static int[] allocateRemoval(PruneSetup s, double[][] sens, double ratio, Progress progress) {
        Estimator est = estimator(s);
        Allocator.CostFunction f = levels -> {
            Estimator.Cost c = est.cost(keptChannels(s, levels), unitKeep(s, levels), s.kind);
            double removed = c.removedFraction();
            return Math.max(0, ratio - removed);
        };
        int[] max = maxLevels(s);
        int[] levels = Allocator.allocate(sens, max, f, progress);
        if (levels == null) {
            Estimator.Cost c = est.cost(keptChannels(s, max), unitKeep(s, max), s.kind);
            throw new PruneException(String.format(Locale.ROOT,
                    "method %s can remove at most %.1f%% of the prunable weights of this model, less than the "
                            + "requested ratio %.2f",
                    s.o.method(), 100.0 * c.removedFraction(), ratio));
        }
        return levels;
    }

    /** Bisection on the removed fraction: the largest one whose pruned model stays within the loss limit. */
    private static double[] searchLoss(PruneSetup s, double[][] sens, double maxLoss, Progress progress) {
        boolean auto = "auto".equals(s.o.method());
        double lo = 0;
        double hi = 0.9;
        double[] best = new double[s.vars.size()];
        applyFixed(s, best);
        for (int step = 0; step < 5; step++) {
            progress.checkCanceled();
            double mid = (lo + hi) / 2;
            double[] r;
            if (auto) {
                int[] levels;
                try {
                    levels = allocateRemoval(s, sens, mid, progress);
                } catch (PruneException e) {
                    hi = mid;
                    continue;
                }
                r = toRatios(s, levels);
            } else {
                r = new double[s.vars.size()];
                Arrays.fill(r, mid);
                applyFixed(s, r);
            }
            Model m = build(s, plan(s, r), progress, null);
            if (loss(s, m, progress) <= maxLoss + 1e-9) {
                lo = mid;
                best = r;
            } else {
                hi = mid;
            }
        }
        return best;
    }

    /** Top-1 disagreement with the original on the calibration records, in percent. */
    private static double loss(PruneSetup s, Model pruned, Progress progress) {
        List<byte[]> recs = s.calibration.subList(0, Math.min(64, s.calibration.size()));
        Interpreter a = Interpreter.create(s.model);
        Interpreter b = Interpreter.create(pruned);
        int agree = 0;
        for (byte[] r : recs) {
            progress.checkCanceled();
            // calibration records are independent samples
            a.reset();
            b.reset();
            if (Interpreter.argmax(a.run(r)) == Interpreter.argmax(b.run(r))) {
                agree++;
            }
        }
        return 100.0 * (recs.size() - agree) / Math.max(1, recs.size());
    }

}
