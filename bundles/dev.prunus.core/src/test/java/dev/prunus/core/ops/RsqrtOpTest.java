package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.QuantMath;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RSQRT int8: TFLM's fixed-point inverse square root against the exact value, every stored input against a
 * double-precision 1/sqrt of the real input, the negative-input error, and the generated C against the
 * interpreter (host gcc, byte for byte).
 */
class RsqrtOpTest {

    private static Model rsqrt(float inScale, int inZp, float outScale, int outZp) {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 256}, inScale, inZp);
        int out = g.i8("out", new int[] {1, 256}, outScale, outZp);
        g.op(OpType.RSQRT, new int[] {in}, out, OpOptions.NoOptions.INSTANCE);
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
    void invSqrtMultiplierIsTheReciprocalSquareRoot() {
        // multiplier * 2^shift / 2^31 within 4e-6 relative of 1/sqrt(v) (measured: at most 1.24e-6, for v = 2).
        for (int v : new int[] {2, 3, 4, 100, 255, 1 << 20, Integer.MAX_VALUE}) {
            QuantMath.Multiplier m = QuantMath.invSqrtQuantizedMultiplierExp(v, -1);
            double value = m.multiplier() * Math.pow(2, m.shift()) / Math.pow(2, 31);
            assertEquals(1 / Math.sqrt(v), value, 4e-6 / Math.sqrt(v), "input " + v);
        }
        assertEquals(new QuantMath.Multiplier(Integer.MAX_VALUE, 0), QuantMath.invSqrtQuantizedMultiplierExp(1, -1));
    }

    @Test
    void everyInputIsWithinOneStepOfTheExactValue() {
        float[][] cases = {{0.01f, -128, 0.05f, -128}, {0.001f, -100, 0.2f, -128}, {0.5f, 0, 0.01f, -20}};
        for (float[] k : cases) {
            int inZp = (int) k[1];
            int outZp = (int) k[3];
            byte[] y = Interpreter.create(rsqrt(k[0], inZp, k[2], outZp)).run(clampedAtZeroPoint(inZp));
            for (int q = inZp; q <= 127; q++) {
                int value = q - inZp;
                double exact = value == 0 ? 127 : Math.max(-128, Math.min(127,
                        Math.round(1 / Math.sqrt(k[0] * (double) value) / k[2]) + outZp));
                assertEquals(exact, y[q + 128], value == 0 ? 0 : 1, "scales " + k[0] + ", " + k[2] + ", q " + q);
            }
        }
    }

    /** Every stored value, those below the zero point replaced by it. */
    private static byte[] clampedAtZeroPoint(int zp) {
        byte[] b = everyValue();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.max(b[i], zp);
        }
        return b;
    }

    @Test
    void aNegativeInputIsAnErrorAsInTflm() {
        Interpreter interp = Interpreter.create(rsqrt(0.01f, -100, 0.05f, -128));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> interp.run(everyValue()));
        assertTrue(e.getMessage().contains("element 0 is -128, below the zero point -100"), e.getMessage());
    }

    @Test
    void generatedCIsBitExactWithTheInterpreter(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = rsqrt(0.004f, -128, 0.07f, -128);
        byte[] records = new byte[2 * 256];
        System.arraycopy(everyValue(), 0, records, 0, 256);
        for (int i = 0; i < 256; i++) {
            records[256 + i] = (byte) (127 - (i * 7) % 256);
        }
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), records, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(2, r.records());
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }
}
