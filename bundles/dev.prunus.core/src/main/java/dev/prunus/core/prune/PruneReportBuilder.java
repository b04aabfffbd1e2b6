package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;

/**
 * The {@link PruneReport} of a pruning run: per-layer units, kept weights and packed sizes before and after,
 * model totals, and the pruned model's fidelity to the original on the validation (else calibration) records.
 */
final class PruneReportBuilder {

    private PruneReportBuilder() {
    }

    static PruneReport report(PruneSetup s, Model original, Model pruned, String allocation,
            List<byte[]> validation, Progress progress, List<Compensator.Fit> fits) {
        PackPlan before = PackPlanner.plan(original.main(), s.o.core());
        progress.checkCanceled();
        PackPlan after = PackPlanner.plan(pruned.main(), s.o.core());
        progress.checkCanceled();
        PruneReport.Totals tb = totals(before, original.main(), s.pg, null);
        progress.checkCanceled();
        PruneReport.Totals ta = totals(after, pruned.main(), s.pg, pruned);
        progress.checkCanceled();
        List<PruneReport.LayerReport> layers = new ArrayList<>();
        Graph og = original.main();
        Graph ng = pruned.main();
        for (int li = 0; li < s.pg.layers.size(); li++) {
            PrunableGraph.Layer l = s.pg.layers.get(li);
            Tensor nw = ng.tensor(l.weights);
            int rows = l.type == OpType.DEPTHWISE_CONV_2D ? nw.dim(3) : nw.dim(0);
            double[] perChannel = keptPerChannel(s, l, og, ng);
            long keptWeights = 0;
            byte[] q = nw.data();
            for (byte b : q) {
                keptWeights += b != 0 ? 1 : 0;
            }
            LayerPack lpb = before.layer(l.op).orElse(null);
            LayerPack lpa = after.layer(l.op).orElse(null);
            String units = units(s, li);
            Double fb = null;
            Double fa = null;
            for (Compensator.Fit f : fits) {
                if (f.op() == l.op) {
                    fb = f.errorMasked();
                    fa = f.errorFitted();
                }
            }
            layers.add(new PruneReport.LayerReport(l.op, og.tensor(l.output).name(), l.type.name(), units, l.cout, rows,
                    l.weightCount(), keptWeights, perChannel, lpa == null ? "DENSE" : lpa.format().name(),
                    lpb == null ? og.tensor(l.weights).byteSize() : lpb.denseWeightBytes(),
                    lpa == null ? nw.byteSize() : lpa.weightBytes(), lpa == null ? 0 : lpa.indexBytes(),
                    lpa == null ? 0 : lpa.instructions(), lpb == null ? 0 : lpb.instructions(), fb, fa));
        }
        explainRatio(s, layers, tb, ta);
        PruneReport.Fidelity fidelity = fidelity(s, original, pruned, validation, progress);
        String criterion = s.imp == null ? "none" : s.imp.activationAware ? "activation-aware" : "magnitude";
        List<PruneReport.Explored> explored = new ArrayList<>();
        if (!"none".equals(s.o.method())) {
            explored.add(new PruneReport.Explored("dense", tb.flashBytes(), tb.instructions(),
                    fidelity == null ? null : fidelity.accuracyOriginal(), true, false));
            explored.addAll(s.explored);
            explored.add(new PruneReport.Explored(s.chosenLabel != null ? s.chosenLabel : s.o.method() + " pruned",
                    ta.flashBytes(), ta.instructions(), fidelity == null ? null : fidelity.accuracyPruned(), false,
                    true));
        }
        return new PruneReport(s.o.method(), criterion, allocation, layers, tb, ta, fidelity, s.notes, explored,
                s.epochs);
    }

    /** A model the run evaluated besides the chosen one: packed size and speed, top-1 on the labelled records. */
    static PruneReport.Explored explored(PruneSetup s, Model m, String label, List<byte[]> validation,
            Progress progress) {
        PackPlan p = PackPlanner.plan(m.main(), s.o.core());
        Double top1 = null;
        int[] labels = s.o.labels();
        if (!validation.isEmpty() && labels != null && labels.length == validation.size()) {
            Interpreter in = Interpreter.create(m);
            int right = 0;
            for (int r = 0; r < validation.size(); r++) {
                progress.checkCanceled();
                in.reset();
                right += Interpreter.argmax(in.run(validation.get(r))) == labels[r] ? 1 : 0;
            }
            top1 = (double) right / validation.size();
        }
        return new PruneReport.Explored(label, p.totalFlashBytes(), p.instructions(), top1, false, false);
    }

    private static String units(PruneSetup s, int li) {
        PrunableGraph.Layer l = s.pg.layers.get(li);
        List<String> u = new ArrayList<>();
        if (l.outSpace >= 0 && s.vars.stream().anyMatch(v -> v.space() == l.outSpace)) {
            u.add("channel");
        }
        if (s.kind != null && s.kind[li] != null) {
            u.add(switch (s.kind[li]) {
                case FILTERLET -> "filterlet";
                case BLOCK -> "block4";
                case WEIGHT -> "weight";
            });
        }
        return String.join("+", u);
    }

    private static double[] keptPerChannel(PruneSetup s, PrunableGraph.Layer l, Graph og, Graph ng) {
        double[] out = new double[l.cout];
        int[] kept = l.outSpace >= 0 && s.kind != null ? keptIndex(s, l.outSpace, l.cout) : identity(l.cout);
        Tensor nw = ng.tensor(l.weights);
        byte[] q = nw.data();
        if (l.type == OpType.DEPTHWISE_CONV_2D) {
            for (int k = 0; k < kept.length; k++) {
                out[kept[k]] = 1.0;
            }
            return out;
        }
        int rowLen = kept.length == 0 ? 0 : q.length / Math.max(1, kept.length);
        Tensor ow = og.tensor(l.weights);
        byte[] oq = ow.data();
        int origRow = l.rowLength();
        for (int k = 0; k < kept.length && rowLen > 0; k++) {
            int nz = 0;
            int onz = 0;
            for (int j = 0; j < rowLen; j++) {
                nz += q[k * rowLen + j] != 0 ? 1 : 0;
            }
            for (int j = 0; j < origRow; j++) {
                onz += oq[kept[k] * origRow + j] != 0 ? 1 : 0;
            }
            out[kept[k]] = onz == 0 ? 0 : Math.min(1.0, (double) nz / onz);
        }
        return out;
    }

    private static int[] keptIndex(PruneSetup s, int space, int n) {
        return identityUnlessRemoved(s.lastPlanRemoved(space), n);
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] identityUnlessRemoved(boolean[] removed, int n) {
        return removed == null ? identity(n) : ChannelSurgery.kept(removed);
    }

    private static PruneReport.Totals totals(PackPlan p, Graph g, PrunableGraph pg, Model pruned) {
        long params = 0;
        for (dev.prunus.core.ir.Operator op : g.operators()) {
            if (op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D
                    || op.type() == OpType.FULLY_CONNECTED) {
                Tensor w = op.input(g, 1);
                if (w != null && w.isConstant()) {
                    for (byte b : w.data()) {
                        params += b != 0 ? 1 : 0;
                    }
                }
            }
        }
        ArenaPlan arena = MemoryPlanner.plan(g);
        return new PruneReport.Totals(p.totalFlashBytes(), p.weightBytes(), p.indexBytes(),
                p.otherConstantBytes() + p.requantBytes(), p.instructions(), arena.arenaBytes(),
                arena.persistentBytes(), params);
    }

    private static PruneReport.Fidelity fidelity(PruneSetup s, Model original, Model pruned, List<byte[]> validation,
            Progress progress) {
        List<byte[]> recs = validation.isEmpty() ? s.calibration : validation;
        if (recs.isEmpty()) {
            return null;
        }
        boolean disjoint = !validation.isEmpty();
        int[] labels = disjoint ? s.o.labels() : null;
        Interpreter a = Interpreter.create(original);
        Interpreter b = Interpreter.create(pruned);
        Tensor out = original.main().output(0);
        double zp = out.quantization().isQuantized() ? out.quantization().zeroPoint(0) : 0;
        int agree = 0;
        int correctA = 0;
        int correctB = 0;
        int classes = out.elementCount();
        int[] classTotal = new int[classes];
        int[] classA = new int[classes];
        int[] classB = new int[classes];
        double sig = 0;
        double noise = 0;
        for (int r = 0; r < recs.size(); r++) {
            progress.checkCanceled();
            // validation records are independent samples
            a.reset();
            b.reset();
            byte[] ya = a.run(recs.get(r));
            byte[] yb = b.run(recs.get(r));
            int ka = Interpreter.argmax(ya);
            int kb = Interpreter.argmax(yb);
            agree += ka == kb ? 1 : 0;
            if (labels != null) {
                correctA += ka == labels[r] ? 1 : 0;
                correctB += kb == labels[r] ? 1 : 0;
                if (labels[r] >= 0 && labels[r] < classes) {
                    classTotal[labels[r]]++;
                    classA[labels[r]] += ka == labels[r] ? 1 : 0;
                    classB[labels[r]] += kb == labels[r] ? 1 : 0;
                }
            }
            for (int i = 0; i < ya.length; i++) {
                double x = ya[i] - zp;
                double d = ya[i] - yb[i];
                sig += x * x;
                noise += d * d;
            }
        }
        double snr = noise == 0 ? 999.0 : Math.min(999.0, 10 * Math.log10(Math.max(sig, 1e-12) / noise));
        int n = recs.size();
        double[] perA = labels == null ? null : new double[classes];
        double[] perB = labels == null ? null : new double[classes];
        for (int c = 0; labels != null && c < classes; c++) {
            perA[c] = classTotal[c] == 0 ? Double.NaN : (double) classA[c] / classTotal[c];
            perB[c] = classTotal[c] == 0 ? Double.NaN : (double) classB[c] / classTotal[c];
        }
        List<String> names = labels != null && s.classNames != null && s.classNames.size() == classes ? s.classNames
                : null;
        return new PruneReport.Fidelity(n, disjoint, (double) agree / n, labels == null ? null : (double) correctA / n,
                labels == null ? null : (double) correctB / n, snr, perA, perB, names);
    }

    /**
     * A ratio counts prunable weights, while people read weight bytes: when the bytes fell clearly less than the
     * ratio, say which layers kept their bytes and why, so that "0.5 removed 18 %" is not a mystery.
     */
    private static void explainRatio(PruneSetup s, List<PruneReport.LayerReport> layers, PruneReport.Totals before,
            PruneReport.Totals after) {
        Double ratio = s.o.ratio();
        if (ratio == null || ratio <= 0 || before.weightBytes() <= 0) {
            return;
        }
        double removedBytes = 1.0 - (double) after.weightBytes() / before.weightBytes();
        if (removedBytes >= ratio - 0.05) {
            return;
        }
        List<String> why = new ArrayList<>();
        for (PruneReport.LayerReport l : layers) {
            if (l.units().isEmpty()) {
                why.add(String.format(Locale.ROOT, "operator %d (%s) is not pruned by method %s", l.operator(),
                        l.type(), s.o.method()));
            } else if ("DENSE".equals(l.format()) && l.keptWeights() < l.weights()) {
                why.add(String.format(Locale.ROOT, "operator %d (%s) stays dense (its sparse form is not smaller or "
                        + "not faster), so its zeros still take bytes", l.operator(), l.type()));
            }
        }
        s.notes.add(String.format(Locale.ROOT, "ratio %.2f is a fraction of the prunable weights; weight bytes fell "
                + "by %.1f%%%s", ratio, 100 * removedBytes, why.isEmpty() ? "" : ": " + String.join("; ", why)));
    }
}
