package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.FloatSteps;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.GatherOp;
import dev.prunus.core.ops.StridedSliceOp;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed model (a float32 front end shaped like KWT-1's audio features, then QUANTIZE into int8) generated as C,
 * compiled with host gcc and run against the interpreter.
 */
class MixedModelCodegenTest {

    private static int constF32(TinyGraph g, String name, int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        g.t.add(Tensor.constant(g.t.size(), name, TensorType.FLOAT32, shape, Quantization.NONE, b.array()));
        return g.t.size() - 1;
    }

    private static int f32(TinyGraph g, String name, int... shape) {
        return g.act(name, TensorType.FLOAT32, shape, Quantization.NONE);
    }

    private static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(lo, hi);
        }
        return v;
    }

    /**
     * KWT-1's front end in small: STRIDED_SLICE of the samples, RESHAPE into frames, GATHER of overlapping frame
     * pairs, a window (MUL by a constant), two DFT-like FULLY_CONNECTED, squared (MUL x x) and summed (ADD), SQRT,
     * a mel-like FULLY_CONNECTED, MAXIMUM with a scalar floor, LOG; then QUANTIZE and an int8 RELU, or (with
     * {@code rsqrt}) an RSQRT in place of SQRT, which has no float32 C kernel.
     */
    private static Model frontEnd(boolean rsqrt) {
        TinyGraph g = new TinyGraph();
        SplittableRandom r = new SplittableRandom(21);
        int in = f32(g, "audio", 1, 66);
        int sliced = f32(g, "sliced", 1, 60);
        g.op(OpType.STRIDED_SLICE, new int[] {in, g.constI32("begin", new int[] {2}, 0, 2),
                g.constI32("end", new int[] {2}, 1, 62), g.constI32("strides", new int[] {2}, 1, 1)}, sliced,
                new StridedSliceOp.Options(0, 0, 0, 0, 0, false));
        int frames = f32(g, "frames", 1, 6, 10);
        g.op(OpType.RESHAPE, new int[] {sliced, g.constI32("shape1", new int[] {3}, 1, 6, 10)}, frames,
                new OpOptions.ReshapeOptions(new int[] {1, 6, 10}));
        int[] pairs = new int[10];
        for (int i = 0; i < 5; i++) {
            pairs[2 * i] = i;
            pairs[2 * i + 1] = i + 1;
        }
        int gathered = f32(g, "gathered", 1, 5, 2, 10);
        g.op(OpType.GATHER, new int[] {frames, g.constI32("pairs", new int[] {5, 2}, pairs)}, gathered,
                new GatherOp.Options(1, 0));
        int windows = f32(g, "windows", 1, 5, 20);
        g.op(OpType.RESHAPE, new int[] {gathered, g.constI32("shape2", new int[] {3}, 1, 5, 20)}, windows,
                new OpOptions.ReshapeOptions(new int[] {1, 5, 20}));
        int windowed = f32(g, "windowed", 1, 5, 20);
        g.op(OpType.MUL, new int[] {windows, constF32(g, "window", new int[] {20}, random(r, 20, 0, 1))}, windowed,
                new OpOptions.MulOptions(Activation.NONE));
        int[] squares = new int[2];
        for (int k = 0; k < 2; k++) {
            int part = f32(g, "dft" + k, 5, 12);
            g.op(OpType.FULLY_CONNECTED, new int[] {windowed, constF32(g, "w" + k, new int[] {12, 20},
                    random(r, 240, -1, 1)), -1}, part, new OpOptions.FullyConnectedOptions(Activation.NONE, false,
                            false));
            squares[k] = f32(g, "square" + k, 5, 12);
            g.op(OpType.MUL, new int[] {part, part}, squares[k], new OpOptions.MulOptions(Activation.NONE));
        }
        int power = f32(g, "power", 5, 12);
        g.op(OpType.ADD, squares, power, new OpOptions.AddOptions(Activation.NONE));
        int magnitude = f32(g, "magnitude", 5, 12);
        g.op(rsqrt ? OpType.RSQRT : OpType.SQRT, new int[] {power}, magnitude, OpOptions.NoOptions.INSTANCE);
        int mel = f32(g, "mel", 5, 6);
        g.op(OpType.FULLY_CONNECTED, new int[] {magnitude, constF32(g, "melw", new int[] {6, 12},
                random(r, 72, 0, 0.5)), constF32(g, "melb", new int[] {6}, random(r, 6, -0.5, 0.5))}, mel,
                new OpOptions.FullyConnectedOptions(Activation.RELU, false, false));
        int floored = f32(g, "floored", 5, 6);
        g.op(OpType.MAXIMUM, new int[] {mel, constF32(g, "floor", new int[0], new float[] {1e-3f})}, floored,
                OpOptions.NoOptions.INSTANCE);
        int mel3 = f32(g, "mel3", 1, 5, 6);
        g.op(OpType.RESHAPE, new int[] {floored, g.constI32("shape3", new int[] {3}, 1, 5, 6)}, mel3,
                new OpOptions.ReshapeOptions(new int[] {1, 5, 6}));
        int log = f32(g, "log", 1, 5, 6);
        g.op(OpType.LOG, new int[] {mel3}, log, OpOptions.NoOptions.INSTANCE);
        int q = g.i8("q", new int[] {1, 5, 6}, 0.03f, 20);
        g.op(OpType.QUANTIZE, new int[] {log}, q, OpOptions.NoOptions.INSTANCE);
        int out = g.i8("out", new int[] {1, 5, 6}, 0.02f, -128);
        g.op(OpType.RELU, new int[] {q}, out, OpOptions.NoOptions.INSTANCE);
        return g.model(in, out);
    }

    @Test
    void kwtLikeFloatFrontEndRunsInCAsInTheInterpreter(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = frontEnd(false);
        assertTrue(FloatSteps.hasFloatFrontEnd(m.main()));
        SplittableRandom r = new SplittableRandom(5);
        int records = 16;
        ByteBuffer b = ByteBuffer.allocate(records * 66 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < records * 66; i++) {
            b.putFloat(i / 66 == 0 ? 0f : (float) r.nextDouble(-1, 1)); // record 0 silent: LOG of the floor
        }
        // Float sums in the interpreter's order, sqrtf correctly rounded; logf may differ from the interpreter's
        // log by an ulp, which can move an int8 value only at a rounding tie of QUANTIZE: none in these records.
        ValidationResult v = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), b.array(), null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(v.records(), v.bitExact(), "bit-exact records (first mismatch " + v.firstMismatch() + ")");
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(),
                CGenerator.layout(m, "m", PackPlanner.plan(m.main(), "m4")).arenaBytes(), "arena = planner's");
        String c = new String(CGenerator.generate(m, "m", Progress.NONE).get("m.c"), StandardCharsets.UTF_8);
        for (String kernel : new String[] {"pn_strided_slice_s8(", "pn_gather_s8(", "pn_binary_f32(PN_F32_MUL",
                "pn_binary_f32(PN_F32_ADD", "pn_binary_f32(PN_F32_MAXIMUM", "pn_fully_connected_f32(",
                "pn_unary_f32(PN_F32_SQRT", "pn_unary_f32(PN_F32_LOG", "pn_quantize_f32_s8("}) {
            assertTrue(c.contains(kernel), kernel);
        }
    }

    @Test
    void aFloatFrontEndOperatorWithoutAFloatCKernelIsRefusedByName() {
        Model m = frontEnd(true);
        CodegenException e = assertThrows(CodegenException.class, () -> CGenerator.generate(m, "m", Progress.NONE));
        assertTrue(e.getMessage().contains("operator 10 (RSQRT)") && e.getMessage().contains("float32 kernels: "),
                e.getMessage());
    }
}
