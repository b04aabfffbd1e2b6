package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

class QuantizeCommandTest extends CliTestSupport {

    private static final int INPUT = 4 * 4 * 2;

    /** input [1,4,4,2] -> CONV_2D 1x1 (RELU) [1,4,4,3] -> RESHAPE [1,48] -> last op (FC 48->4 or SUM) -> SOFTMAX. */
    private Path floatModel(String fileName, OpType middle) throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        t.add(Tensor.activation(0, "input", TensorType.FLOAT32, new int[] {1, 4, 4, 2}, Quantization.NONE));
        t.add(Tensor.constant(1, "conv/w", TensorType.FLOAT32, new int[] {3, 1, 1, 2}, Quantization.NONE, random(r, 6)));
        t.add(Tensor.constant(2, "conv/b", TensorType.FLOAT32, new int[] {3}, Quantization.NONE, random(r, 3)));
        t.add(Tensor.activation(3, "conv", TensorType.FLOAT32, new int[] {1, 4, 4, 3}, Quantization.NONE));
        ops.add(new Operator(0, OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3},
                new OpOptions.Conv2DOptions(Padding.VALID, 1, 1, Activation.RELU, 1, 1)));
        t.add(Tensor.constant(4, "shape", TensorType.INT32, new int[] {2}, Quantization.NONE, ints(1, 48)));
        t.add(Tensor.activation(5, "flat", TensorType.FLOAT32, new int[] {1, 48}, Quantization.NONE));
        ops.add(new Operator(1, OpType.RESHAPE, new int[] {3, 4}, new int[] {5},
                new OpOptions.ReshapeOptions(new int[] {1, 48})));
        t.add(Tensor.constant(6, "fc/w", TensorType.FLOAT32, new int[] {4, 48}, Quantization.NONE, random(r, 192)));
        t.add(Tensor.constant(7, "fc/b", TensorType.FLOAT32, new int[] {4}, Quantization.NONE, random(r, 4)));
        t.add(Tensor.activation(8, "logits", TensorType.FLOAT32, new int[] {1, 4}, Quantization.NONE));
        if (middle == OpType.FULLY_CONNECTED) {
            ops.add(new Operator(2, OpType.FULLY_CONNECTED, new int[] {5, 6, 7}, new int[] {8},
                    new OpOptions.FullyConnectedOptions(Activation.NONE, false, false)));
        } else {
            ops.add(new Operator(2, middle, new int[] {5, 4}, new int[] {8}, new OpOptions.ReducerOptions(false)));
        }
        t.add(Tensor.activation(9, "prob", TensorType.FLOAT32, new int[] {1, 4}, Quantization.NONE));
        ops.add(new Operator(3, OpType.SOFTMAX, new int[] {8}, new int[] {9}, new OpOptions.SoftmaxOptions(1f)));
        Path model = dir.resolve(fileName);
        Files.write(model, TfliteWriter.write(Model.of(new Graph("tiny", t, ops, new int[] {0}, new int[] {9}))));
        return model;
    }

    private static byte[] random(SplittableRandom r, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) r.nextGaussian());
        }
        return b.array();
    }

    private static byte[] ints(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    /** Float32 calibration records in [0, 2). */
    private Path floatRecords(String fileName, int records) throws Exception {
        SplittableRandom r = new SplittableRandom(9);
        ByteBuffer b = ByteBuffer.allocate(4 * INPUT * records).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < INPUT * records; i++) {
            b.putFloat((float) (2 * r.nextDouble()));
        }
        Path file = dir.resolve(fileName);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void quantizesAFloatModelThatRunRuns() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path cal = floatRecords("cal.f32", 20);
        Path q = dir.resolve("tiny.int8.tflite");
        String[] args = {"quantize", model.toString(), "--calibration", cal.toString(), "--out", q.toString()};
        assertEquals(0, run(args), err::toString);
        assertTrue(out.toString().contains("with 20 calibration records"), out.toString());
        assertTrue(out.toString().contains("input  INT8[1, 4, 4, 2]"), out.toString());
        assertTrue(out.toString().contains("output INT8[1, 4] scale=0.00390625 zero_point=-128"), out.toString());
        Model m = TfliteReader.read(q);
        assertEquals(TensorType.INT8, m.main().input(0).type());
        Path inputs = dir.resolve("in.s8");
        Files.write(inputs, new byte[2 * INPUT]);
        assertEquals(0, run("run", q.toString(), "--inputs", inputs.toString()), err::toString);
        assertEquals(2, out.toString().strip().split("\n").length);
        assertEquals(0, run(args), err::toString);
        assertTrue(out.toString().contains("unchanged"), "same inputs give the same bytes: " + out);
    }

    @Test
    void runAndEvalTakeTheFloatModelItself() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path records = floatRecords("x.f32", 3);
        assertEquals(0, run("run", model.toString(), "--inputs", records.toString()), err::toString);
        String[] lines = out.toString().strip().split("\n");
        assertEquals(3, lines.length);
        for (int r = 0; r < lines.length; r++) {
            String[] f = lines[r].split(" ");
            assertEquals(Integer.toString(r), f[0]);
            double sum = 0;
            float best = -1;
            int argmax = -1;
            String[] values = f[2].substring("out=".length()).split(",");
            for (int k = 0; k < values.length; k++) {
                float v = Float.parseFloat(values[k]);
                sum += v;
                if (v > best) {
                    best = v;
                    argmax = k;
                }
            }
            assertEquals(1.0, sum, 1e-5, "softmax probabilities: " + lines[r]);
            assertEquals("argmax=" + argmax, f[1]);
        }
        Path labels = Files.writeString(dir.resolve("labels.txt"), "0\n1\n2\n");
        assertEquals(0, run("eval", model.toString(), "--data", records.toString(), "--labels", labels.toString(),
                "--raw-type", "float32"), err::toString);
        assertTrue(out.toString().contains("/3 ("), out::toString);
        Path partial = Files.write(dir.resolve("partial.f32"), new byte[4 * INPUT + 2]);
        assertEquals(1, run("run", model.toString(), "--inputs", partial.toString()));
        assertTrue(err.toString().contains("not a whole number of 128-byte records; a float32 model takes its input "
                + "values as little-endian float32"), err::toString);
    }

    @Test
    void int8RecordsWithAStatedInputQuantization() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path cal = dir.resolve("cal.s8");
        byte[] records = new byte[10 * INPUT];
        new SplittableRandom(2).nextBytes(records);
        Files.write(cal, records);
        Path q = dir.resolve("q.tflite");
        assertEquals(PrunusCli.EXIT_FAILURE,
                run("quantize", model.toString(), "--calibration", cal.toString(), "--out", q.toString()));
        assertTrue(err.toString().contains("--input-quantization"), err.toString());
        assertEquals(0, run("quantize", model.toString(), "--calibration", cal.toString(), "--input-quantization",
                "0.0078125,-128", "--out", q.toString()), err::toString);
        Quantization in = TfliteReader.read(q).main().input(0).quantization();
        assertEquals(0.0078125f, in.scale(0));
        assertEquals(-128, in.zeroPoint(0));
    }

    @Test
    void floatIoKeepsFloatEdges() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path q = dir.resolve("q.tflite");
        assertEquals(0, run("quantize", model.toString(), "--calibration", floatRecords("c.bin", 5).toString(),
                "--float-io", "--out", q.toString()), err::toString);
        Graph g = TfliteReader.read(q).main();
        assertEquals(TensorType.FLOAT32, g.input(0).type());
        assertEquals(OpType.QUANTIZE, g.operator(0).type());
        assertEquals(OpType.DEQUANTIZE, g.operator(g.operators().size() - 1).type());
    }

    @Test
    void alreadyInt8ModelFailsAndWritesNothing() throws Exception {
        Path demo = demoModel("demo.tflite");
        Path q = dir.resolve("q.tflite");
        assertEquals(PrunusCli.EXIT_FAILURE, run("quantize", demo.toString(), "--calibration",
                floatRecords("c.bin", 1).toString(), "--out", q.toString()));
        String message = err.toString().strip();
        assertTrue(message.startsWith("prunus quantize: "), message);
        assertTrue(message.contains("already quantized"), message);
        assertFalse(message.contains("\n"), message);
        assertFalse(Files.exists(q), "nothing written");
    }

    @Test
    void unsupportedOperatorFailsAndWritesNothing() throws Exception {
        Path model = floatModel("sum.tflite", OpType.SUM);
        Path q = dir.resolve("q.tflite");
        assertEquals(PrunusCli.EXIT_FAILURE, run("quantize", model.toString(), "--calibration",
                floatRecords("c.bin", 1).toString(), "--out", q.toString()));
        assertTrue(err.toString().contains("without an int8 form in Prunus: SUM (operator 2)"), err.toString());
        assertFalse(Files.exists(q), "nothing written");
    }

    @Test
    void partialRecordsAreRefused() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path cal = dir.resolve("bad.f32");
        Files.write(cal, new byte[4 * INPUT + 3]);
        Path q = dir.resolve("q.tflite");
        assertEquals(PrunusCli.EXIT_FAILURE,
                run("quantize", model.toString(), "--calibration", cal.toString(), "--out", q.toString()));
        assertTrue(err.toString().contains("not a whole number of 128-byte float32 records"), err.toString());
        assertFalse(Files.exists(q));
    }

    @Test
    void calibrationMethodsAreSelectable() throws Exception {
        Path model = floatModel("tiny.tflite", OpType.FULLY_CONNECTED);
        Path cal = floatRecords("cal.f32", 20);
        for (String method : new String[] {"min-max", "percentile", "mse", "averaged"}) {
            Path q = dir.resolve(method + ".tflite");
            assertEquals(0, run("quantize", model.toString(), "--calibration", cal.toString(), "--calibration-method",
                    method, "--out", q.toString()), err::toString);
            assertTrue(Files.isRegularFile(q), method);
        }
        assertEquals(PrunusCli.EXIT_FAILURE, run("quantize", model.toString(), "--calibration", cal.toString(),
                "--calibration-method", "kl", "--out", dir.resolve("kl.tflite").toString()));
        assertTrue(err.toString().contains("min-max, percentile, mse or averaged"), err.toString());
    }
}
