package dev.prunus.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prunus.core.PrunusException;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
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
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.ModelFormatException;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Models that are well-formed files but hostile content, written by Prunus' own writer and fed through the whole
 * pipeline (read, validate, prune, generate): each ends in one typed error naming the tensor or operator, what is
 * wrong and how to fix it, before anything large is allocated. The demo model's tensors: 0 input [1,16,16,3],
 * 1 conv1/weights, 3 conv1/relu6 [1,16,16,16], 6 dw2/relu6 [1,8,8,16], 9 pw3/relu6 [1,8,8,32]; operators
 * 0 CONV_2D, 1 DEPTHWISE_CONV_2D, 2 CONV_2D, 3 AVERAGE_POOL_2D, 4 RESHAPE, 5 FULLY_CONNECTED, 6 SOFTMAX.
 */
class HostileModelTest {

    private static final String SCALE_FIX = "; scales must be finite and above 0 (re-quantize the model, e.g. with "
            + "prunus quantize)";

    /** Runs the pipeline as a pruning build with calibration data (the path that runs the interpreter). */
    private static PipelineResult run(byte[] model, int recordBytes) {
        PrunusSettings s = PrunusSettings.defaults("hostile.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null)).withData("cal.s8", null, null);
        return Pipeline.run(new PipelineRequest("hostile.tflite", model, s, p -> new byte[recordBytes * 4]),
                Progress.NONE);
    }

    private static Model demo(UnaryOperator<Graph> edit) {
        return Model.of(edit.apply(DemoModel.build().main()));
    }

    private static Graph shape(Graph g, int tensor, int... shape) {
        return g.withTensor(g.tensor(tensor).withShape(shape));
    }

    private static Graph scale(Graph g, int tensor, float value) {
        Tensor t = g.tensor(tensor);
        float[] scales = t.quantization().scales();
        scales[scales.length > 1 ? 5 : 0] = value;
        return g.withTensor(t.withQuantization(new Quantization(scales, t.quantization().zeroPoints(),
                t.quantization().quantizedDimension())));
    }

    private static Graph options(Graph g, int op, OpOptions options) {
        Operator o = g.operator(op);
        return g.withOperator(new Operator(op, o.type(), o.inputs(), o.outputs(), options));
    }

    private static Graph inputs(Graph g, int op, int... inputs) {
        Operator o = g.operator(op);
        return g.withOperator(new Operator(op, o.type(), inputs, o.outputs(), o.options()));
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("zero batch", demo(g -> {
                    for (Tensor t : g.tensors()) {
                        if (!t.hasData()) {
                            int[] s = t.shape();
                            s[0] = 0;
                            g = g.withTensor(t.withShape(s));
                        }
                    }
                    return g;
                }), 0, "tensor 0 'input' has shape [0, 16, 16, 3] with a dimension of 0; every dimension must be at "
                        + "least 1 (export the model with batch size 1 and fixed input sizes)"),
                Arguments.of("zero channels", demo(g -> shape(g, 3, 1, 16, 16, 0)), 3, "tensor 3 'conv1/relu6' has "
                        + "shape [1, 16, 16, 0] with a dimension of 0; every dimension must be at least 1 (export the "
                        + "model with batch size 1 and fixed input sizes)"),
                Arguments.of("huge but consistent", demo(g -> {
                    g = shape(shape(shape(shape(g, 0, 1, 8192, 8192, 3), 3, 1, 8192, 8192, 16), 6, 1, 4096, 4096, 16),
                            9, 1, 4096, 4096, 32);
                    return options(g, 3, new OpOptions.Pool2DOptions(Padding.VALID, 4096, 4096, 4096, 4096,
                            Activation.NONE));
                }), 0, "tensor 0 'input' [1, 8192, 8192, 3] needs 201,326,592 bytes at run time; Prunus accepts at "
                        + "most 67,108,864 per tensor (microcontrollers have a few MB of RAM): reduce the model's "
                        + "input size"),
                Arguments.of("activation scale 0", demo(g -> scale(g, 3, 0f)), 3,
                        "tensor 3 'conv1/relu6' has quantization scale 0.0" + SCALE_FIX),
                Arguments.of("activation scale negative", demo(g -> scale(g, 3, -0.5f)), 3,
                        "tensor 3 'conv1/relu6' has quantization scale -0.5" + SCALE_FIX),
                Arguments.of("input scale NaN", demo(g -> scale(g, 0, Float.NaN)), 0,
                        "tensor 0 'input' has quantization scale NaN" + SCALE_FIX),
                Arguments.of("weight scale 0", demo(g -> scale(g, 1, 0f)), 1,
                        "tensor 1 'conv1/weights' has quantization scale 0.0 for channel 5" + SCALE_FIX),
                Arguments.of("weight scale negative", demo(g -> scale(g, 1, -0.002f)), 1,
                        "tensor 1 'conv1/weights' has quantization scale -0.002 for channel 5" + SCALE_FIX),
                Arguments.of("weight scale infinite", demo(g -> scale(g, 1, Float.POSITIVE_INFINITY)), 1,
                        "tensor 1 'conv1/weights' has quantization scale Infinity for channel 5" + SCALE_FIX),
                Arguments.of("zero point out of range", demo(g -> g.withTensor(g.tensor(3).withQuantization(
                        Quantization.perTensor(0.02f, 1000)))), 3, "tensor 3 'conv1/relu6' has zero point 1000, "
                                + "outside INT8's range [-128, 127] (re-quantize the model)"),
                Arguments.of("cycle", demo(g -> inputs(g, 0, 6, 1, 2)), -1, "the operators are not in an executable "
                        + "order: operator 0 (CONV_2D) reads input 0 tensor 6 'dw2/relu6' INT8[1, 8, 8, 16] "
                        + "q(s=0.0235294 zp=-128) before any operator writes it"),
                Arguments.of("self loop", demo(g -> inputs(g, 1, 6, 4, 5)), -1, "the operators are not in an "
                        + "executable order: operator 1 (DEPTHWISE_CONV_2D) reads input 0 tensor 6 'dw2/relu6' "
                        + "INT8[1, 8, 8, 16] q(s=0.0235294 zp=-128) before any operator writes it"),
                Arguments.of("missing filter", demo(g -> inputs(g, 0, 0, Operator.ABSENT, 2)), -1,
                        "operator 0 (CONV_2D): input 1 is missing"),
                Arguments.of("no outputs", demo(g -> g.withOutputs(new int[0])), -1, "the model has no output "
                        + "tensor, so an inference computes nothing; re-export it with its outputs listed in the "
                        + "subgraph"),
                Arguments.of("stride 0", demo(g -> options(g, 0, new OpOptions.Conv2DOptions(Padding.SAME, 0, 0,
                        Activation.RELU6, 1, 1))), -1, "operator 0 (CONV_2D): cannot prepare operator 0 (CONV_2D): "
                                + "stride must be positive, was 0"),
                Arguments.of("dilation overflowing int32", demo(g -> options(g, 0, new OpOptions.Conv2DOptions(
                        Padding.SAME, 1, 1, Activation.RELU6, Integer.MAX_VALUE, Integer.MAX_VALUE))), -1,
                        "operator 0 (CONV_2D): cannot prepare operator 0 (CONV_2D): the filter of 3 taps dilated by "
                                + "2147483647 spans 4294967295 pixels; at most 65536 are supported"),
                Arguments.of("pool filter overflowing int32", demo(g -> options(g, 3, new OpOptions.Pool2DOptions(
                        Padding.SAME, Integer.MAX_VALUE, Integer.MAX_VALUE, 8, 8, Activation.NONE))), -1,
                        "operator 3 (AVERAGE_POOL_2D): cannot prepare operator 3 (AVERAGE_POOL_2D): stride "
                                + "2147483647 exceeds 65536 pixels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void eachHostileModelEndsInOneTypedError(String name, Model model, int tensor, String expected) {
        byte[] bytes = TfliteWriter.write(model);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> run(bytes, 16 * 16 * 3));
        assertEquals(expected, e.getMessage());
        assertEquals(tensor, e.tensorIndex(), "the offending tensor is named in the exception too");
    }

    /** A chain of {@code n} RELU operators over int8 [1, width, height]. */
    static Model reluChain(int n, int width, int height) {
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        Quantization q = Quantization.perTensor(0.05f, -10);
        int[] shape = { 1, width, height };
        t.add(Tensor.activation(0, "in", TensorType.INT8, shape, q));
        for (int i = 0; i < n; i++) {
            t.add(Tensor.activation(i + 1, "relu" + i, TensorType.INT8, shape, q));
            ops.add(new Operator(i, OpType.RELU, new int[] { i }, new int[] { i + 1 }, OpOptions.NoOptions.INSTANCE));
        }
        return Model.of(new Graph("main", t, ops, new int[] { 0 }, new int[] { n }));
    }

    @Test
    void thousandsOfOperatorsGoThroughAndComputeTheRightValues() {
        int n = 5000;
        byte[] bytes = TfliteWriter.write(reluChain(n, 2, 4));
        PipelineResult result = run(bytes, 8);
        String c = new String(result.files().get("hostile.c"), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(n, c.split("pn_relu_s8\\(&op", -1).length - 1, "one kernel call per operator");
        assertTrue(c.contains("/* operator " + (n - 1) + ": RELU */"), "the last operator is generated");
        byte[] in = { -128, -11, -10, -9, 0, 5, 127, -100 };
        byte[] out = Interpreter.create(TfliteReader.read(bytes)).run(new byte[][] { in })[0];
        assertArrayEquals(new byte[] { -10, -10, -10, -9, 0, 5, 127, -10 }, out, "RELU clamps at the zero point -10");
    }

    @Test
    void manyLargeRunTimeTensorsTogetherAreRefusedBeforeAllocation() {
        // 21 tensors of 16 MiB: each within the per-tensor bound, 352 MB together.
        byte[] bytes = TfliteWriter.write(reluChain(20, 4096, 4096));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> run(bytes, 4096 * 4096));
        assertEquals("the model's run-time tensors need 352,321,536 bytes together; Prunus accepts at most "
                + "268,435,456: reduce the model's input size or its number of layers", e.getMessage());
    }

    /** Replaces every 4-byte-aligned little-endian int {@code from} of a file by {@code to}; returns how many. */
    private static int patchInts(byte[] bytes, int from, int to) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        for (int i = 0; i + 4 <= bytes.length; i += 4) {
            if (b.getInt(i) == from) {
                b.putInt(i, to);
                n++;
            }
        }
        return n;
    }

    @Test
    void shapesWhoseProductOverflowsInt32AreRefusedWhileReading() {
        byte[] bytes = TfliteWriter.write(reluChain(2, 4321, 4321));
        assertEquals(6, patchInts(bytes, 4321, 65536), "both dimensions of three tensors");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> run(bytes, 1));
        assertEquals("malformed TFLite model: Tensor.shape at byte 416: tensor 0 'in' of type INT8 and shape [1, 65536, "
                + "65536] needs more than 2 GB", e.getMessage());
    }

    @Test
    void danglingTensorReferencesAreRefusedWhileReading() {
        byte[] bytes = TfliteWriter.write(reluChain(1000, 1, 8));
        assertEquals(2, patchInts(bytes, 777, 70_000), "the output of operator 776 and the input of operator 777");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> run(bytes, 8));
        assertTrue(e.getMessage().startsWith("malformed TFLite model: Operator."), e.getMessage());
        assertTrue(e.getMessage().endsWith("refers to tensor 70000, but the subgraph has 1001 tensors"),
                e.getMessage());
    }

    @Test
    void aMissingDataFileIsNamedWithTheSettingsKey() {
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null)).withData("data/cal.s8", null, null);
        PrunusException e = assertThrows(PrunusException.class, () -> Pipeline.run(new PipelineRequest(
                "demo.tflite", TfliteWriter.write(DemoModel.build()), s, p -> {
                    throw new FileNotFoundException("/project/data/cal.s8");
                }), Progress.NONE));
        assertEquals("the calibration file 'data/cal.s8' named in the settings does not exist (/project/data/cal.s8);"
                + " paths are relative to the settings file: fix \"calibration\" or remove it", e.getMessage());
    }
}
