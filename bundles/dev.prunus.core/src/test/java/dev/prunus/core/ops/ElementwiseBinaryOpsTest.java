package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Activation;
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
 * SUB, SQUARED_DIFFERENCE, MAXIMUM and MINIMUM (KWT-1's int8 set): hand-worked TFLM cases, checks, and host C
 * against the interpreter.
 */
class ElementwiseBinaryOpsTest {

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** in1 [1, n] (the graph input) op constant in2 [shape2]. */
    private static Model binary(OpType type, OpOptions options, float s, float sOut, int n, int[] shape2, byte[] in2) {
        TinyGraph g = new TinyGraph();
        int a = g.i8("a", new int[] {1, n}, s, 0);
        int b = g.constI8("b", shape2, s, 0, in2);
        int out = g.i8("out", new int[] {1, n}, sOut, 0);
        g.op(type, new int[] {a, b}, out, options);
        return g.model(a, out);
    }

    private static final ArithmeticOp.SubOptions SUB = new ArithmeticOp.SubOptions(Activation.NONE, true);

    @Test
    void subRescalesLikeTflm() {
        // s1 = s2 = s_out = 0.5: twice_max 1, input multipliers 0.5 = (2^30, 0), output 2^-19 = (2^30, -18):
        // (a - b) exactly, saturated.
        Model m = binary(OpType.SUB, SUB, 0.5f, 0.5f, 4, new int[] {1, 4}, bytes(3, 100, -100, 0));
        assertArrayEquals(bytes(2, -128, 127, 0), Interpreter.create(m).run(bytes(5, -100, 100, 0)));
        // s_out = 1: (a - b) / 2 by RoundingDivideByPOT, half away from zero: 1.5 -> 2, -1.5 -> -2, 0.5 -> 1
        Model half = binary(OpType.SUB, SUB, 0.5f, 1f, 4, new int[] {1, 4}, bytes(0, 3, 0, 1));
        assertArrayEquals(bytes(2, -2, 1, 0), Interpreter.create(half).run(bytes(3, 0, 1, 1)));
    }

    @Test
    void squaredDifferenceRescalesLikeTflm() {
        OpOptions none = OpOptions.NoOptions.INSTANCE;
        // s1 = s2 = 0.5, s_out = 0.25: inputs shifted by 7 and halved (exact 64 (a - b)); output ratio
        // 1 / (2^14 * 0.25) = 2^-12 = (2^30, -11): (a - b)^2 exactly, saturated
        Model m = binary(OpType.SQUARED_DIFFERENCE, none, 0.5f, 0.25f, 4, new int[] {1, 4}, bytes(1, 4, -5, 0));
        assertArrayEquals(bytes(4, 16, 0, 127), Interpreter.create(m).run(bytes(3, 0, -5, 20)));
        // s_out = 1: (a - b)^2 / 4 by RoundingDivideByPOT: 0.25 -> 0, 1, 2.25 -> 2, 6.25 -> 6
        Model quarter = binary(OpType.SQUARED_DIFFERENCE, none, 0.5f, 1f, 4, new int[] {1, 4}, bytes(0, 0, 0, 5));
        assertArrayEquals(bytes(0, 1, 2, 6), Interpreter.create(quarter).run(bytes(1, 2, 3, 0)));
    }

    @Test
    void maximumAndMinimumCompareStoredValuesWithBroadcasting() {
        Model max = binary(OpType.MAXIMUM, OpOptions.NoOptions.INSTANCE, 0.1f, 0.1f, 4, new int[] {1, 1}, bytes(2));
        assertArrayEquals(bytes(2, 2, 3, 4), Interpreter.create(max).run(bytes(1, 2, 3, 4)));
        Model min = binary(OpType.MINIMUM, OpOptions.NoOptions.INSTANCE, 0.1f, 0.1f, 4, new int[] {1, 1}, bytes(2));
        assertArrayEquals(bytes(1, 2, 2, 2), Interpreter.create(min).run(bytes(1, 2, 3, 4)));
    }

    @Test
    void maximumRejectsInputsOfAnotherQuantization() {
        Model m = binary(OpType.MAXIMUM, OpOptions.NoOptions.INSTANCE, 0.1f, 0.2f, 4, new int[] {1, 4}, bytes(1, 2, 3, 4));
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> Interpreter.create(m));
        assertTrue(e.getMessage().contains("operator 0 (MAXIMUM)") && e.getMessage().contains("must share the "
                + "output's quantization"), e.getMessage());
    }

    @Test
    void subMaximumMinimumAndSquaredDifferenceAreBitExactInC(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 5, 6, 8}, 0.037f, 11);
        int k = g.constI8("k", new int[] {1, 1, 1, 8}, 0.051f, -7, TinyGraph.randomBytes(8, 31));
        int d = g.i8("d", new int[] {1, 5, 6, 8}, 0.043f, -3);
        int relu = g.i8("d_relu", new int[] {1, 5, 6, 8}, 0.029f, -128);
        int m = g.i8("m", new int[] {1, 5, 6, 8}, 0.029f, -128);
        int floor = g.constI8("floor", new int[] {1, 1, 6, 1}, 0.029f, -128, TinyGraph.randomBytes(6, 32));
        int out = g.i8("out", new int[] {1, 5, 6, 8}, 0.029f, -128);
        int sq = g.i8("sq", new int[] {1, 5, 6, 8}, 0.0011f, -128);
        g.op(OpType.SUB, new int[] {in, k}, d, SUB);
        g.op(OpType.SUB, new int[] {k, d}, relu, new ArithmeticOp.SubOptions(Activation.RELU, true));
        g.op(OpType.MAXIMUM, new int[] {relu, floor}, m, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.MINIMUM, new int[] {floor, m}, out, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.SQUARED_DIFFERENCE, new int[] {out, d}, sq, OpOptions.NoOptions.INSTANCE);
        Model model = g.model(in, sq);
        ValidationResult r = CValidator.validate(model, PackPlanner.plan(model.main(), "m4"),
                TinyGraph.records(240, 10, 33), null, CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
    }
}
