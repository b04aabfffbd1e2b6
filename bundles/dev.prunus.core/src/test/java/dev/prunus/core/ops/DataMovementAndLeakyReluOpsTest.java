package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LEAKY_RELU, TRANSPOSE, RESIZE_NEAREST_NEIGHBOR, EXPAND_DIMS and SQUEEZE: hand-worked cases from TFLite Micro's
 * reference formulas through the interpreter, the checks' errors, and the generated C against the interpreter
 * (host gcc, byte for byte).
 */
class DataMovementAndLeakyReluOpsTest {

    private static final OpOptions NONE = OpOptions.NoOptions.INSTANCE;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] run(Model m, byte[] input) {
        return Interpreter.create(m).run(input);
    }

    private static void bitExactInC(Model m, byte[] records, Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
        CGenerator.Layout layout = CGenerator.layout(m, "m", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.arenaBytes(), "arena = planner's");
    }

    private static Model leakyRelu(float inScale, int inZp, float alpha, float outScale, int outZp, int n) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, n}, inScale, inZp);
        int out = g.i8("out", new int[] {1, n}, outScale, outZp);
        g.op(OpType.LEAKY_RELU, new int[] {in}, out, new LeakyReluOp.Options(alpha));
        return g.model(in, out);
    }

    @Test
    void leakyReluFollowsTflmDoubleRounding() {
        // s_in 0.5, s_out 0.25: identity 2.0 = (2^30, shift 2), exact 2v; alpha 0.25: 0.5 * 0.25 / 0.25 = 0.5 =
        // (2^30, shift 0). SaturatingRoundingDoublingHighMul rounds v / 2 with the nudge 1 - 2^30 for negative
        // products and truncates: -0.5 -> 0, -1.5 -> -1, -2 -> -2, -2.5 -> -2, -69 -> -69. Output zero point -5.
        Model m = leakyRelu(0.5f, 10, 0.25f, 0.25f, -5, 9);
        byte[] in = bytes(10, 11, 60, 9, 7, 6, 5, -128, 127); // v = 0, 1, 50, -1, -3, -4, -5, -138, 117
        assertArrayEquals(bytes(-5, -3, 95, -5, -6, -7, -7, -74, 127), run(m, in)); // 229 saturates to 127
    }

    @Test
    void leakyReluRejectsWhatItCannotRun() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 4}, 0.5f, 0);
        int out = g.i8("out", new int[] {1, 5}, 0.5f, 0);
        g.op(OpType.LEAKY_RELU, new int[] {in}, out, new LeakyReluOp.Options(0.1f));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(g.model(in, out)));
        assertTrue(e.getMessage().contains("operator 0 (LEAKY_RELU)") && e.getMessage().contains("4 elements"),
                e.getMessage());
        Model nan = leakyRelu(0.5f, 0, Float.NaN, 0.5f, 0, 4);
        e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(nan));
        assertTrue(e.getMessage().contains("alpha NaN"), e.getMessage());
    }

    @Test
    void transposeOfRank2And3() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {2, 3}, 1f, 0);
        int perm = g.constI32("perm", new int[] {2}, 1, 0);
        int out = g.i8("out", new int[] {3, 2}, 1f, 0);
        g.op(OpType.TRANSPOSE, new int[] {in, perm}, out, NONE);
        assertArrayEquals(bytes(0, 3, 1, 4, 2, 5), run(g.model(in, out), bytes(0, 1, 2, 3, 4, 5)));

        TinyGraph h = new TinyGraph();
        int in3 = h.i8("in", new int[] {2, 2, 3}, 1f, 0);
        int perm3 = h.constI32("perm", new int[] {3}, 2, 0, -2); // -2 = axis 1
        int out3 = h.i8("out", new int[] {3, 2, 2}, 1f, 0);
        h.op(OpType.TRANSPOSE, new int[] {in3, perm3}, out3, NONE);
        // out[c][a][b] = in[a][b][c] = 6a + 3b + c
        assertArrayEquals(bytes(0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11),
                run(h.model(in3, out3), bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)));
    }

    @Test
    void transposeRejectsABadPermutationAndAWrongOutputShape() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {2, 3}, 1f, 0);
        int perm = g.constI32("perm", new int[] {2}, 1, 1);
        int out = g.i8("out", new int[] {3, 2}, 1f, 0);
        g.op(OpType.TRANSPOSE, new int[] {in, perm}, out, NONE);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(g.model(in, out)));
        assertTrue(e.getMessage().contains("must name each axis 0..1 exactly once"), e.getMessage());

        TinyGraph h = new TinyGraph();
        int in2 = h.i8("in", new int[] {2, 3}, 1f, 0);
        int perm2 = h.constI32("perm", new int[] {2}, 1, 0);
        int out2 = h.i8("out", new int[] {2, 3}, 1f, 0);
        h.op(OpType.TRANSPOSE, new int[] {in2, perm2}, out2, NONE);
        e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(h.model(in2, out2)));
        assertTrue(e.getMessage().contains("should have shape [3, 2]"), e.getMessage());
    }

    private static Model resize(boolean alignCorners, boolean halfPixelCenters, int[] inShape, int outH, int outW) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", inShape, 0.1f, 3);
        int size = g.constI32("size", new int[] {2}, outH, outW);
        int out = g.i8("out", new int[] {inShape[0], outH, outW, inShape[3]}, 0.1f, 3);
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {in, size}, out,
                new ResizeNearestNeighborOp.Options(alignCorners, halfPixelCenters));
        return g.model(in, out);
    }

    @Test
    void resizeNearestPicksTflmsSourcePixels() {
        byte[] in = bytes(1, 2, 3, 4, 5, 6); // 2 x 3, one channel
        int[] shape = {1, 2, 3, 1};
        // scale 2/3 and 3/5: rows floor(0, 0.67, 1.33) = 0 0 1; columns floor(0, 0.6, 1.2, 1.8, 2.4) = 0 0 1 1 2
        assertArrayEquals(bytes(1, 1, 2, 2, 3, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6), run(resize(false, false, shape, 3, 5), in));
        // half-pixel centres: rows floor(0.33, 1.0, 1.67) = 0 1 1; columns floor(0.3, 0.9, 1.5, 2.1, 2.7) = 0 0 1 2 2
        assertArrayEquals(bytes(1, 1, 2, 3, 3, 4, 4, 5, 6, 6, 4, 4, 5, 6, 6), run(resize(false, true, shape, 3, 5), in));
        // align corners: scale 1/2 and 2/4, rounded half away from zero: rows 0 1 1 (0, 0.5, 1); columns 0 1 1 2 2
        assertArrayEquals(bytes(1, 2, 2, 3, 3, 4, 5, 5, 6, 6, 4, 5, 5, 6, 6), run(resize(true, false, shape, 3, 5), in));
    }

    @Test
    void resizeNearestRejectsAChangedQuantization() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 2, 2, 1}, 0.1f, 3);
        int size = g.constI32("size", new int[] {2}, 4, 4);
        int out = g.i8("out", new int[] {1, 4, 4, 1}, 0.2f, 3);
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {in, size}, out, NONE);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(g.model(in, out)));
        assertTrue(e.getMessage().contains("must share the quantization"), e.getMessage());
    }

    @Test
    void expandDimsAndSqueezeCheckTheirShapes() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 3}, 1f, 0);
        int axis = g.constI32("axis", new int[] {}, -1);
        int mid = g.i8("mid", new int[] {1, 3, 1}, 1f, 0);
        int out = g.i8("out", new int[] {3}, 1f, 0);
        g.op(OpType.EXPAND_DIMS, new int[] {in, axis}, mid, NONE);
        g.op(OpType.SQUEEZE, new int[] {mid}, out, new ReshapeOp.SqueezeOptions(new int[0]));
        assertArrayEquals(bytes(7, -8, 9), run(g.model(in, out), bytes(7, -8, 9)));

        TinyGraph h = new TinyGraph();
        int in2 = h.i8("in", new int[] {1, 3}, 1f, 0);
        int axis2 = h.constI32("axis", new int[] {}, 3);
        int out2 = h.i8("out", new int[] {1, 3, 1}, 1f, 0);
        h.op(OpType.EXPAND_DIMS, new int[] {in2, axis2}, out2, NONE);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(h.model(in2, out2)));
        assertTrue(e.getMessage().contains("axis 3 is outside [-3, 2]"), e.getMessage());
    }

    @Test
    void leakyReluChainIsBitExactInC(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 6, 7, 5}, 0.05f, 3);
        int a = g.i8("a", new int[] {1, 6, 7, 5}, 0.031f, -100); // alpha 0.1 (the detectors' slope)
        int b = g.i8("b", new int[] {1, 6, 7, 5}, 0.2f, 40);     // alpha 1.7 (above one)
        int c = g.i8("c", new int[] {1, 6, 7, 5}, 0.013f, 0);    // alpha -0.3 (negative multiplier)
        g.op(OpType.LEAKY_RELU, new int[] {in}, a, new LeakyReluOp.Options(0.1f));
        g.op(OpType.LEAKY_RELU, new int[] {a}, b, new LeakyReluOp.Options(1.7f));
        g.op(OpType.LEAKY_RELU, new int[] {b}, c, new LeakyReluOp.Options(-0.3f));
        Model m = g.model(in, c);
        bitExactInC(m, TinyGraph.records(210, 12, 21), dir);
    }

    @Test
    void transposesOfRank4And6AreBitExactInC(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 3, 5, 4}, 0.1f, 2);
        int p1 = g.constI32("p1", new int[] {4}, 0, 2, 3, 1);
        int t1 = g.i8("t1", new int[] {1, 5, 4, 3}, 0.1f, 2);
        int s6 = g.constI32("shape6", new int[] {6}, 1, 5, 2, 2, 1, 3);
        int r6 = g.i8("r6", new int[] {1, 5, 2, 2, 1, 3}, 0.1f, 2);
        int p6 = g.constI32("p6", new int[] {6}, 5, 3, 1, 0, 4, 2);
        int t6 = g.i8("t6", new int[] {3, 2, 5, 1, 1, 2}, 0.1f, 2);
        g.op(OpType.TRANSPOSE, new int[] {in, p1}, t1, NONE);
        g.op(OpType.RESHAPE, new int[] {t1, s6}, r6, NONE);
        g.op(OpType.TRANSPOSE, new int[] {r6, p6}, t6, NONE);
        bitExactInC(g.model(in, t6), TinyGraph.records(60, 6, 22), dir);
    }

    @Test
    void resizesOfEveryModeAreBitExactInC(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 3, 4, 2}, 0.1f, 3);
        int s1 = g.constI32("s1", new int[] {2}, 7, 9);
        int r1 = g.i8("r1", new int[] {1, 7, 9, 2}, 0.1f, 3);
        int s2 = g.constI32("s2", new int[] {2}, 5, 6);
        int r2 = g.i8("r2", new int[] {1, 5, 6, 2}, 0.1f, 3);
        int s3 = g.constI32("s3", new int[] {2}, 9, 11);
        int r3 = g.i8("r3", new int[] {1, 9, 11, 2}, 0.1f, 3);
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {in, s1}, r1, new ResizeNearestNeighborOp.Options(false, false));
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {r1, s2}, r2, new ResizeNearestNeighborOp.Options(false, true));
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {r2, s3}, r3, new ResizeNearestNeighborOp.Options(true, false));
        bitExactInC(g.model(in, r3), TinyGraph.records(24, 6, 23), dir);
    }

    @Test
    void expandDimsAndSqueezeAreBitExactInC(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 12}, 0.1f, 3);
        int axis = g.constI32("axis", new int[] {1}, 1);
        int e = g.i8("e", new int[] {1, 1, 12}, 0.1f, 3);
        int l = g.i8("l", new int[] {1, 1, 12}, 0.05f, -10);
        int out = g.i8("out", new int[] {12}, 0.05f, -10);
        g.op(OpType.EXPAND_DIMS, new int[] {in, axis}, e, NONE);
        g.op(OpType.LEAKY_RELU, new int[] {e}, l, new LeakyReluOp.Options(0.2f));
        g.op(OpType.SQUEEZE, new int[] {l}, out, new ReshapeOp.SqueezeOptions(new int[] {0, -2}));
        bitExactInC(g.model(in, out), TinyGraph.records(12, 8, 24), dir);
    }
}
