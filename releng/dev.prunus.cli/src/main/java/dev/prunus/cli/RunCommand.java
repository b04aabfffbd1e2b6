package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;


import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.FloatEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus run MODEL --inputs FILE [--json]}: runs the bit-exact reference interpreter over every record of
 * FILE (the model's input tensors' exact bytes, concatenated) and prints one line per record:
 * {@code <index> argmax=<k> out=<v0>,<v1>,...} with the raw output values. The records are one sequence, as
 * TFLite Micro runs them: a model's variable tensors (LSTM state) carry from one record to the next;
 * {@code --reset-each} resets them before every record (independent records). A float32 model runs in the float
 * reference evaluator on raw float32 records ({@link FloatRecords}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the reference interpreter on raw input records and print the raw outputs.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--inputs", paramLabel = "FILE", required = true,
            description = "raw input records: the exact bytes of the input tensor(s), concatenated")
    Path inputs;

    @Option(names = "--json", description = "print a JSON array instead of lines")
    boolean json;

    @Option(names = "--reset-each", description = "reset the model's state (variable tensors, e.g. LSTM state) "
            + "before every record; by default it carries from one record to the next, as in TFLite Micro")
    boolean resetEach;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Model m = InspectCommand.readModel(model);
        if (FloatEvaluator.isFloatModel(m)) {
            return FloatRecords.run(FloatEvaluator.create(m), inputs, json, spec.commandLine().getOut());
        }
        Interpreter interpreter = Interpreter.create(m);
        byte[][] records = records(interpreter, inputs);
        Graph g = interpreter.graph();
        TensorType outType = g.tensor(g.outputs()[0]).type();
        PrintWriter out = spec.commandLine().getOut();
        RunOutput printed = new RunOutput(json, out);
        for (int r = 0; r < records.length; r++) {
            byte[][] in = split(interpreter, records[r]);
            if (resetEach) {
                interpreter.reset();
            }
            byte[] output = interpreter.run(in)[0];
            long[] values = values(output, outType);
            int argmax = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[argmax]) {
                    argmax = i;
                }
            }
            printed.record(r, argmax, Arrays.stream(values).boxed().toList());
        }
        return printed.finish();
    }

    /** Splits the inputs file into records of the model's total input size; a partial record is an error. */
    static byte[][] records(Interpreter interpreter, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("inputs file not found: " + file);
        }
        int recordSize = 0;
        for (int i = 0; i < interpreter.inputCount(); i++) {
            recordSize += interpreter.inputByteSize(i);
        }
        long size = Files.size(file);
        if (size == 0 || size % recordSize != 0) {
            throw new CommandFailure(file + " holds " + size + " bytes, which is not a whole number of " + recordSize
                    + "-byte input records; give the exact bytes of the model's input tensor(s), concatenated");
        }
        byte[] all = Files.readAllBytes(file);
        byte[][] records = new byte[(int) (size / recordSize)][];
        for (int r = 0; r < records.length; r++) {
            records[r] = Arrays.copyOfRange(all, r * recordSize, (r + 1) * recordSize);
        }
        return records;
    }

    private static byte[][] split(Interpreter interpreter, byte[] record) {
        byte[][] in = new byte[interpreter.inputCount()][];
        int at = 0;
        for (int i = 0; i < in.length; i++) {
            in[i] = Arrays.copyOfRange(record, at, at + interpreter.inputByteSize(i));
            at += in[i].length;
        }
        return in;
    }

    /** Raw output values, little-endian, of the output tensor's type. */
    static long[] values(byte[] bytes, TensorType type) {
        int size = Math.max(1, type.byteSize());
        long[] v = new long[bytes.length / size];
        for (int i = 0; i < v.length; i++) {
            long x = 0;
            for (int b = size - 1; b >= 0; b--) {
                x = (x << 8) | (bytes[i * size + b] & 0xff);
            }
            // Sign-extend signed types; UINT8 stays positive.
            v[i] = type == TensorType.UINT8 ? x : (x << (64 - 8 * size)) >> (64 - 8 * size);
        }
        return v;
    }
}
