package dev.prunus.core.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.testing.ModelEdits;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.testing.SharedModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.lite.Interpreter;

/**
 * Files written by {@link TfliteWriter} load and run in desktop TFLite 2.6.2 (through DJL, offline: the engine jar
 * carries the Java API and the native jar the library) and compute exactly what the original file computes.
 * Test dependencies: {@code ai.djl.tflite:tflite-engine:0.27.0} and
 * {@code ai.djl.tflite:tflite-native-cpu:2.6.2:jar:linux-x86_64}.
 */
class DesktopTfliteLoadTest {

    static List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    @BeforeAll
    static void loadNativeLibrary() {
        // Extracts libtensorflowlite_jni.so from the native jar into DJL's cache and loads it; downloads nothing.
        ai.djl.engine.Engine.getEngine("TFLite");
    }

    @ParameterizedTest
    @MethodSource("models")
    void writtenModelLoadsAndComputesLikeTheOriginal(SharedModels.Facts facts) throws IOException {
        assumeFalse(facts.name().equals("person_detect"),
                "desktop TFLite refuses person_detect.tflite itself (quantized_dimension 3 on 1-D biases); "
                        + "person_detect_qdim0 covers the model");
        byte[] original = Files.readAllBytes(SharedModels.require(facts));
        byte[] written = TfliteWriter.write(TfliteReader.read(original));
        List<byte[]> inputs = inputs(facts, 3);
        for (byte[] input : inputs) {
            byte[] expected = run(original, input);
            byte[] actual = run(written, input);
            assertArrayEquals(expected, actual, facts + ": the written model computes what the original computes");
        }
    }

    @Test
    void prunedModelLoadsAndRuns() throws IOException {
        Model model = TfliteReader.read(SharedModels.require(SharedModels.named("kws_ref_model")));
        int conv = model.main().operators().stream().filter(o -> o.type() == OpType.CONV_2D).findFirst().orElseThrow()
                .index();
        byte[] pruned = TfliteWriter.write(ModelEdits.removeConvChannel(model, conv, 5));
        byte[] out = run(pruned, inputs(SharedModels.named("kws_ref_model"), 1).get(0));
        assertEquals(12, out.length, "12 class scores");
        int sum = 0;
        for (byte b : out) {
            sum += b + 128;
        }
        assertEquals(256, sum, 3, "softmax output (s=1/256, zp=-128) sums to about 1");
    }

    /** Real samples when the shared inputs hold some for the model, else seeded random bytes. */
    private static List<byte[]> inputs(SharedModels.Facts facts, int count) throws IOException {
        int size = 1;
        for (int d : facts.input().shape()) {
            size *= d;
        }
        String name = facts.name().equals("person_detect_qdim0") ? "person_detect" : facts.name();
        Path dir = SharedData.require().resolve("samples/inputs");
        java.util.ArrayList<byte[]> out = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                if (p.getFileName().toString().startsWith(name + "__")) {
                    byte[] all = Files.readAllBytes(p);
                    for (int i = 0; i + size <= all.length && out.size() < count; i += size) {
                        out.add(java.util.Arrays.copyOfRange(all, i, i + size));
                    }
                }
            }
        }
        Random random = new Random(size);
        while (out.size() < count) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            out.add(b);
        }
        return out;
    }

    private static byte[] run(byte[] model, byte[] input) {
        ByteBuffer modelBuffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
        modelBuffer.put(model).rewind();
        try (Interpreter interpreter = new Interpreter(modelBuffer,
                new Interpreter.Options().setNumThreads(1).setUseXNNPACK(false))) {
            interpreter.resetVariableTensors();
            ByteBuffer in = ByteBuffer.allocateDirect(interpreter.getInputTensor(0).numBytes()).order(ByteOrder.nativeOrder());
            in.put(input).rewind();
            ByteBuffer out = ByteBuffer.allocateDirect(interpreter.getOutputTensor(0).numBytes())
                    .order(ByteOrder.nativeOrder());
            interpreter.run(in, out);
            byte[] result = new byte[out.capacity()];
            out.rewind();
            out.get(result);
            return result;
        }
    }
}
