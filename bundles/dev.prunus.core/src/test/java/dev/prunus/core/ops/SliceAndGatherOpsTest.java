package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STRIDED_SLICE and GATHER (int8): cases worked out by hand from TFLite's slice rules (strided_slice_logic.h:
 * masks, negative indices and strides, clamping, shrunk axes) and TFLM's Gather, the checks' errors, the options'
 * file round trip, and the generated C against the interpreter (host gcc, byte for byte).
 */
class SliceAndGatherOpsTest {

    private static byte[] iota(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static Model slice(int[] inShape, int[] begin, int[] end, int[] strides, StridedSliceOp.Options o,
            int[] outShape) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", inShape, 0.5f, 3);
        int b = g.constI32("begin", new int[] {begin.length}, begin);
        int e = g.constI32("end", new int[] {end.length}, end);
        int s = g.constI32("strides", new int[] {strides.length}, strides);
        int out = g.i8("out", outShape, 0.5f, 3);
        g.op(OpType.STRIDED_SLICE, new int[] {in, b, e, s}, out, o);
        return g.model(in, out);
    }

    private static StridedSliceOp.Options masks(int begin, int end, int shrink) {
        return new StridedSliceOp.Options(begin, end, 0, 0, shrink, false);
    }

    @Test
    void stridedSliceFollowsTflitesMaskRules() {
        // [3, 4] holding 4r + c. Rows 1.. (end -1 = 2, exclusive), columns 3 down to 0 exclusive by -2: 3, 1.
        Model m = slice(new int[] {3, 4}, new int[] {1, -1}, new int[] {-1, 0}, new int[] {1, -2}, masks(0, 0, 0),
                new int[] {1, 2});
        assertArrayEquals(bytes(7, 5), Interpreter.create(m).run(iota(12)));
        // begin_mask on axis 0 (from 0), end_mask on axis 1 (to the end), stride 2 on rows: rows 0, 2; columns 1..3.
        m = slice(new int[] {3, 4}, new int[] {2, 1}, new int[] {3, 2}, new int[] {2, 1}, masks(1, 2, 0),
                new int[] {2, 3});
        assertArrayEquals(bytes(1, 2, 3, 9, 10, 11), Interpreter.create(m).run(iota(12)));
        // Out-of-range begin and end clamp to the axis; shrink axis 0 at -1 = row 2 (its end is ignored): [4].
        m = slice(new int[] {3, 4}, new int[] {-1, -100}, new int[] {0, 100}, new int[] {1, 1}, masks(0, 0, 1),
                new int[] {4});
        assertArrayEquals(bytes(8, 9, 10, 11), Interpreter.create(m).run(iota(12)));
        // KWT-1's class-token slice: [1, 3, 2], begin 0, end [0, 1, 2], begin/end masks on axis 0, shrink axis 1.
        m = slice(new int[] {1, 3, 2}, new int[] {0, 0, 0}, new int[] {0, 1, 2}, new int[] {1, 1, 1},
                masks(1, 1, 2), new int[] {1, 2});
        assertArrayEquals(bytes(0, 1), Interpreter.create(m).run(iota(6)));
    }

    @Test
    void stridedSliceRejectsWhatTflmRejects() {
        Model ellipsis = slice(new int[] {4}, new int[] {0}, new int[] {4}, new int[] {1},
                new StridedSliceOp.Options(0, 0, 1, 0, 0, false), new int[] {4});
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(ellipsis));
        assertTrue(e.getMessage().contains("operator 0 (STRIDED_SLICE)") && e.getMessage().contains("ellipsis_mask"),
                e.getMessage());
        Model zeroStride = slice(new int[] {4}, new int[] {0}, new int[] {4}, new int[] {0}, masks(0, 0, 0),
                new int[] {4});
        e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(zeroStride));
        assertTrue(e.getMessage().contains("stride of axis 0 is 0"), e.getMessage());
        Model wrongOut = slice(new int[] {4}, new int[] {1}, new int[] {3}, new int[] {1}, masks(0, 0, 0),
                new int[] {3});
        e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(wrongOut));
        assertTrue(e.getMessage().contains("should have shape [2]"), e.getMessage());
    }

    private static Model gather(int[] inShape, int axis, int[] indexShape, int[] indices, int[] outShape) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", inShape, 0.25f, -7);
        int idx = g.constI32("indices", indexShape, indices);
        int out = g.i8("out", outShape, 0.25f, -7);
        g.op(OpType.GATHER, new int[] {in, idx}, out, new GatherOp.Options(axis, 0));
        return g.model(in, out);
    }

    @Test
    void gatherTakesSlicesAlongTheAxis() {
        // [2, 3, 2] holding 6a + 2b + c, gathered on axis 1 by [[2, 0], [1, 1]]: output [2, 2, 2, 2].
        Model m = gather(new int[] {2, 3, 2}, 1, new int[] {2, 2}, new int[] {2, 0, 1, 1}, new int[] {2, 2, 2, 2});
        assertArrayEquals(bytes(4, 5, 0, 1, 2, 3, 2, 3, 10, 11, 6, 7, 8, 9, 8, 9), Interpreter.create(m).run(iota(12)));
        // Negative axis -1 = the last: columns 1, 1, 0 of each row.
        m = gather(new int[] {2, 2}, -1, new int[] {3}, new int[] {1, 1, 0}, new int[] {2, 3});
        assertArrayEquals(bytes(1, 1, 0, 3, 3, 2), Interpreter.create(m).run(iota(4)));
    }

    @Test
    void gatherRejectsAnIndexOutsideTheAxis() {
        Model m = gather(new int[] {2, 3}, 1, new int[] {2}, new int[] {0, 3}, new int[] {2, 2});
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(m));
        assertTrue(e.getMessage().contains("operator 0 (GATHER)") && e.getMessage().contains("index 3 (entry 1)"),
                e.getMessage());
    }

    @Test
    void optionsSurviveTheFile() {
        Model s = slice(new int[] {3, 4}, new int[] {2, 1}, new int[] {3, 2}, new int[] {2, 1}, masks(1, 2, 0),
                new int[] {2, 3});
        Model again = TfliteReader.read(TfliteWriter.write(s));
        assertEquals(masks(1, 2, 0), again.main().operator(0).options());
        Model g = gather(new int[] {2, 2}, -1, new int[] {3}, new int[] {1, 1, 0}, new int[] {2, 3});
        assertEquals(new GatherOp.Options(-1, 0), TfliteReader.read(TfliteWriter.write(g)).main().operator(0).options());
    }

    private static void bitExactInC(Model m, int inputBytes, Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        byte[] records = new byte[4 * inputBytes];
        new SplittableRandom(11).nextBytes(records);
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(4, r.records());
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
        CGenerator.Layout layout = CGenerator.layout(m, "m", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.arenaBytes(), "arena = planner's");
    }

    @Test
    void generatedCIsBitExactWithTheInterpreter(@TempDir Path dir) throws Exception {
        bitExactInC(slice(new int[] {2, 5, 6, 3}, new int[] {1, 4, 1, 0}, new int[] {2, 0, 6, 3},
                new int[] {1, -2, 2, 1}, masks(0, 0, 0), new int[] {1, 2, 3, 3}), 180, dir.resolve("slice"));
        bitExactInC(slice(new int[] {1, 99, 64}, new int[] {0, 0, 0}, new int[] {0, 1, 64}, new int[] {1, 1, 1},
                masks(1, 1, 2), new int[] {1, 64}), 99 * 64, dir.resolve("token"));
        bitExactInC(gather(new int[] {1, 100, 16}, 1, new int[] {98, 3}, frames(), new int[] {1, 98, 3, 16}),
                1600, dir.resolve("gather"));
    }

    /** KWT-1's framing indices: frame f takes rows f, f + 1, f + 2. */
    private static int[] frames() {
        int[] idx = new int[98 * 3];
        for (int f = 0; f < 98; f++) {
            for (int k = 0; k < 3; k++) {
                idx[3 * f + k] = f + k;
            }
        }
        return idx;
    }
}
