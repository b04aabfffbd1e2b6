package dev.prunus.core.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;

/**
 * bench/accuracy.sh: prune ResNet-8 while training on ../shared/samples/cifar10-train only (validation: a split of
 * it), then measure top-1 of the dense and the pruned model with the interpreter on the shared test images 0-465
 * (never used for training or choosing), the conv weights removed and the cost model's M4 instructions.
 * Arguments: SHARED METHOD RATIO EPOCHS LEARNING_RATE WORKDIR [INSTRUCTIONS]: with INSTRUCTIONS (a fraction of the
 * dense model's M4 instructions, for example 0.6) the run has that instruction budget and RATIO becomes the least
 * fraction of prunable weights removed, so the per-layer ratios are allocated by sensitivity.
 */
public final class AccuracyBenchmark {

    private AccuracyBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        Path shared = Path.of(a[0]);
        String method = a[1];
        double ratio = Double.parseDouble(a[2]);
        int epochs = Integer.parseInt(a[3]);
        double rate = Double.parseDouble(a[4]);
        Path work = Path.of(a[5]);
        Path modelFile = shared.resolve("models/mlperf_tiny/pretrainedResnet_quant.tflite");
        byte[] modelBytes = Files.readAllBytes(modelFile);
        String budget = "";
        if (a.length > 6 && !a[6].isBlank()) {
            long dense = PackPlanner.plan(TfliteReader.read(modelBytes).main(), "m4").instructions();
            budget = String.format(Locale.ROOT, "\"budget\": {\"instructions\": %d},",
                    (long) (Double.parseDouble(a[6]) * dense));
        }
        PrunusSettings s = SettingsIO.read(String.format(Locale.ROOT, """
                {"schema": 1, "model": "resnet.tflite", "method": "%s", "ratio": %s, %s
                 "training": {"data": "%s", "validationSplit": 0.1, "epochs": %d, "learningRate": %s,
                              "augmentation": {"crop": true, "padding": 4, "flip": true}, "seed": 1, "threads": 0}}
                """, method, ratio, budget, shared.resolve("samples/cifar10-train"), epochs, rate));
        Path out = Files.createDirectories(work);
        PipelineRequest request = new PipelineRequest("resnet.tflite", modelBytes, s, p -> Files.readAllBytes(
                work.resolve(p)), work, p -> Files.isRegularFile(out.resolve(p)) ? Files.readAllBytes(out.resolve(p))
                        : null);
        long start = System.nanoTime();
        PipelineResult r = Pipeline.run(request, new Progress() {
            @Override
            public void status(String line) {
                System.out.println("  " + line);
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        for (var e : r.files().entrySet()) {
            Path f = out.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        r.summary().forEach(l -> System.out.println("  " + l));
        Model dense = TfliteReader.read(modelBytes);
        Model pruned = TfliteReader.read(r.files().get("resnet.pruned.tflite"));
        byte[] images = Files.readAllBytes(shared.resolve("samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin"));
        List<String> rows = Files.readAllLines(shared.resolve("samples/cifar10/labels.csv"));
        int n = rows.size() - 1;
        int denseRight = top1(dense, images, rows, n);
        int prunedRight = top1(pruned, images, rows, n);
        long di = PackPlanner.plan(dense.main(), "m4").instructions();
        long pi = PackPlanner.plan(pruned.main(), "m4").instructions();
        long dw = convWeights(dense, false);
        long pw = convWeights(pruned, true);
        System.out.printf(Locale.ROOT, "%s %.2f%s, %d epochs, lr %s: test top-1 dense %d/%d (%.2f%%), pruned %d/%d "
                + "(%.2f%%), %.2f points; conv weights removed %.1f%%; M4 instructions (cost model) %,d -> %,d "
                + "(%.3fx); whole run %.0f s%n", method, ratio,
                budget.isEmpty() ? "" : " with instruction budget " + a[6] + "x",
                epochs, a[4], denseRight, n, 100.0 * denseRight / n,
                prunedRight, n, 100.0 * prunedRight / n, 100.0 * (denseRight - prunedRight) / n,
                100.0 * (1 - (double) pw / dw), di, pi, (double) pi / di, seconds);
    }

    private static int top1(Model m, byte[] images, List<String> rows, int n) {
        Interpreter in = Interpreter.create(m);
        int right = 0;
        for (int i = 0; i < n; i++) {
            byte[] q = new byte[3072];
            for (int k = 0; k < q.length; k++) {
                q[k] = (byte) ((images[i * 3072 + k] & 0xff) - 128);
            }
            in.reset();
            right += Interpreter.argmax(in.run(q)) == Integer.parseInt(rows.get(i + 1).split(",")[1]) ? 1 : 0;
        }
        return right;
    }

    /** CONV_2D weights of the model: all of them, or only the non-zero ones. */
    private static long convWeights(Model m, boolean nonZero) {
        long c = 0;
        for (Operator op : m.main().operators()) {
            if (op.type() == OpType.CONV_2D) {
                for (byte b : op.input(m.main(), 1).data()) {
                    c += !nonZero || b != 0 ? 1 : 0;
                }
            }
        }
        return c;
    }
}
