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
 * BATCH_MATMUL int8 (TFLM reference BatchMatMul): a hand-worked product, broadcast batches and adj_y against a
 * double-precision matrix product requantized once, the shape checks, the options' round trip, and the generated
 * C against the interpreter (host gcc, byte for byte), with a constant and with an activation right operand.
 */
class BatchMatMulOpTest {

    private static final float LHS_SCALE = 0.5f;
    private static final float RHS_SCALE = 0.25f;

    /** lhs (the graph input) x rhs (constant, or the input itself when rhs is null). */
    private static Model matmul(int[] lhsShape, int lhsZp, int[] rhsShape, byte[] rhs, int rhsZp, boolean adjY,
            int[] outShape, float outScale, int outZp) {
        TinyGraph g = new TinyGraph();
        int a = g.i8("lhs", lhsShape, LHS_SCALE, lhsZp);
        int b = rhs == null ? a : g.constI8("rhs", rhsShape, RHS_SCALE, rhsZp, rhs);
        int out = g.i8("out", outShape, outScale, outZp);
        g.op(OpType.BATCH_MATMUL, new int[] {a, b}, out, new BatchMatMulOp.Options(false, adjY, false));
        return g.model(a, out);
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void handWorkedProduct() {
        // s_lhs * s_rhs / s_out = 0.5 * 0.25 / 0.125 = 1 (exact): out = sum (l - 1) * r - 5.
        // lhs - 1 = [[1, 2, 3], [-1, 0, -2]], rhs = [[1, 2], [3, 4], [5, 6]]: [[22, 28], [-11, -14]].
        Model m = matmul(new int[] {2, 3}, 1, new int[] {3, 2}, bytes(1, 2, 3, 4, 5, 6), 0, false, new int[] {2, 2},
                0.125f, -5);
        assertArrayEquals(bytes(17, 23, -16, -19), Interpreter.create(m).run(bytes(2, 3, 4, 0, 1, -1)));
        Model again = TfliteReader.read(TfliteWriter.write(m));
        assertEquals(new BatchMatMulOp.Options(false, false, false), again.main().operator(0).options());
    }

    @Test
    void broadcastBatchesAndAdjYMatchTheExactProduct() {
        SplittableRandom r = new SplittableRandom(2);
        byte[] rhs = new byte[3 * 4 * 2];
        r.nextBytes(rhs);
        byte[] lhs = new byte[2 * 1 * 5 * 2];
        r.nextBytes(lhs);
        // lhs [2, 1, 5, 2] x rhs [3, 4, 2] read transposed (adj_y: [3, 2, 4]) -> out [2, 3, 5, 4].
        float outScale = 0.9f;
        Model m = matmul(new int[] {2, 1, 5, 2}, 3, new int[] {3, 4, 2}, rhs, -2, true, new int[] {2, 3, 5, 4},
                outScale, 7);
        byte[] y = Interpreter.create(m).run(lhs);
        int at = 0;
        for (int b0 = 0; b0 < 2; b0++) {
            for (int b1 = 0; b1 < 3; b1++) {
                for (int row = 0; row < 5; row++) {
                    for (int col = 0; col < 4; col++) {
                        double sum = 0;
                        for (int k = 0; k < 2; k++) {
                            sum += LHS_SCALE * (lhs[(b0 * 5 + row) * 2 + k] - 3)
                                    * (double) RHS_SCALE * (rhs[(b1 * 4 + col) * 2 + k] + 2);
                        }
                        long exact = Math.max(-128, Math.min(127, Math.round(sum / outScale) + 7));
                        assertEquals(exact, y[at++], 1, "batch " + b0 + "," + b1 + " element " + row + "," + col);
                    }
                }
            }
        }
    }

    @Test
    void mismatchedDepthsAreRefused() {
        Model m = matmul(new int[] {2, 3}, 0, new int[] {2, 2}, new byte[4], 0, false, new int[] {2, 2}, 1f, 0);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(m));
        assertTrue(e.getMessage().contains("operator 0 (BATCH_MATMUL)") && e.getMessage().contains("depths 3 and 2"),
                e.getMessage());
    }

    @Test
    void generatedCIsBitExactWithTheInterpreter(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        byte[] rhs = new byte[3 * 16 * 8];
        new SplittableRandom(4).nextBytes(rhs);
        bitExact(matmul(new int[] {1, 6, 16}, -4, new int[] {3, 16, 8}, rhs, 1, false, new int[] {3, 6, 8}, 2.5f,
                -3), 96, dir.resolve("constant"));
        // Attention scores: the input times itself transposed, both operands activations.
        bitExact(matmul(new int[] {1, 9, 12}, 5, null, null, 5, true, new int[] {1, 9, 9}, 3f, -10), 108,
                dir.resolve("self"));
    }

    private static void bitExact(Model m, int inputBytes, Path dir) throws Exception {
        byte[] records = new byte[3 * inputBytes];
        new SplittableRandom(8).nextBytes(records);
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(3, r.records());
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }
}
