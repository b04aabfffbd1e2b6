package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Padding;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small IR models exercising every operator the generator supports beyond the convolution core: generated,
 * compiled with host gcc, run on random and edge-case records and compared byte for byte with the interpreter.
 */
class OperatorCodegenTest {

    private static ValidationResult check(Model m, byte[] inputs, Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), inputs, null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(r.records(), r.bitExact(), "bit-exact records (first mismatch " + r.firstMismatch() + ")");
        CGenerator.Layout layout = CGenerator.layout(m, "m", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.arenaBytes(), "arena = planner's");
        return r;
    }

    private static String source(Model m) {
        return new String(CGenerator.generate(m, "m", Progress.NONE).get("m.c"), StandardCharsets.UTF_8);
    }

    @Test
    void reluRequantizesAndRelu6Clamps(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 4, 5, 8}, 0.05f, 3);
        int r = g.i8("relu", new int[] {1, 4, 5, 8}, 0.031f, -120); // rescale: values saturate at 127
        int r6 = g.i8("relu6", new int[] {1, 4, 5, 8}, 0.031f, -120); // 6 / 0.031 + zp saturates the upper bound
        int r2 = g.i8("relu_b", new int[] {1, 4, 5, 8}, 0.2f, 40); // zero point above -128: clamp at zp
        g.op(OpType.RELU, new int[] {in}, r, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.RELU6, new int[] {r}, r6, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.RELU, new int[] {r6}, r2, OpOptions.NoOptions.INSTANCE);
        Model m = g.model(in, r2);
        check(m, TinyGraph.records(160, 12, 1), dir);
        String c = source(m);
        assertTrue(c.contains("pn_relu_s8(") && c.contains("pn_relu6_s8("), c);
    }

    @Test
    void relu6WithAnUnsaturatedUpperBound(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 64}, 0.0625f, -10); // 6 / 0.0625 = 96: upper bound 86
        int out = g.i8("out", new int[] {1, 64}, 0.0625f, -10);
        g.op(OpType.RELU6, new int[] {in}, out, OpOptions.NoOptions.INSTANCE);
        check(g.model(in, out), TinyGraph.records(64, 8, 2), dir);
    }

    @Test
    void padAddsTheOutputZeroPointInEveryDimension(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 3, 5, 4}, 0.1f, -7);
        int pads = g.constI32("paddings", new int[] {4, 2}, 0, 0, 1, 2, 0, 3, 2, 1);
        int out = g.i8("out", new int[] {1, 6, 8, 7}, 0.1f, -7);
        g.op(OpType.PAD, new int[] {in, pads}, out, OpOptions.NoOptions.INSTANCE);
        int pads2 = g.constI32("paddings2", new int[] {4, 2}, 0, 0, 0, 0, 1, 0, 0, 0);
        int out2 = g.i8("out2", new int[] {1, 6, 9, 7}, 0.1f, -7);
        g.op(OpType.PAD, new int[] {out, pads2}, out2, OpOptions.NoOptions.INSTANCE);
        check(g.model(in, out2), TinyGraph.records(60, 6, 3), dir);
    }

    @Test
    void padOfARank2Tensor(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {2, 9}, 0.1f, 100);
        int pads = g.constI32("paddings", new int[] {2, 2}, 1, 0, 3, 4);
        int out = g.i8("out", new int[] {3, 16}, 0.1f, 100);
        g.op(OpType.PAD, new int[] {in, pads}, out, OpOptions.NoOptions.INSTANCE);
        check(g.model(in, out), TinyGraph.records(18, 4, 4), dir);
    }

    @Test
    void meanOverHeightAndWidthWithRequantization(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 5, 7, 6}, 0.07f, -3);
        int axes = g.constI32("axes", new int[] {2}, 1, 2);
        int out = g.i8("mean", new int[] {1, 1, 1, 6}, 0.013f, 9); // scale ratio > 1: saturates
        g.op(OpType.MEAN, new int[] {in, axes}, out, new OpOptions.ReducerOptions(true));
        check(g.model(in, out), TinyGraph.records(210, 10, 5), dir);
    }

    @Test
    void meanWithEqualQuantizationAndNegativeAxes(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {2, 3, 4, 5}, 0.5f, -128);
        int axes = g.constI32("axes", new int[] {2}, -3, -2);
        int mid = g.i8("mean", new int[] {2, 5}, 0.5f, -128);
        g.op(OpType.MEAN, new int[] {in, axes}, mid, new OpOptions.ReducerOptions(false));
        int axes1 = g.constI32("axes1", new int[] {1}, 1);
        int out = g.i8("mean2", new int[] {2}, 0.25f, 0);
        g.op(OpType.MEAN, new int[] {mid, axes1}, out, new OpOptions.ReducerOptions(false));
        Model m = g.model(in, out);
        check(m, TinyGraph.records(120, 10, 6), dir);
        assertTrue(source(m).contains("pn_gen_mean("));
    }

    @Test
    void meanOverNonAdjacentAxesIsRejectedWithTheOperator() {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {2, 3, 4, 5}, 0.5f, 0);
        int axes = g.constI32("axes", new int[] {2}, 0, 2);
        int out = g.i8("mean", new int[] {3, 5}, 0.5f, 0);
        g.op(OpType.MEAN, new int[] {in, axes}, out, new OpOptions.ReducerOptions(false));
        CodegenException e = assertThrows(CodegenException.class,
                () -> CGenerator.generate(g.model(in, out), "m", Progress.NONE));
        assertEquals(0, e.operatorIndex());
        assertTrue(e.getMessage().startsWith("operator 0 (") && e.getMessage().contains("adjacent"), e.getMessage());
    }

    @Test
    void concatenationOfTensorsAndConstantsAlongInnerAndOuterAxes(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 3, 4, 5}, 0.1f, 2);
        int relu = g.i8("relu", new int[] {1, 3, 4, 5}, 0.1f, 2);
        g.op(OpType.RELU, new int[] {in}, relu, OpOptions.NoOptions.INSTANCE);
        int k = g.constI8("k", new int[] {1, 3, 4, 2}, 0.1f, 2, TinyGraph.randomBytes(24, 7));
        int cat = g.i8("cat", new int[] {1, 3, 4, 12}, 0.1f, 2);
        g.op(OpType.CONCATENATION, new int[] {in, k, relu}, cat, new OpOptions.ConcatenationOptions(-1,
                Activation.NONE));
        int cat2 = g.i8("cat2", new int[] {1, 6, 4, 12}, 0.1f, 2);
        g.op(OpType.CONCATENATION, new int[] {cat, cat}, cat2, new OpOptions.ConcatenationOptions(1,
                Activation.NONE));
        Model m = g.model(in, cat2);
        check(m, TinyGraph.records(60, 6, 8), dir);
        assertTrue(source(m).contains("pn_concatenation_s8(3, "));
    }

    @Test
    void quantizeInt8ToInt8(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.i8("in", new int[] {1, 50}, 0.02f, -5);
        int up = g.i8("q1", new int[] {1, 50}, 0.005f, 10); // finer scale: saturates
        int down = g.i8("q2", new int[] {1, 50}, 0.3f, -128); // coarser scale: rounding
        g.op(OpType.QUANTIZE, new int[] {in}, up, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.QUANTIZE, new int[] {up}, down, OpOptions.NoOptions.INSTANCE);
        check(g.model(in, down), TinyGraph.records(50, 10, 9), dir);
    }

    @Test
    void floatInputAndOutputThroughQuantizeAndDequantize(@TempDir Path dir) throws Exception {
        TinyGraph g = new TinyGraph();
        int in = g.act("in", TensorType.FLOAT32, new int[] {1, 24}, Quantization.NONE);
        int q = g.i8("q", new int[] {1, 24}, 0.05f, -3);
        int r = g.i8("relu", new int[] {1, 24}, 0.04f, -128);
        int out = g.act("out", TensorType.FLOAT32, new int[] {1, 24}, Quantization.NONE);
        g.op(OpType.QUANTIZE, new int[] {in}, q, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.RELU, new int[] {q}, r, OpOptions.NoOptions.INSTANCE);
        g.op(OpType.DEQUANTIZE, new int[] {r}, out, OpOptions.NoOptions.INSTANCE);
        Model m = g.model(in, out);
        SplittableRandom rnd = new SplittableRandom(10);
        int records = 12;
        ByteBuffer b = ByteBuffer.allocate(records * 24 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < records * 24; i++) {
            float v = switch (i % 6) {
                case 0 -> (float) rnd.nextDouble(-8, 8); // beyond the int8 range: saturation
                case 1 -> (rnd.nextInt(-40, 40) + 0.5f) * 0.05f; // halfway cases of the rounding
                case 2 -> -0.0f;
                default -> (float) rnd.nextDouble(-3, 3);
            };
            b.putFloat(v);
        }
        check(m, b.array(), dir);
        String h = new String(CGenerator.generate(m, "m", Progress.NONE).get("m.h"), StandardCharsets.UTF_8);
        assertTrue(h.contains("#define M_INPUT_IS_FLOAT 1") && h.contains("#define M_OUTPUT_IS_FLOAT 1"), h);
        assertTrue(h.contains("#define M_INPUT_SIZE 96"), h);
        assertFalse(h.contains("M_INPUT_SCALE"), h);
    }

    /** A depthwise convolution with one input channel (per-channel weights [1, kh, kw, cout]). */
    private static Model singleChannelDepthwise(int h, int w, int kh, int kw, int cout, int stride, Padding pad,
            long seed) {
        TinyGraph g = new TinyGraph();
        SplittableRandom r = new SplittableRandom(seed);
        int in = g.i8("in", new int[] {1, h, w, 1}, 1 / 127.5f, -1);
        float[] scales = new float[cout];
        for (int c = 0; c < cout; c++) {
            scales[c] = (float) (0.003 + 0.01 * r.nextDouble());
        }
        g.t.add(Tensor.constant(g.t.size(), "w", TensorType.INT8, new int[] {1, kh, kw, cout},
                new Quantization(scales, new long[cout], 3), TinyGraph.randomBytes(kh * kw * cout, seed + 1)));
        int wt = g.t.size() - 1;
        int[] bias = new int[cout];
        for (int c = 0; c < cout; c++) {
            bias[c] = r.nextInt(-3000, 3000);
        }
        int bt = g.constI32("b", new int[] {cout}, bias);
        int oh = pad == Padding.SAME ? (h + stride - 1) / stride : (h - kh) / stride + 1;
        int ow = pad == Padding.SAME ? (w + stride - 1) / stride : (w - kw) / stride + 1;
        int out = g.i8("out", new int[] {1, oh, ow, cout}, 0.02f, -128);
        g.op(OpType.DEPTHWISE_CONV_2D, new int[] {in, wt, bt}, out, new OpOptions.DepthwiseConv2DOptions(pad, stride,
                stride, cout, Activation.RELU6, 1, 1));
        return g.model(in, out);
    }

    @Test
    void singleChannelDepthwiseRunsAsAConvolution(@TempDir Path dir) throws Exception {
        Model a = singleChannelDepthwise(12, 10, 3, 3, 8, 2, Padding.SAME, 11); // person_detect's first layer
        String c = source(a);
        assertTrue(c.contains("pn_conv_s8_3x3(") && !c.contains("pn_depthwise_conv_s8("), c);
        check(a, TinyGraph.records(120, 6, 12), dir.resolve("a"));
        Model b = singleChannelDepthwise(13, 11, 5, 4, 3, 2, Padding.VALID, 13); // micro_speech-like, generic
        assertTrue(source(b).contains("pn_conv_s8("));
        check(b, TinyGraph.records(143, 6, 14), dir.resolve("b"));
        Model c1 = singleChannelDepthwise(6, 7, 1, 1, 5, 1, Padding.VALID, 15);
        assertTrue(source(c1).contains("pn_conv_s8_1x1("));
        check(c1, TinyGraph.records(42, 6, 16), dir.resolve("c"));
    }
}
