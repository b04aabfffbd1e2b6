package dev.prunus.core.codegen;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quantize.CalibrationSource;
import dev.prunus.core.quantize.PostTrainingQuantizer;
import dev.prunus.core.quantize.QuantizeOptions;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;

/**
 * {@code Kwt1CBenchmark SHARED TARGET N [WORK]}: KWT-1 quantized by Prunus (min/max on the even-numbered shared
 * Speech Commands clips, the model of docs/benchmarks/quantization.md), generated as C (float32 front end, int8
 * transformer) and run by CValidator on N held-out (odd-numbered) clips spread over the labels, on TARGET (host,
 * m4, m7): int8 outputs compared byte for byte with the interpreter, instructions per inference, flash and arena.
 * Run by bench/kwt1-c.sh.
 */
public final class Kwt1CBenchmark {

    private Kwt1CBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        CValidator.Target target = CValidator.Target.parse(args[1]);
        int n = Integer.parseInt(args[2]);
        Path work = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("kwt1-c");
        Model kwt = TfliteReader.read(shared.resolve("models/float/kwt1_float.tflite"));
        Dataset clips = DataReader.read(shared.resolve("samples/speech_commands"), null, InputSpec.of(kwt),
                Preprocessing.DEFAULT, Progress.NONE);
        Path quantized = work.resolve("kwt1_int8.tflite");
        if (!Files.exists(quantized)) {
            List<float[]> calibration = new ArrayList<>();
            for (int i = 0; i < clips.size(); i += 2) {
                calibration.add(clips.real(i));
            }
            PostTrainingQuantizer.Result r = PostTrainingQuantizer.quantize(kwt,
                    CalibrationSource.ofSingleInput(calibration), QuantizeOptions.defaults());
            Files.write(quantized, TfliteWriter.write(r.model()));
        }
        Model q = TfliteReader.read(quantized);
        int step = clips.size() / n / 2 * 2;
        ByteBuffer records = ByteBuffer.allocate(n * clips.real(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int clip = i * step + 1; // odd: held out from the calibration
            for (float v : clips.real(clip)) {
                records.putFloat(v);
            }
            labels[i] = clips.label(clip);
        }
        PackPlan pack = PackPlanner.plan(q.main(), "m4");
        ValidationResult v = CValidator.validate(q, pack, records.array(), labels, target, "-O2",
                work.resolve(target.name().toLowerCase()), Progress.NONE);
        System.out.printf("target %s: %d clips, int8 outputs bit-exact with the interpreter %d, top-1 agreement %d,"
                + " correct %d%n", target, v.records(), v.bitExact(), v.top1Agreement(), v.correct());
        if (v.meanInstructions() >= 0) {
            System.out.printf("instructions per inference %d; code %d B, constants %d B, flash %d B, arena %d B,"
                    + " stack %d B%n", v.meanInstructions(), v.image().codeBytes(), v.image().constantBytes(),
                    v.image().codeBytes() + v.image().constantBytes(), v.image().arenaBytes(), v.stackBytes());
        }
        System.out.println("arena planned " + CGenerator.layout(q, "kwt1", pack).arenaBytes() + " B");
    }
}
