package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.prunus.core.data.Evaluation;
import dev.prunus.core.quantize.FloatEvaluator;

/**
 * {@code prunus run} on a float32 model: the records are the model's input values as little-endian float32,
 * concatenated; each runs through the float reference evaluator and prints {@code <index> argmax=<k> out=<v0>,...}
 * with output 0's float values (shortest decimal form that reads back to the same float).
 */
final class FloatRecords {

    private FloatRecords() {
    }

    static int run(FloatEvaluator evaluator, Path file, boolean json, PrintWriter out) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("inputs file not found: " + file);
        }
        int inputs = evaluator.graph().inputs().length;
        int[] sizes = new int[inputs];
        long recordBytes = 0;
        for (int i = 0; i < inputs; i++) {
            sizes[i] = evaluator.inputSize(i);
            recordBytes += 4L * sizes[i];
        }
        long size = Files.size(file);
        if (size == 0 || size % recordBytes != 0) {
            throw new CommandFailure(file + " holds " + size + " bytes, which is not a whole number of " + recordBytes
                    + "-byte records; a float32 model takes its input values as little-endian float32, concatenated");
        }
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        RunOutput printed = new RunOutput(json, out);
        long records = size / recordBytes;
        for (int r = 0; r < records; r++) {
            float[][] in = new float[inputs][];
            for (int i = 0; i < inputs; i++) {
                in[i] = new float[sizes[i]];
                all.asFloatBuffer().get(in[i]);
                all.position(all.position() + 4 * sizes[i]);
            }
            float[] values = evaluator.run(in)[0];
            int argmax = Evaluation.argmax(values);
            java.util.List<Float> list = new java.util.ArrayList<>(values.length);
            for (float f : values) {
                list.add(f);
            }
            printed.record(r, argmax, list);
        }
        return printed.finish();
    }
}
