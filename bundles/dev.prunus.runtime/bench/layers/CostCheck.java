/*
 * Prunus runtime benchmark: compares the measured instructions of bench_layers.c (lines "L ..." on standard input)
 * with dev.prunus.core.pack.CostModel, then the planner's whole-model estimate of the shared models with their
 * measured counts in docs/benchmarks/models.md. Run by bench/run-layers.sh as a single-file program:
 *   java -cp <core classes and dependencies> CostCheck.java m4|m7 REPOSITORY_ROOT < measured.txt
 * Prints markdown; exits 1 when a layer or a whole model is off by more than 10 %.
 */
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.CostModel;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.LayerPack;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.tflite.TfliteReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class CostCheck {

    private static final double LIMIT = 10.0;

    public static void main(String[] args) throws Exception {
        String core = args[0];
        Path root = Path.of(args[1]);
        CostModel cost = CostModel.forCore(core);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, double[]> worst = new LinkedHashMap<>(); // kernel -> {worst new, worst first model}
        System.out.println("| layer | kernel | shape (in -> out, k, stride) | kept / total | measured | estimate | error | "
                + "first model | error |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        boolean ok = true;
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.startsWith("L ")) {
                if (!line.isBlank()) {
                    System.out.println(line);
                    ok = false;
                }
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String name = f[1];
            boolean fast = !f[2].endsWith("/exact");
            String kernel = fast ? f[2] : f[2].substring(0, f[2].length() - "/exact".length());
            int[] v = new int[12];
            for (int i = 0; i < 12; i++) {
                v[i] = Integer.parseInt(f[3 + i]);
            }
            long measured = Long.parseLong(f[15]);
            int batches = v[0];
            int inH = v[1];
            int inW = v[2];
            int cin = v[3];
            int outH = v[4];
            int outW = v[5];
            int cout = v[6];
            int kh = v[7];
            int kw = v[8];
            int stride = v[9];
            long kept = v[10];
            long total = v[11];
            // bench_layers.c pads as TFLM does for these shapes (SAME at stride 1, VALID-like at stride 2)
            ConvGeometry g = new ConvGeometry(batches, inH, inW, cin, outH, outW, cout, kh, kw, stride, stride, 1, 1,
                    ConvGeometry.leadingPadding(stride, 1, inH, kh, outH),
                    ConvGeometry.leadingPadding(stride, 1, inW, kw, outW));
            long pixels = (long) batches * outH * outW;
            long n = pixels * cout;
            long inElems = (long) batches * inH * inW * cin;
            long estimate;
            long first;
            switch (kernel) {
                case "pn_conv_s8_3x3", "pn_conv_s8", "pn_conv_s8_1x1" -> {
                    Kernel k = kernel.equals("pn_conv_s8_3x3") ? Kernel.CONV_3X3
                            : kernel.equals("pn_conv_s8") ? Kernel.CONV : Kernel.CONV_1X1;
                    estimate = cost.conv(k, g, fast);
                    first = cost.dense(k, n * kh * kw * cin, n);
                }
                case "pn_depthwise_conv_s8_3x3", "pn_depthwise_conv_s8" -> {
                    Kernel k = kernel.endsWith("3x3") ? Kernel.DEPTHWISE_3X3 : Kernel.DEPTHWISE;
                    estimate = cost.conv(k, g, fast);
                    first = cost.dense(k, n * kh * kw, n);
                }
                case "pn_fully_connected_s8" -> {
                    estimate = cost.fullyConnected(batches, cout, cin);
                    first = cost.dense(Kernel.FULLY_CONNECTED, (long) cout * cin, cout);
                }
                case "pn_convolve_filterlet_s8" -> {
                    estimate = cost.filterlet(g, kept, fast);
                    first = cost.filterlet(pixels * kept * cin, n);
                }
                case "pn_convolve_1x1_block_s8" -> {
                    estimate = cost.conv1x1Block(4, g, kept, fast);
                    first = cost.conv1x1Block(4, kept, pixels, n);
                }
                case "pn_add_s8", "pn_avgpool_s8", "pn_softmax_s8" -> {
                    OpType t = kernel.equals("pn_add_s8") ? OpType.ADD
                            : kernel.equals("pn_avgpool_s8") ? OpType.AVERAGE_POOL_2D : OpType.SOFTMAX;
                    estimate = cost.other(t, inElems, n, pixels);
                    first = cost.other(t.name(), inElems, n);
                }
                default -> throw new IllegalArgumentException("unknown kernel " + kernel);
            }
            double err = 100.0 * (estimate - measured) / measured;
            double errFirst = 100.0 * (first - measured) / measured;
            double[] w = worst.computeIfAbsent(kernel + (fast ? "" : " (exact output stage)"), k -> new double[2]);
            w[0] = Math.max(w[0], Math.abs(err));
            w[1] = Math.max(w[1], Math.abs(errFirst));
            ok &= Math.abs(err) <= LIMIT;
            System.out.printf("| %s | %s | %dx%dx%d -> %dx%dx%d, %dx%d, s%d | %s | %d | %d | %+.1f %% | %d | %+.1f %% |%n",
                    name, f[2], inH, inW, cin, outH, outW, cout, kh, kw, stride,
                    total == 0 ? "-" : kept + " / " + total, measured, estimate, err, first, errFirst);
        }
        System.out.println();
        System.out.println("| kernel | worst error, calibrated | worst error, first model |");
        System.out.println("|---|---|---|");
        double all = 0;
        double allFirst = 0;
        for (Map.Entry<String, double[]> e : worst.entrySet()) {
            System.out.printf("| %s | %.1f %% | %.1f %% |%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            all = Math.max(all, e.getValue()[0]);
            allFirst = Math.max(allFirst, e.getValue()[1]);
        }
        System.out.printf("| every layer | **%.1f %%** | %.1f %% |%n", all, allFirst);
        ok &= wholeModels(root, core);
        System.exit(ok ? 0 : 1);
    }

    /** The planner's whole-model estimate against the measured counts of docs/benchmarks/models.md. */
    private static boolean wholeModels(Path root, String core) throws Exception {
        Path shared = Path.of(System.getenv().getOrDefault("PRUNUS_SHARED", root.resolve("../shared").toString()));
        Path doc = root.resolve("docs/benchmarks/models.md");
        if (!Files.isDirectory(shared.resolve("models")) || !Files.isRegularFile(doc)) {
            System.out.println();
            System.out.println("(whole models skipped: " + shared + "/models or " + doc + " not found)");
            return true;
        }
        Map<String, Long> measured = measured(Files.readAllLines(doc), core);
        String[][] models = {{"pretrainedResnet_quant", "mlperf_tiny/pretrainedResnet_quant.tflite"},
            {"vww_96_int8", "mlperf_tiny/vww_96_int8.tflite"}, {"person_detect", "tflm/person_detect.tflite"}};
        System.out.println();
        System.out.println("| model (as shipped, planner's formats) | measured (docs/benchmarks/models.md) | estimate | error |");
        System.out.println("|---|---|---|---|");
        boolean ok = true;
        for (String[] m : models) {
            var graph = TfliteReader.read(shared.resolve("models").resolve(m[1])).main();
            long estimate = 0;
            for (LayerPack l : PackPlanner.plan(graph, core).layers()) {
                estimate += l.instructions();
            }
            Long meas = measured.get(m[0]);
            if (meas == null) {
                System.out.printf("| %s | - | %d | - |%n", m[0], estimate);
                continue;
            }
            double err = 100.0 * (estimate - meas) / meas;
            ok &= Math.abs(err) <= LIMIT;
            System.out.printf("| %s | %d | %d | %+.1f %% |%n", m[0], meas, estimate, err);
        }
        return ok;
    }

    /** Instructions per inference of the "## Cortex-M4" (or M7) table of models.md, by model name. */
    private static Map<String, Long> measured(List<String> lines, String core) {
        Map<String, Long> out = new LinkedHashMap<>();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("## ")) {
                in = l.startsWith("## Cortex-" + core.toUpperCase());
                continue;
            }
            if (in && l.startsWith("| ") && !l.startsWith("| model") && !l.startsWith("|---")) {
                String[] c = l.split("\\|");
                try {
                    out.put(c[1].trim(), Long.parseLong(c[3].trim()));
                } catch (NumberFormatException e) {
                    // not a figure row
                }
            }
        }
        return out;
    }
}
