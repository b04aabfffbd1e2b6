package dev.prunus.core.quantize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.prunus.core.PrunusException;
import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.ir.Model;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.tflite.TfliteReader;

/**
 * KWT-1 (float) with the 720 shared Speech Commands clips read as the model expects, and desktop TFLite 2.6.2's
 * logits for each clip from {@code reference_outputs}: what the KWT-1 benchmarks compare against.
 */
record Kwt1Clips(Model model, Dataset clips, float[][] reference) {

    static Kwt1Clips load(Path shared) throws IOException, PrunusException {
        Model kwt = TfliteReader.read(shared.resolve("models/float/kwt1_float.tflite"));
        Dataset clips = DataReader.read(shared.resolve("samples/speech_commands"), null, InputSpec.of(kwt),
                Preprocessing.DEFAULT, Progress.NONE);
        List<String> lines = Files.readAllLines(
                shared.resolve("samples/reference_outputs/tflite-2.6.2_djl/kwt1_float__speech_commands.txt"));
        float[][] reference = new float[clips.size()][];
        for (int i = 0; i < clips.size(); i++) {
            // "<file> label=<name> ... out=<v0>,<v1>,...": the lines follow the clips' order, checked by label.
            String[] fields = lines.get(i).split(" ");
            if (!fields[1].equals("label=" + clips.classNames().get(clips.label(i)))) {
                throw new IllegalStateException("clip " + i + " is not " + fields[0]);
            }
            String[] values = fields[3].substring("out=".length()).split(",");
            reference[i] = new float[values.length];
            for (int k = 0; k < values.length; k++) {
                reference[i][k] = Float.parseFloat(values[k]);
            }
        }
        return new Kwt1Clips(kwt, clips, reference);
    }
}
