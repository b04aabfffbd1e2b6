package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * HARD_SWISH int8 (TFLM reference HardSwish): exact points of x * relu6(x + 3) / 6, every stored input against a
 * double-precision evaluation, TFLM's refusal of a positive output exponent, and the generated C against the
 * interpreter (host gcc, byte for byte).
 */
class HardSwishOpTest {

    private static Model hardSwish(float inScale, int inZp, float outScale, int outZp, int n) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, n}, inScale, inZp);
        int out = g.i8("out", new int[] {1, n}, outScale, outZp);
        g.op(OpType.HARD_SWISH, new int[] {in}, out, OpOptions.NoOptions.INSTANCE);
        return g.model(in, out);
    }

    private static byte[] everyValue() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) (i - 128);
        }
        return b;
    }

    @Test
    void exactPointsOfTheCurve() {
        // s_in 0.1, zp -20; s_out 0.05, zp -90. x = 0, -3, -4 give 0 (q -90); x = 3 gives 3 (60 steps, q -30);
        // x = 4 gives 4 (80 steps, q -10); x = 10 gives 10 (200 steps, q 110).
        Model m = hardSwish(0.1f, -20, 0.05f, -90, 6);
        byte[] in = {-20, -50, -60, 10, 20, 80};
        assertArrayEquals(new byte[] {-90, -90, -90, -30, -10, 110}, Interpreter.create(m).run(in));
    }

    @Test
    void everyInputIsWithinOneStepOfTheExactValue() {
        float[][] cases = {{0.05f, 0, 0.03f, -100}, {0.1f, -20, 0.05f, -90}, {0.02f, 10, 0.02f, -110}};
        for (float[] k : cases) {
            byte[] y = Interpreter.create(hardSwish(k[0], (int) k[1], k[2], (int) k[3], 256)).run(everyValue());
            for (int q = -128; q <= 127; q++) {
                double x = k[0] * (double) (q - (int) k[1]);
                double h = x * Math.min(6, Math.max(0, x + 3)) / 6;
                long exact = Math.max(-128, Math.min(127, Math.round(h / k[2]) + (int) k[3]));
                assertEquals(exact, y[q + 128], 1, "scales " + k[0] + ", " + k[2] + ", q " + q);
            }
        }
    }

    @Test
    void aPositiveOutputExponentIsRefusedAsInTflm() {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(hardSwish(1f, 0, 0.001f, 0, 4)));
        assertTrue(e.getMessage().contains("operator 0 (HARD_SWISH)")
                && e.getMessage().contains("output_multiplier_exponent <= 0"), e.getMessage());
    }

    @Test
    void generatedCIsBitExactWithTheInterpreter(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = hardSwish(0.05f, 3, 0.03f, -100, 256);
        byte[] records = new byte[512];
        System.arraycopy(everyValue(), 0, records, 0, 256);
        for (int i = 0; i < 256; i++) {
            records[256 + i] = (byte) (i * 37);
        }
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(2, r.records());
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }
}
