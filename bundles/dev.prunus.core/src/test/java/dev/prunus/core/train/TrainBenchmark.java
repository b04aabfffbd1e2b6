package dev.prunus.core.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteReader;

/**
 * Training throughput on ResNet-8 (pretrainedResnet_quant): batch 32, forward + backward + Adam update with fake
 * quantization, on the shared CIFAR-10 test images (speed only: no accuracy is reported from them). Prints images/s
 * and achieved GFLOP/s (3 x forward MACs x 2 per image: forward, input gradient, weight gradient).
 * Usage: TrainBenchmark SHARED_DIR [SECONDS] [THREADS]
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Paths.get(args.length > 0 ? args[0] : "../shared");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Model model = TfliteReader.read(shared.resolve("models/mlperf_tiny/pretrainedResnet_quant.tflite"));
        TrainingData data = Cifar.read(shared.resolve("samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin"),
                shared.resolve("samples/cifar10/labels.csv"), model.main().input(0), 466);
        for (boolean distill : new boolean[] {false, true}) {
            TrainOptions o = TrainOptions.DEFAULTS.withEpochs(1).withBatchSize(32).withThreads(threads)
                    .withOptimizer(TrainOptions.Optimizer.ADAM, 1e-4);
            Trainer t = Trainer.create(model, distill ? model : null, o);
            long macs = t.forwardMacs();
            // Warm-up: C2 compiles the kernels.
            t.train(data, null);
            t.train(data, null);
            long images = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < seconds * 1e9) {
                Trainer.Result r = t.train(data, null);
                images += data.size();
                if (r.steps() == 0) {
                    break;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double ips = images / elapsed;
            double flops = 3.0 * 2 * macs * (distill ? 4.0 / 3 : 1);
            System.out.printf("%s: %d threads, batch 32, %.0f images/s, %.1f GFLOP/s (%.2f MMAC forward per image%s)%n",
                    distill ? "cross-entropy + distillation (teacher forward)" : "cross-entropy", threads, ips,
                    ips * flops / 1e9, macs / 1e6, distill ? ", + one teacher forward" : "");
        }
        if (Files.exists(Paths.get("/proc/cpuinfo"))) {
            System.out.println("(see bench/train-speed.sh for the machine's peak)");
        }
    }
}
