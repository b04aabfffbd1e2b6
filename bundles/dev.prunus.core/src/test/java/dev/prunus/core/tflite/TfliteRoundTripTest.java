package dev.prunus.core.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.testing.ModelEdits;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.testing.SharedModels;
import dev.prunus.core.tflite.FlatTable.Vec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TfliteRoundTripTest {

    static List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    @ParameterizedTest
    @MethodSource("models")
    void readWriteReadIsLosslessDeterministicAndAligned(SharedModels.Facts facts) throws IOException {
        byte[] original = Files.readAllBytes(SharedModels.require(facts));
        Model model = TfliteReader.read(original);
        byte[] written = TfliteWriter.write(model);
        Model again = TfliteReader.read(written);
        assertEquals(model, again, "read -> write -> read of " + facts);
        assertArrayEquals(written, TfliteWriter.write(again), "writing is deterministic");
        assertEquals("TFL3", new String(written, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertDataAligned(written, countDataTensors(model) + model.metadata().size());
    }

    /** The models beyond the int8 MLPerf set: int8 with new operators (extra/) and float32 exports (float/). */
    static List<String> otherModels() {
        return List.of("models/extra/id_model.tflite", "models/extra/retinaface_torch.tflite",
                "models/float/pretrainedResnet.tflite", "models/float/kws_ref_model_float32.tflite",
                "models/float/vww_96_float.tflite", "models/float/kwt1_float.tflite");
    }

    @ParameterizedTest
    @MethodSource("otherModels")
    void extraAndFloatModelsRoundTrip(String relative) throws IOException {
        Model model = TfliteReader.read(Files.readAllBytes(SharedData.require(relative)));
        if (relative.contains("extra/")) {
            for (Operator op : model.main().operators()) {
                assertFalse(op.options() instanceof OpOptions.OpaqueOptions, () -> op + " has options Prunus does not"
                        + " model");
            }
        }
        if (model.main().operators().stream().anyMatch(op -> op.options() instanceof OpOptions.OpaqueOptions)) {
            assertThrows(ModelWriteException.class, () -> TfliteWriter.write(model), "unmodelled options refused");
            return;
        }
        Model again = TfliteReader.read(TfliteWriter.write(model));
        assertEquals(model, again, "read -> write -> read of " + relative);
    }

    private static int countDataTensors(Model m) {
        int n = 0;
        for (Graph g : m.subgraphs()) {
            for (Tensor t : g.tensors()) {
                n += t.hasData() ? 1 : 0;
            }
        }
        return n;
    }

    /** Every non-empty buffer's data starts on a 16-byte boundary of the file. */
    private static void assertDataAligned(byte[] file, int expectedDataBuffers) {
        ReadContext ctx = new ReadContext(file);
        TfliteSchema.Tbl model = new TfliteSchema.Tbl(ctx, ctx.follow(0, "Model", "root"), "Model");
        Vec buffers = model.vector(TfliteSchema.MODEL_BUFFERS, 4, "buffers");
        int withData = 0;
        for (int i = 0; i < buffers.length(); i++) {
            TfliteSchema.Tbl b = new TfliteSchema.Tbl(ctx, model.tableAt(buffers, i, "buffers"), "Buffer");
            Vec data = b.vector(TfliteSchema.BUFFER_DATA, 1, "data");
            if (data != null && data.length() > 0) {
                withData++;
                assertEquals(0, data.start() % TfliteWriter.DATA_ALIGNMENT, "buffer " + i + " data at " + data.start());
            }
        }
        assertEquals(expectedDataBuffers, withData, "one buffer per tensor with data and per metadata entry");
    }

    @Test
    void changedWeightsWriteAndReadBack() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("kws_ref_model")));
        Graph g = model.main();
        Operator conv = g.operators().stream().filter(o -> o.type() == OpType.CONV_2D).findFirst().orElseThrow();
        Tensor w = conv.input(g, 1);
        byte[] data = w.data();
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 0;
        }
        Model changed = model.withMain(g.withTensor(w.withData(data)));
        assertNotEquals(model, changed);
        assertArrayEquals(w.data(), model.main().tensor(w.index()).data(), "the original model is unchanged");
        Model read = TfliteReader.read(TfliteWriter.write(changed));
        assertEquals(changed, read);
        assertArrayEquals(data, read.main().tensor(w.index()).data());
    }

    @Test
    void removedChannelsWriteAndReadBack() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("kws_ref_model")));
        int conv = model.main().operators().stream().filter(o -> o.type() == OpType.CONV_2D).findFirst().orElseThrow()
                .index();
        Model pruned = ModelEdits.removeConvChannel(model, conv, 5);
        Graph g = pruned.main();
        Operator op = g.operator(conv);
        Tensor w = op.input(g, 1);
        Tensor original = model.main().tensor(w.index());
        assertEquals(original.dim(0) - 1, w.dim(0));
        assertEquals(original.quantization().channelCount() - 1, w.quantization().channelCount());
        assertEquals(original.quantization().scale(6), w.quantization().scale(5), "scales after the removed channel shift");
        Model read = TfliteReader.read(TfliteWriter.write(pruned));
        assertEquals(pruned, read);
        assertTrue(read.main().isTopologicallyOrdered());
        assertTrue(TfliteWriter.write(read).length < TfliteWriter.write(model).length, "the pruned file is smaller");
    }

    @Test
    void writerRefusesScalesThatDoNotMatchTheShape() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("kws_ref_model")));
        Graph g = model.main();
        Operator conv = g.operators().stream().filter(o -> o.type() == OpType.CONV_2D).findFirst().orElseThrow();
        Tensor w = conv.input(g, 1);
        int[] shape = w.shape();
        shape[0]--;
        Tensor shrunk = w.withShapeAndData(shape, new byte[w.byteSize() / w.dim(0) * shape[0]]);
        Model bad = model.withMain(g.withTensor(shrunk));
        ModelWriteException e = assertThrows(ModelWriteException.class, () -> TfliteWriter.write(bad));
        assertTrue(e.getMessage().contains("per-channel scales"), e.getMessage());
    }

    @Test
    void externalBufferFormRoundTrips() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("trained_lstm_int8")));
        assertEquals(model, TfliteReader.read(TfliteWriter.writeWithExternalBuffers(model)));
    }

    @Test
    void opaqueOptionsAreReadButNotWritten() {
        Model m = TestModels.withUnknownAndCustomOps();
        Operator op = m.main().operator(0).withOptions(new OpOptions.OpaqueOptions(30, false));
        Model opaque = m.withMain(m.main().withOperator(op));
        ModelWriteException e = assertThrows(ModelWriteException.class, () -> TfliteWriter.write(opaque));
        assertTrue(e.getMessage().contains("operator 0"), e.getMessage());
    }

    @Test
    void emptyOptionsTablesRoundTrip() {
        Model m = TestModels.withUnknownAndCustomOps();
        Operator op = m.main().operator(0).withOptions(new OpOptions.EmptyOptions(22));
        Model withEmpty = m.withMain(m.main().withOperator(op));
        assertEquals(withEmpty, TfliteReader.read(TfliteWriter.write(withEmpty)));
    }
}
