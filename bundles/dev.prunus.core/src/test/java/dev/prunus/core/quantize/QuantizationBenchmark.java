package dev.prunus.core.quantize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Post-training quantization on the shared models (run by bench/quantize.sh, not a test): pretrainedResnet (float)
 * calibrated on cifar10-train and scored on the cifar10 test images against the float model and the official int8
 * twin; vww_96_float calibrated on upscaled CIFAR images and compared with its twin. Usage:
 * {@code QuantizationBenchmark [SUBSETS]}: SUBSETS > 0 also scores that many random 500-image calibration sets per
 * calibration method, to show the spread.
 */
public final class QuantizationBenchmark {

    private QuantizationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path shared = SharedData.root().orElseThrow(() -> new IllegalStateException(
                "../shared is missing; set PRUNUS_SHARED"));
        int subsets = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        resnet(shared, subsets);
        vww(shared);
    }

    private static void resnet(Path shared, int subsets) throws Exception {
        Model floatModel = TfliteReader.read(shared.resolve("models/float/pretrainedResnet.tflite"));
        Model official = TfliteReader.read(shared.resolve("models/mlperf_tiny/pretrainedResnet_quant.tflite"));
        byte[] test = CifarImages.testRecords(shared);
        int[] labels = CifarImages.testLabels(shared);
        int n = labels.length;
        List<Path> train = CifarImages.trainingFiles(shared);

        FloatEvaluator reference = FloatEvaluator.create(floatModel);
        int[] floatTop = new int[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            floatTop[i] = CifarImages.argmax(reference.run(CifarImages.testFloat(test, i))[0]);
        }
        double floatMs = (System.nanoTime() - t0) / 1e6 / n;
        int[] officialTop = int8Top(official, test, n);

        // As MLPerf Tiny's converter script: 500 calibration images, min/max. Ours are spread evenly over the
        // training folders (every 10.9th file), so the set is fixed and covers every class.
        t0 = System.nanoTime();
        List<float[]> calibration = CifarImages.read(CifarImages.evenly(train, 500));
        double readS = (System.nanoTime() - t0) / 1e9;
        System.out.println("== pretrainedResnet: float32 -> int8 (Prunus), 466 cifar10 test images ==");
        System.out.printf("float model (Prunus float evaluator): %s, %.1f ms/image%n", score(floatTop, labels),
                floatMs);
        System.out.printf("official int8 twin (Prunus interpreter, = TFLM): %s%n", score(officialTop, labels));
        System.out.printf("calibration images: %d of %d cifar10-train PNGs, every 10.9th (read in %.1f s)%n",
                calibration.size(), train.size(), readS);
        for (CalibrationMethod method : CalibrationMethod.values()) {
            t0 = System.nanoTime();
            PostTrainingQuantizer.Result r = PostTrainingQuantizer.quantize(floatModel,
                    CalibrationSource.ofSingleInput(calibration), QuantizeOptions.defaults().withMethod(method));
            double quantS = (System.nanoTime() - t0) / 1e9;
            byte[] bytes = TfliteWriter.write(r.model());
            Model q = TfliteReader.read(bytes);
            Quantization in = q.main().input(0).quantization();
            int[] top = int8Top(q, test, n);
            System.out.printf("Prunus int8, %-16s %s  (quantized in %.1f s, %d B; input scale %s zero point %d;"
                    + " top-1 agrees with float on %d, with the official twin on %d)%n", method + ":",
                    score(top, labels), quantS, bytes.length, in.scale(0), in.zeroPoint(0), agree(top, floatTop),
                    agree(top, officialTop));
            if (method == CalibrationMethod.MIN_MAX) {
                Path outFile = Files.createTempFile("pretrainedResnet.prunus-int8", ".tflite");
                Files.write(outFile, bytes);
                System.out.println("  written to " + outFile);
            }
        }
        for (CalibrationMethod method : new CalibrationMethod[] {CalibrationMethod.MIN_MAX,
            CalibrationMethod.PERCENTILE, CalibrationMethod.MSE}) {
            if (subsets <= 0) {
                break;
            }
            List<Integer> scores = new ArrayList<>();
            for (int s = 1; s <= subsets; s++) {
                List<Path> pick = new ArrayList<>(train);
                Collections.shuffle(pick, new Random(s));
                List<float[]> cal = CifarImages.read(pick.subList(0, 500));
                Model q = PostTrainingQuantizer.quantize(floatModel, CalibrationSource.ofSingleInput(cal),
                        QuantizeOptions.defaults().withMethod(method)).model();
                int[] top = int8Top(q, test, n);
                scores.add(agree(top, labels));
            }
            System.out.printf("spread over %d random 500-image calibration sets (seeds 1..%d), %s: %s of %d%n",
                    subsets, subsets, method, scores, n);
        }
    }

    private static void vww(Path shared) throws Exception {
        Model floatModel = TfliteReader.read(shared.resolve("models/float/vww_96_float.tflite"));
        Model official = TfliteReader.read(shared.resolve("models/mlperf_tiny/vww_96_int8.tflite"));
        // No VWW calibration set is shared: CIFAR-10 training images, upscaled 3x (nearest), pixels / 255 as the
        // twin's input quantization (scale 1/255, zero point -128) implies.
        List<float[]> calibration = new ArrayList<>();
        for (float[] img : CifarImages.read(CifarImages.evenly(CifarImages.trainingFiles(shared), 200))) {
            float[] x = upscale(img);
            for (int k = 0; k < x.length; k++) {
                x[k] /= 255f;
            }
            calibration.add(x);
        }
        long t0 = System.nanoTime();
        Model q = PostTrainingQuantizer.quantize(floatModel, CalibrationSource.ofSingleInput(calibration),
                QuantizeOptions.defaults()).model();
        double quantS = (System.nanoTime() - t0) / 1e9;
        Interpreter ours = Interpreter.create(TfliteReader.read(TfliteWriter.write(q)));
        Interpreter theirs = Interpreter.create(official);
        FloatEvaluator reference = FloatEvaluator.create(floatModel);
        System.out.println("== vww_96_float: float32 -> int8 (Prunus), calibrated on 200 upscaled CIFAR images in "
                + String.format("%.1f s", quantS) + "; input " + q.main().input(0).quantization() + " ==");
        for (String name : new String[] {"person", "no_person"}) {
            byte[] u8 = Files.readAllBytes(shared.resolve("samples/vww/" + name + "_rgb96_u8.bin"));
            float[] x = new float[u8.length];
            byte[] s8 = new byte[u8.length];
            for (int k = 0; k < u8.length; k++) {
                x[k] = (u8[k] & 0xff) / 255f;
                s8[k] = (byte) ((u8[k] & 0xff) - 128);
            }
            float[] f = reference.run(x)[0];
            byte[] a = ours.run(s8);
            byte[] b = theirs.run(s8);
            System.out.printf("%-9s (label %d): float p(person)=%.3f  Prunus int8 %d/256  official int8 %d/256%n",
                    name, name.equals("person") ? 1 : 0, f[1], a[1] + 128, b[1] + 128);
        }
        byte[] test = CifarImages.testRecords(shared);
        int n = test.length / CifarImages.PIXELS;
        int agreeOurs = 0;
        int agreeTheirs = 0;
        for (int i = 0; i < n; i++) {
            float[] x = upscale(CifarImages.testFloat(test, i));
            byte[] s8 = new byte[x.length];
            for (int k = 0; k < x.length; k++) {
                s8[k] = (byte) (Math.round(x[k]) - 128);
                x[k] /= 255f;
            }
            int f = CifarImages.argmax(reference.run(x)[0]);
            agreeOurs += CifarImages.argmax(ours.run(s8)) == f ? 1 : 0;
            agreeTheirs += CifarImages.argmax(theirs.run(s8)) == f ? 1 : 0;
        }
        System.out.printf("top-1 agreement with the float model on %d upscaled cifar10 test images: Prunus int8 %d,"
                + " official int8 %d%n", n, agreeOurs, agreeTheirs);
    }

    /** 32x32 RGB (0-255) to 96x96 (nearest), still 0-255. */
    private static float[] upscale(float[] img) {
        float[] out = new float[96 * 96 * 3];
        for (int y = 0; y < 96; y++) {
            for (int x = 0; x < 96; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * 96 + x) * 3 + c] = img[((y / 3) * 32 + x / 3) * 3 + c];
                }
            }
        }
        return out;
    }

    private static int[] int8Top(Model m, byte[] test, int n) {
        Interpreter interp = Interpreter.create(m);
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = CifarImages.argmax(interp.run(CifarImages.testInt8(test, i)));
        }
        return top;
    }

    private static int agree(int[] a, int[] b) {
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            k += a[i] == b[i] ? 1 : 0;
        }
        return k;
    }

    private static String score(int[] top, int[] labels) {
        int ok = agree(top, labels);
        return String.format("%d/%d (%.2f %%)", ok, labels.length, 100.0 * ok / labels.length);
    }
}
