package dev.prunus.core.quantize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * {@code Kwt1Int8Benchmark SHARED}: KWT-1 quantized by Prunus (float front end up to LOG, int8 transformer),
 * calibrated on the even-numbered shared Speech Commands clips (360, every label), scored in the interpreter on the
 * odd-numbered clips (held out), the even ones and all 720, against the float model's top-1 (desktop TFLite's
 * shared outputs, whose argmax equals Prunus' float evaluator on all 720, bench/kwt1-float.sh). Also quantized with
 * all 720 for calibration. Arguments: SHARED [METHOD [even|all|both]]. Run by bench/kwt1-int8.sh.
 */
public final class Kwt1Int8Benchmark {

    private Kwt1Int8Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Kwt1Clips kwt1 = Kwt1Clips.load(shared);
        Model kwt = kwt1.model();
        Dataset clips = kwt1.clips();
        int[] floatCorrect = new int[2];
        for (int i = 0; i < clips.size(); i++) {
            float[] expected = kwt1.reference()[i];
            floatCorrect[i % 2] += Evaluation.argmax(expected) == clips.label(i) ? 1 : 0;
        }
        String method = args.length > 1 ? args[1] : "min-max";
        CalibrationMethod m = switch (method) {
            case "percentile" -> CalibrationMethod.PERCENTILE;
            case "mse" -> CalibrationMethod.MSE;
            case "averaged" -> CalibrationMethod.AVERAGED_MIN_MAX;
            default -> CalibrationMethod.MIN_MAX;
        };
        System.out.println("| calibration (" + method + ") | clips | float top-1 | int8 top-1 | int8 = float argmax "
                + "| operators float / int8 | quantize s | s per clip int8 |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        String sets = args.length > 2 ? args[2] : "both";
        for (String set : new String[] {"even 360", "all 720"}) {
            if (!sets.equals("both") && !set.startsWith(sets)) {
                continue;
            }
            List<float[]> calibration = new ArrayList<>();
            for (int i = 0; i < clips.size(); i++) {
                if (set.startsWith("all") || i % 2 == 0) {
                    calibration.add(clips.real(i));
                }
            }
            long t0 = System.nanoTime();
            PostTrainingQuantizer.Result r = PostTrainingQuantizer.quantize(kwt,
                    CalibrationSource.ofSingleInput(calibration), QuantizeOptions.defaults().withMethod(m));
            double quantizeSeconds = (System.nanoTime() - t0) / 1e9;
            Model q = TfliteReader.read(TfliteWriter.write(r.model()));
            Interpreter in = Interpreter.create(q);
            Graph g = q.main();
            int[] correct = new int[2];
            int[] agree = new int[2];
            long t1 = System.nanoTime();
            for (int i = 0; i < clips.size(); i++) {
                byte[] out = in.run(clips.input(i));
                int p = Interpreter.argmax(out);
                correct[i % 2] += p == clips.label(i) ? 1 : 0;
                float[] expected = kwt1.reference()[i];
                agree[i % 2] += p == Evaluation.argmax(expected) ? 1 : 0;
            }
            double perClip = (System.nanoTime() - t1) / 1e9 / clips.size();
            String ops = r.floatOperators() + " / " + (g.operators().size() - r.floatOperators());
            String[] names = set.startsWith("all") ? new String[] {"even 360", "odd 360"}
                    : new String[] {"even 360 (calibration)", "odd 360 (held out)"};
            for (int h = 0; h < 2; h++) {
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %.1f | %.3f |%n", set, names[h],
                        floatCorrect[h], correct[h], agree[h], ops, quantizeSeconds, perClip);
            }
            System.out.printf(Locale.ROOT, "| %s | all 720 | %d | %d | %d | %s | %.1f | %.3f |%n", set,
                    floatCorrect[0] + floatCorrect[1], correct[0] + correct[1], agree[0] + agree[1], ops,
                    quantizeSeconds, perClip);
        }
    }
}
