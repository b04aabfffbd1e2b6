package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
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
 * SPLIT and PACK (int8): an input split into equal parts along an axis and packed again along a new axis, worked
 * out by hand from TFLM's reference Split and Pack (values copied in order), the checks' errors, the options'
 * round trip, and the generated C against the interpreter (host gcc, byte for byte).
 */
class PackAndSplitOpsTest {

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

    /** in -> SPLIT(axis, 2 parts a, b) -> PACK(first, second) along packAxis. */
    private static Model splitThenPack(int[] inShape, int axis, int[] partShape, boolean swap, int packAxis,
            int[] outShape, int valuesCount) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", inShape, 0.5f, -3);
        int ax = g.constI32("axis", new int[0], axis);
        int a = g.i8("a", partShape, 0.5f, -3);
        int b = g.i8("b", partShape, 0.5f, -3);
        g.ops.add(new Operator(g.ops.size(), OpType.SPLIT, new int[] {ax, in}, new int[] {a, b},
                new SplitOp.Options(2)));
        int out = g.i8("out", outShape, 0.5f, -3);
        g.ops.add(new Operator(g.ops.size(), OpType.PACK, swap ? new int[] {b, a} : new int[] {a, b},
                new int[] {out}, new PackOp.Options(valuesCount, packAxis)));
        return g.model(in, out);
    }

    @Test
    void splitAndPackMoveValuesInOrder() {
        // [2, 3] rows r0 = 0 1 2, r1 = 3 4 5 split on axis 0; PACK(r1, r0) on the new last axis: out[0][j][i].
        Model m = splitThenPack(new int[] {2, 3}, 0, new int[] {1, 3}, true, 2, new int[] {1, 3, 2}, 2);
        assertArrayEquals(bytes(3, 0, 4, 1, 5, 2), Interpreter.create(m).run(iota(6)));
        // [2, 4] split on axis -1: a = [[0, 1], [4, 5]], b = [[2, 3], [6, 7]]; PACK(a, b) on axis 0.
        m = splitThenPack(new int[] {2, 4}, -1, new int[] {2, 2}, false, 0, new int[] {2, 2, 2}, 2);
        assertArrayEquals(bytes(0, 1, 4, 5, 2, 3, 6, 7), Interpreter.create(m).run(iota(8)));
        Model again = TfliteReader.read(TfliteWriter.write(m));
        assertEquals(new SplitOp.Options(2), again.main().operator(0).options());
        assertEquals(new PackOp.Options(2, 0), again.main().operator(1).options());
    }

    @Test
    void unequalPartsAndAWrongValueCountAreRefused() {
        Model odd = splitThenPack(new int[] {3, 2}, 0, new int[] {1, 2}, false, 0, new int[] {2, 1, 2}, 2);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(odd));
        assertTrue(e.getMessage().contains("operator 0 (SPLIT)") && e.getMessage().contains("2 equal parts"),
                e.getMessage());
        Model count = splitThenPack(new int[] {2, 3}, 0, new int[] {1, 3}, false, 0, new int[] {2, 1, 3}, 3);
        e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(count));
        assertTrue(e.getMessage().contains("operator 1 (PACK)") && e.getMessage().contains("values_count 3"),
                e.getMessage());
    }

    @Test
    void generatedCIsBitExactWithTheInterpreter(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = splitThenPack(new int[] {1, 6, 8, 4}, 2, new int[] {1, 6, 4, 4}, true, 1, new int[] {1, 2, 6, 4, 4},
                2);
        byte[] records = new byte[3 * 192];
        new SplittableRandom(5).nextBytes(records);
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(3, r.records());
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }
}
