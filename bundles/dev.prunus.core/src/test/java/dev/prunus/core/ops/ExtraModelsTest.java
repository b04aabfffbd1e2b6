package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.Interpreter.Options;

/**
 * The two int8 models of {@code ../shared/models/extra} (LEAKY_RELU, RESIZE_NEAREST_NEIGHBOR, EXPAND_DIMS,
 * TRANSPOSE, PAD; RetinaFace with float edges and three outputs) end to end: inspected, run, generated and compiled
 * on the host, bit-exact with the interpreter. No reference TFLite Micro runs here, so each of their operators of
 * the new kinds is also cut out of the model and compared with desktop TFLite 2.6.2, whose reference kernels for
 * these operators share TFLM's arithmetic.
 */
class ExtraModelsTest {

    private static final String ID_MODEL = "models/extra/id_model.tflite";
    private static final String RETINAFACE = "models/extra/retinaface_torch.tflite";
    private static final Set<OpType> NEW_KINDS = EnumSet.of(OpType.LEAKY_RELU, OpType.RESIZE_NEAREST_NEIGHBOR,
            OpType.EXPAND_DIMS, OpType.TRANSPOSE, OpType.PAD);

    @BeforeAll
    static void loadDesktopTflite() {
        // Extracts libtensorflowlite_jni.so from the native jar into DJL's cache and loads it; downloads nothing.
        ai.djl.engine.Engine.getEngine("TFLite");
    }

    private static Model read(String relative) throws IOException {
        return TfliteReader.read(SharedData.require(relative));
    }

    /** Seeded records: int8 bytes, or float32 pixels 0..255 for a float input (RetinaFace's scale 1, zp -128). */
    private static byte[] records(Interpreter interp, boolean floatInput, int count) {
        int size = interp.inputByteSize(0);
        byte[] all = new byte[size * count];
        Random r = new Random(size);
        if (floatInput) {
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < all.length / 4; i++) {
                b.putFloat(4 * i, r.nextInt(256));
            }
        } else {
            r.nextBytes(all);
        }
        return all;
    }

    @Test
    void idModelIsInspectedRunAndGeneratedBitExact(@TempDir Path dir) throws IOException {
        Model m = read(ID_MODEL);
        assertEquals(13_550_592L, CostAnalyzer.analyze(m.main()).macs(), "MACs as prunus inspect prints them");
        ArenaPlan plan = MemoryPlanner.plan(m.main());
        assertTrue(plan.arenaBytes() > 96 * 96 * 8, "arena holds the largest activation: " + plan.arenaBytes());
        Interpreter interp = Interpreter.create(m);
        byte[] out = interp.run(records(interp, false, 1));
        assertEquals(320, out.length, "a 320-value embedding");
        validateOnHost(m, records(interp, false, 3), dir);
    }

    @Test
    void retinafaceWithFloatEdgesAndThreeOutputsIsGeneratedBitExact(@TempDir Path dir) throws IOException {
        Model m = read(RETINAFACE);
        Interpreter interp = Interpreter.create(m);
        assertEquals(3, interp.outputCount());
        byte[][] out = interp.run(new byte[][] {records(interp, true, 1)});
        assertEquals(List.of(32_000, 6_400, 12_800), List.of(out[0].length, out[1].length, out[2].length),
                "float32 [1,800,10], [1,800,2], [1,800,4] in the graph's output order");
        validateOnHost(m, records(interp, true, 2), dir);
    }

    private static void validateOnHost(Model m, byte[] records, Path dir) throws IOException {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {ID_MODEL, RETINAFACE})
    void eachNewKindOfOperatorComputesWhatDesktopTfliteComputes(String relative) throws IOException {
        Graph g = read(relative).main();
        int compared = 0;
        for (Operator op : g.operators()) {
            if (!NEW_KINDS.contains(op.type())) {
                continue;
            }
            int in = op.inputIndex(0);
            Graph one = new Graph("main", g.tensors(), List.of(op.withIndex(0)), new int[] {in},
                    new int[] {op.outputIndex(0)});
            byte[] file = TfliteWriter.write(Model.of(one));
            Interpreter ours = Interpreter.create(TfliteReader.read(file));
            ByteBuffer model = ByteBuffer.allocateDirect(file.length).order(ByteOrder.nativeOrder());
            model.put(file).rewind();
            try (org.tensorflow.lite.Interpreter desktop = new org.tensorflow.lite.Interpreter(model,
                    new Options().setNumThreads(1).setUseXNNPACK(false))) {
                byte[] x = new byte[ours.inputByteSize(0)];
                new Random(op.index()).nextBytes(x);
                ByteBuffer din = ByteBuffer.allocateDirect(x.length).order(ByteOrder.nativeOrder());
                din.put(x).rewind();
                ByteBuffer dout = ByteBuffer.allocateDirect(desktop.getOutputTensor(0).numBytes())
                        .order(ByteOrder.nativeOrder());
                desktop.run(din, dout);
                byte[] want = new byte[dout.capacity()];
                dout.rewind();
                dout.get(want);
                assertArrayEquals(want, ours.run(x), () -> "operator " + op.index() + " (" + op.displayName()
                        + ") of " + relative);
                compared++;
            }
        }
        assertTrue(compared > 20, "compared " + compared + " operators");
    }
}
