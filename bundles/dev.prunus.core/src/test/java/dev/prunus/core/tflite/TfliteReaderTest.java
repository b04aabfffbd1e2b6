package dev.prunus.core.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.prunus.core.testing.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TfliteReaderTest {

    static java.util.List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    @ParameterizedTest
    @MethodSource("models")
    void readsSharedModelAsTheReadmeDescribesIt(SharedModels.Facts facts) throws IOException {
        Model model = TfliteReader.read(SharedModels.require(facts));
        assertEquals(3, model.version());
        assertEquals(1, model.subgraphs().size(), "all shared models have one subgraph");
        Graph g = model.main();
        assertEquals(1, g.inputs().length);
        assertEquals(1, g.outputs().length);
        assertIo(facts.input(), g.input(0), "input");
        assertIo(facts.output(), g.output(0), "output");

        Map<OpType, Integer> counts = new EnumMap<>(OpType.class);
        for (Operator op : g.operators()) {
            counts.merge(op.type(), 1, Integer::sum);
        }
        assertEquals(new EnumMap<>(facts.ops()), counts, "operator counts of " + facts);

        long params = 0;
        for (Tensor t : g.tensors()) {
            if (t.isConstant()) {
                params += t.elementCount();
            }
        }
        assertEquals(facts.params(), params, "params (constant elements) of " + facts);
        assertTrue(g.isTopologicallyOrdered(), () -> g.orderProblem().orElse(""));

        for (Operator op : g.operators()) {
            if (op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D
                    || op.type() == OpType.FULLY_CONNECTED) {
                Tensor w = op.input(g, 1);
                Tensor bias = op.input(g, 2);
                Tensor out = op.output(g, 0);
                assertEquals(TensorType.INT8, w.type(), op + " weights");
                assertNotNull(bias, op + " has a bias");
                assertEquals(TensorType.INT32, bias.type(), op + " bias");
                assertTrue(w.isConstant() && bias.isConstant(), op + " weights and bias are constant");
                boolean expectPc = op.type() == OpType.FULLY_CONNECTED ? facts.fcPerChannel() : facts.convPerChannel();
                int channels = op.type() == OpType.DEPTHWISE_CONV_2D ? w.dim(3) : w.dim(0);
                assertEquals(expectPc ? channels : 1, w.quantization().channelCount(), op + " weight scales of " + facts);
                if (expectPc) {
                    assertEquals(op.type() == OpType.DEPTHWISE_CONV_2D ? 3 : 0, w.quantization().quantizedDimension(),
                            op + " quantized dimension");
                    assertEquals(channels, out.dim(-1), op + " output channels");
                }
                assertEquals(w.quantization().channelCount(), bias.quantization().channelCount(), op + " bias scales");
                for (int c = 0; c < w.quantization().channelCount(); c++) {
                    assertEquals(0, w.quantization().zeroPoint(c), op + " weights are symmetric");
                }
            }
        }
    }

    @Test
    void everyTfliteFileUnderSharedModelsReadsAndIsListedInTheFacts() throws IOException {
        java.nio.file.Path models = dev.prunus.core.testing.SharedData.require().resolve("models");
        java.util.List<java.nio.file.Path> files;
        try (var walk = Files.walk(models)) {
            // The int8 collections the facts describe; extra/ and float/ arrived later with facts of their own.
            files = walk.filter(p -> p.toString().endsWith(".tflite"))
                    .filter(p -> p.startsWith(models.resolve("mlperf_tiny")) || p.startsWith(models.resolve("tflm")))
                    .sorted().toList();
        }
        // float/ (float32 twins, see quantize.SharedFloatModelsTest) and extra/ are read here but have no int8 facts.
        java.util.function.Predicate<java.nio.file.Path> int8Set = p -> !models.relativize(p).startsWith("float")
                && !models.relativize(p).startsWith("extra");
        assertEquals(SharedModels.ALL.size(), files.stream().filter(int8Set).count(),
                "models listed in SharedModels vs int8 files in " + models);
        for (java.nio.file.Path f : files) {
            Model m = TfliteReader.read(f);
            assertTrue(m.main().operators().size() > 0, f.toString());
            if (int8Set.test(f)) {
                String name = f.getFileName().toString().replace(".tflite", "");
                assertEquals(name, SharedModels.named(name).name());
            }
        }
    }

    private static void assertIo(SharedModels.Io expected, Tensor actual, String what) {
        assertEquals(TensorType.INT8, actual.type(), what);
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        Quantization q = actual.quantization();
        assertFalse(q.perChannel(), what + " is quantized per tensor");
        assertEquals(expected.scale(), q.scale(0), Math.abs(expected.scale()) * 1e-5, what + " scale");
        assertEquals(expected.zeroPoint(), q.zeroPoint(0), what + " zero point");
        assertFalse(actual.isConstant());
    }

    @Test
    void readsOptionsOfKwsLayers() throws IOException {
        Graph g = TfliteReader.read(SharedModels.require(SharedModels.named("kws_ref_model"))).main();
        Operator conv = g.operators().stream().filter(o -> o.type() == OpType.CONV_2D).findFirst().orElseThrow();
        OpOptions.Conv2DOptions c = conv.options(OpOptions.Conv2DOptions.class);
        assertEquals(Activation.RELU, c.activation());
        assertEquals(1, c.dilationW());
        assertEquals(1, c.dilationH());
        Tensor filter = conv.input(g, 1);
        assertEquals(4, filter.rank());
        Operator dw = g.operators().stream().filter(o -> o.type() == OpType.DEPTHWISE_CONV_2D).findFirst().orElseThrow();
        OpOptions.DepthwiseConv2DOptions d = dw.options(OpOptions.DepthwiseConv2DOptions.class);
        assertEquals(Padding.SAME, d.padding());
        assertEquals(1, d.strideW());
        assertEquals(1, d.depthMultiplier());
        Operator pool = g.operators().stream().filter(o -> o.type() == OpType.AVERAGE_POOL_2D).findFirst().orElseThrow();
        OpOptions.Pool2DOptions p = pool.options(OpOptions.Pool2DOptions.class);
        assertEquals(Padding.VALID, p.padding());
        Tensor poolIn = pool.input(g, 0);
        assertEquals(poolIn.dim(1), p.filterHeight(), "global pooling window covers the input height");
        assertEquals(poolIn.dim(2), p.filterWidth(), "global pooling window covers the input width");
        Operator softmax = g.operators().get(g.operators().size() - 1);
        assertEquals(OpType.SOFTMAX, softmax.type());
        assertEquals(1.0f, softmax.options(OpOptions.SoftmaxOptions.class).beta());
        assertTrue(g.producerOf(softmax.inputIndex(0)).isPresent());
        assertEquals(softmax.index() - 1, g.producerOf(softmax.inputIndex(0)).get().index());
        assertEquals(1, g.consumersOf(g.inputs()[0]).size());
        assertEquals(0, g.consumersOf(g.outputs()[0]).size());
    }

    @Test
    void readsLstmWithVariablesAndIntermediates() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("trained_lstm_int8")));
        Graph g = model.main();
        Operator lstm = g.operator(0);
        assertEquals(OpType.UNIDIRECTIONAL_SEQUENCE_LSTM, lstm.type());
        assertEquals(24, lstm.inputCount());
        assertEquals(Operator.ABSENT, lstm.inputIndex(9), "no peephole weights");
        assertNull(lstm.input(g, 9));
        OpOptions.UnidirectionalSequenceLSTMOptions o = lstm.options(OpOptions.UnidirectionalSequenceLSTMOptions.class);
        assertEquals(Activation.TANH, o.activation());
        assertEquals(10.0f, o.cellClip());
        assertFalse(o.timeMajor());
        Tensor outputState = lstm.input(g, 18);
        Tensor cellState = lstm.input(g, 19);
        assertTrue(outputState.isVariable() && cellState.isVariable());
        assertFalse(outputState.isConstant());
        assertEquals(TensorType.INT16, cellState.type());
        assertEquals(5, lstm.intermediates().length, "quantized LSTM carries 5 intermediate tensors");
        assertEquals(1, model.signatureDefs().size());
        assertEquals("serving_default", model.signatureDefs().get(0).key());
        assertTrue(model.metadata("min_runtime_version").isPresent());
    }

    @Test
    void offsetSizeBuffersAreRead() throws IOException {
        // Rewrite hello_world so that every buffer uses the offset/size form (data after the flatbuffer).
        byte[] inline = TfliteWriter.write(TfliteReader.read(SharedModels.require(SharedModels.named("hello_world_int8"))));
        Model expected = TfliteReader.read(inline);
        byte[] external = TfliteWriter.writeWithExternalBuffers(expected);
        assertTrue(external.length > inline.length, "data follows the flatbuffer");
        Model actual = TfliteReader.read(external);
        assertEquals(expected, actual);
    }

    @Test
    void rejectsWrongIdentifierAndTinyFiles() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> TfliteReader.read("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("not a TFLite model"), e.getMessage());
        assertEquals(4, e.offset());
        ModelFormatException tiny = assertThrows(ModelFormatException.class, () -> TfliteReader.read(new byte[5]));
        assertTrue(tiny.getMessage().contains("5 bytes"), tiny.getMessage());
    }

    @Test
    void rejectsOtherSchemaVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedModels.require(SharedModels.named("hello_world_int8")));
        Model m = TfliteReader.read(bytes);
        byte[] v2 = TfliteWriter.write(new Model(2, m.description(), m.subgraphs(), m.metadata(), m.signatureDefs()));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(v2));
        assertEquals("version", e.field());
        assertTrue(e.getMessage().contains("schema version 2"), e.getMessage());
    }

    @Test
    void readsAModelWithUnknownAndCustomOperators() {
        Model m = TestModels.withUnknownAndCustomOps();
        Model read = TfliteReader.read(TfliteWriter.write(m));
        assertEquals(m, read);
        Operator unknown = read.main().operator(0);
        assertEquals(OpType.UNKNOWN, unknown.type());
        assertEquals(9999, unknown.builtinCode());
        Operator custom = read.main().operator(1);
        assertEquals(OpType.CUSTOM, custom.type());
        assertEquals("MyOp", custom.customCode());
        assertArrayEquals(new byte[] {1, 2, 3}, custom.customOptions());
    }
}
