package dev.prunus.core.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.prunus.core.ir.Model;
import dev.prunus.core.testing.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Damaged files must fail with {@link ModelFormatException} or read as a consistent model: never another exception,
 * a hang or an out-of-memory error. Corruptions are aimed at the flatbuffer structure (positions of tables found by
 * reading the intact file) as well as spread over the whole file; seeds are fixed, so failures reproduce.
 */
class TfliteCorruptionTest {

    /** Damaged copies per model; raise with -Dprunus.corruption.flips=N for a longer soak. */
    private static final int FLIPS = Integer.getInteger("prunus.corruption.flips", 300);

    static List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    @ParameterizedTest
    @MethodSource("models")
    void truncatedFilesFailCleanly(SharedModels.Facts facts) throws IOException {
        byte[] bytes = Files.readAllBytes(SharedModels.require(facts));
        List<Integer> tables = tablePositions(bytes);
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 0; i <= 64; i++) {
            cuts.add(i);
        }
        int step = Math.max(1, tables.size() / 45);
        for (int i = 0; i < tables.size(); i += step) {
            int p = tables.get(i);
            cuts.add(p);
            cuts.add(p + 2);
            cuts.add(p + 5);
        }
        Random random = new Random(facts.name().hashCode());
        while (cuts.size() < 200) {
            cuts.add(random.nextInt(bytes.length));
        }
        for (int cut : cuts) {
            if (cut >= bytes.length) {
                continue;
            }
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            assertThrows(ModelFormatException.class, () -> TfliteReader.read(truncated),
                    () -> facts + " truncated to " + cut + " bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void flippedBytesFailCleanlyOrReadConsistently(SharedModels.Facts facts) throws IOException {
        byte[] bytes = Files.readAllBytes(SharedModels.require(facts));
        List<Integer> tables = tablePositions(bytes);
        Random random = new Random(0x5eed ^ facts.name().hashCode());
        int rejected = 0;
        for (int n = 0; n < FLIPS; n++) {
            byte[] damaged = bytes.clone();
            int flips = 1 + random.nextInt(3);
            StringBuilder what = new StringBuilder();
            for (int f = 0; f < flips; f++) {
                int pos;
                if (random.nextInt(4) > 0 || tables.isEmpty()) {
                    // near a table: its soffset, vtable, fields and the offsets it holds
                    int p = tables.get(random.nextInt(tables.size()));
                    pos = Math.max(0, Math.min(bytes.length - 1, p - 8 + random.nextInt(40)));
                } else {
                    pos = random.nextInt(bytes.length);
                }
                byte value = (byte) random.nextInt(256);
                damaged[pos] = value;
                what.append(" byte ").append(pos).append("=").append(value);
            }
            try {
                Model m = TfliteReader.read(damaged);
                assertConsistent(m, facts + what.toString());
            } catch (ModelFormatException e) {
                rejected++;
                assertTrue(e.getMessage().startsWith("malformed TFLite model"), e.getMessage());
            } catch (RuntimeException | Error e) {
                throw new AssertionError(facts + ":" + what + " raised " + e, e);
            }
        }
        assertTrue(rejected > 0, "some of " + FLIPS + " structural corruptions of " + facts + " must be detected");
    }

    /** A model read from damaged bytes is still a model: it analyses, writes, and reads back equal. */
    private static void assertConsistent(Model m, String what) {
        for (dev.prunus.core.ir.Graph g : m.subgraphs()) {
            try {
                dev.prunus.core.analysis.CostAnalyzer.analyze(g);
                dev.prunus.core.analysis.MemoryPlanner.plan(g);
            } catch (dev.prunus.core.PrunusException e) {
                // a typed refusal (e.g. an arena beyond 2 GB) is fine
            }
        }
        byte[] written;
        try {
            written = TfliteWriter.write(m);
        } catch (ModelWriteException e) {
            return; // options the IR cannot write (a flipped union type): reported with a message, acceptable
        }
        assertEquals(m, TfliteReader.read(written), what + ": the model read from damaged bytes is inconsistent");
    }

    private static List<Integer> tablePositions(byte[] bytes) {
        List<Integer> positions = new ArrayList<>();
        TfliteReader.read(bytes, positions);
        return new ArrayList<>(new TreeSet<>(positions));
    }

    @Test
    void sharedTablesCannotMultiplyWork() {
        // 200,000 entries of the tensors vector all point at one tensor whose buffer holds 100,000 bytes: a naive
        // reader would copy 20 GB. The file itself is under 1 MB.
        FlatBufferBuilder b = new FlatBufferBuilder(1 << 20);
        byte[] data = new byte[100_000];
        int dataVec = b.createByteVector(data);
        b.startTable(1);
        b.addOffset(TfliteSchema.BUFFER_DATA, dataVec, 0);
        int buffer1 = b.endTable();
        b.startTable(1);
        int buffer0 = b.endTable();
        int buffers = b.createVectorOfTables(new int[] {buffer0, buffer1});
        b.startVector(4, 1, 4);
        b.addInt(100_000);
        int shape = b.endVector();
        b.startTable(TfliteSchema.TENSOR_FIELDS);
        b.addOffset(TfliteSchema.TENSOR_SHAPE, shape, 0);
        b.addInt(TfliteSchema.TENSOR_BUFFER, 1, 0);
        b.addByte(TfliteSchema.TENSOR_TYPE, (byte) 9, 0);
        int tensor = b.endTable();
        int count = 200_000;
        b.startVector(4, count, 4);
        for (int i = 0; i < count; i++) {
            b.addOffset(tensor);
        }
        int tensors = b.endVector();
        b.startTable(TfliteSchema.SUBGRAPH_FIELDS);
        b.addOffset(TfliteSchema.SUBGRAPH_TENSORS, tensors, 0);
        int subgraph = b.endTable();
        int subgraphs = b.createVectorOfTables(new int[] {subgraph});
        b.startTable(TfliteSchema.MODEL_FIELDS);
        b.addInt(TfliteSchema.MODEL_VERSION, 3, 0);
        b.addOffset(TfliteSchema.MODEL_SUBGRAPHS, subgraphs, 0);
        b.addOffset(TfliteSchema.MODEL_BUFFERS, buffers, 0);
        b.finish(b.endTable(), "TFL3");
        byte[] file = b.sizedByteArray();
        assertTrue(file.length < 1_000_000);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(file));
        assertTrue(e.getMessage().contains("refers to the same data so many times"), e.getMessage());
    }

    @Test
    void externalBufferOutsideTheFileIsRejected() throws IOException {
        Model m = TfliteReader.read(SharedModels.require(SharedModels.named("hello_world_int8")));
        byte[] file = TfliteWriter.writeWithExternalBuffers(m);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // find the offset/size pair of the first data buffer and replace it with values whose sum overflows a long
        ReadContext ctx = new ReadContext(file);
        TfliteSchema.Tbl model = new TfliteSchema.Tbl(ctx, ctx.follow(0, "Model", "root"), "Model");
        FlatTable.Vec buffers = model.vector(TfliteSchema.MODEL_BUFFERS, 4, "buffers");
        TfliteSchema.Tbl first = new TfliteSchema.Tbl(ctx, model.tableAt(buffers, 1, "buffers"), "Buffer");
        long offset = first.getLong(TfliteSchema.BUFFER_OFFSET, "offset", 0);
        int patched = 0;
        for (int p = 0; p + 8 <= file.length && patched == 0; p += 4) {
            if (bb.getLong(p) == offset) {
                bb.putLong(p, 1L << 62);
                patched = p;
            }
        }
        for (int p = 0; p + 8 <= file.length; p += 4) {
            if (p != patched && bb.getLong(p) == first.getLong(TfliteSchema.BUFFER_SIZE, "size", 0)) {
                bb.putLong(p, 1L << 62);
                break;
            }
        }
        assertTrue(patched > 0);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(file));
        assertTrue(e.getMessage().contains("outside the file"), e.getMessage());
    }

    @Test
    void damagedVtableIsNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(SharedModels.require(SharedModels.named("hello_world_int8")));
        byte[] damaged = bytes.clone();
        int root = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
        // the root table's soffset to its vtable: point it far outside the file
        damaged[root + 3] = (byte) 0x80;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TfliteReader.read(damaged));
        assertEquals("Model", e.table());
        assertEquals(root, e.offset());
    }
}
