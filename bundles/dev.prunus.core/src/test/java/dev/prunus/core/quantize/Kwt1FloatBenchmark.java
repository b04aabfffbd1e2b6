package dev.prunus.core.quantize;

import java.nio.file.Path;
import java.util.Locale;

import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.ir.Model;

/**
 * {@code Kwt1FloatBenchmark SHARED}: KWT-1 (float) in the float evaluator on the 720 shared Speech Commands clips,
 * against desktop TFLite 2.6.2's outputs in reference_outputs: argmax agreement, top-1 of both, the largest
 * absolute and relative (|d| / (1 + |v|)) output difference. Run by bench/kwt1-float.sh.
 */
public final class Kwt1FloatBenchmark {

    private Kwt1FloatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        Kwt1Clips kwt1 = Kwt1Clips.load(shared);
        Model kwt = kwt1.model();
        Dataset clips = kwt1.clips();
        FloatEvaluator e = FloatEvaluator.create(kwt);
        int agree = 0;
        int correct = 0;
        int referenceCorrect = 0;
        double maxAbs = 0;
        double maxRel = 0;
        long start = System.nanoTime();
        for (int i = 0; i < clips.size(); i++) {
            float[] expected = kwt1.reference()[i];
            float[] actual = e.run(clips.real(i))[0];
            for (int k = 0; k < actual.length; k++) {
                double d = Math.abs(actual[k] - expected[k]);
                maxAbs = Math.max(maxAbs, d);
                maxRel = Math.max(maxRel, d / (1 + Math.abs(expected[k])));
            }
            int mine = Evaluation.argmax(actual);
            int theirs = Evaluation.argmax(expected);
            agree += mine == theirs ? 1 : 0;
            correct += mine == clips.label(i) ? 1 : 0;
            referenceCorrect += theirs == clips.label(i) ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("| clips | argmax = desktop TFLite | top-1 Prunus float | top-1 desktop TFLite | max abs diff "
                + "| max diff / (1 + abs value) | seconds per clip |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.3g | %.3g | %.3f |%n", clips.size(), agree, correct,
                referenceCorrect, maxAbs, maxRel, seconds / clips.size());
    }
}
