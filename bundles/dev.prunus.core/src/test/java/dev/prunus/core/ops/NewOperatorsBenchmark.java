package dev.prunus.core.ops;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.TinyGraph;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Executed instructions of the kernels issue 15 added, one operator per generated program, on the given core under
 * QEMU (CValidator's exact counts; every record is also checked bit-exact with the interpreter), at the shapes the
 * models in ../shared/models/extra use; then id_model whole. Run by bench/new-ops.sh; prints a markdown table.
 */
public final class NewOperatorsBenchmark {

    private NewOperatorsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CValidator.Target core = CValidator.Target.valueOf(args.length > 0 ? args[0].toUpperCase() : "M4");
        System.out.println("| operator | shape | elements | instructions / inference | instructions / element | bit-exact |");
        System.out.println("|---|---|---|---|---|---|");
        int[] nhwc = {1, 48, 48, 16};
        row(core, "LEAKY_RELU", "1x48x48x16", unary(OpType.LEAKY_RELU, nhwc, nhwc, new LeakyReluOp.Options(0.1f),
                -1));
        row(core, "TRANSPOSE (NHWC to NCHW)", "1x60x80x8", transpose(new int[] {1, 60, 80, 8}, 0, 3, 1, 2));
        row(core, "TRANSPOSE (NCHW to NHWC)", "1x8x62x82", transpose(new int[] {1, 8, 62, 82}, 0, 2, 3, 1));
        row(core, "RESIZE_NEAREST_NEIGHBOR", "1x8x10x64 to 15x20", resize());
        row(core, "EXPAND_DIMS (copy)", "1x320 to 1x1x320", unary(OpType.EXPAND_DIMS, new int[] {1, 320},
                new int[] {1, 1, 320}, OpOptions.NoOptions.INSTANCE, 1));
        row(core, "SUB (broadcast)", "1x48x48x16 - 1x1x1x16", binary(OpType.SUB, nhwc));
        row(core, "SQUARED_DIFFERENCE (broadcast)", "1x48x48x16, 1x1x1x16", binary(OpType.SQUARED_DIFFERENCE, nhwc));
        row(core, "MAXIMUM (broadcast)", "1x48x48x16, 1x1x1x16", binary(OpType.MAXIMUM, nhwc));
        row(core, "STRIDED_SLICE (class token)", "1x99x64 to 1x64", classToken());
        row(core, "GATHER (audio framing)", "1x100x160 by 98x3", framing());
        row(core, "RSQRT (table)", "1x99x64", rsqrt());
        row(core, "HARD_SWISH (table)", "1x48x48x16", unary(OpType.HARD_SWISH, nhwc, nhwc,
                OpOptions.NoOptions.INSTANCE, -1));
        row(core, "SPLIT + PACK", "1x48x48x16 in 2 on C, packed on axis 1", splitPack());
        row(core, "BATCH_MATMUL (attention scores)", "1x99x64 x its transpose", selfAttentionScores());
        if (args.length > 1) {
            Model m = TfliteReader.read(Path.of(args[1]));
            row(core, "id_model (whole)", "1x96x96x1", m);
        }
    }

    private static void row(CValidator.Target core, String name, String shape, Model m) throws Exception {
        Path dir = Files.createTempDirectory("pn-bench");
        try {
            int inSize = m.main().input(0).byteSize();
            ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), core.name().toLowerCase()),
                    TinyGraph.records(inSize, 1, 7), null, core, "-O2", dir, Progress.NONE);
            long elements = m.main().output(0).elementCount();
            System.out.printf("| %s | %s | %d | %d | %.2f | %d/%d |%n", name, shape, elements, r.meanInstructions(),
                    (double) r.meanInstructions() / elements, r.bitExact(), r.records());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Model unary(OpType type, int[] in, int[] out, OpOptions options, int axis) {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", in, 0.05f, 3);
        int y = g.i8("out", out, type == OpType.LEAKY_RELU ? 0.03f : 0.05f, type == OpType.LEAKY_RELU ? -100 : 3);
        g.op(type, axis < 0 ? new int[] {x} : new int[] {x, g.constI32("axis", new int[] {}, axis)}, y, options);
        return g.model(x, y);
    }

    private static Model transpose(int[] in, int... perm) {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", in, 0.05f, 3);
        int[] out = new int[in.length];
        for (int d = 0; d < in.length; d++) {
            out[d] = in[perm[d]];
        }
        int p = g.constI32("perm", new int[] {perm.length}, perm);
        int y = g.i8("out", out, 0.05f, 3);
        g.op(OpType.TRANSPOSE, new int[] {x, p}, y, OpOptions.NoOptions.INSTANCE);
        return g.model(x, y);
    }

    private static Model resize() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 8, 10, 64}, 0.05f, 3);
        int size = g.constI32("size", new int[] {2}, 15, 20);
        int y = g.i8("out", new int[] {1, 15, 20, 64}, 0.05f, 3);
        g.op(OpType.RESIZE_NEAREST_NEIGHBOR, new int[] {x, size}, y, new ResizeNearestNeighborOp.Options(false, false));
        return g.model(x, y);
    }

    private static Model binary(OpType type, int[] shape) {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", shape, 0.05f, 3);
        int k = g.constI8("k", new int[] {1, 1, 1, shape[3]}, 0.05f, 3, TinyGraph.randomBytes(shape[3], 3));
        int y = g.i8("out", shape, type == OpType.SQUARED_DIFFERENCE ? 0.01f : 0.05f, 3);
        g.op(type, new int[] {x, k}, y, type == OpType.SUB ? new ArithmeticOp.SubOptions(Activation.NONE, true)
                : OpOptions.NoOptions.INSTANCE);
        return g.model(x, y);
    }

    private static Model classToken() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 99, 64}, 0.05f, 3);
        int b = g.constI32("begin", new int[] {3}, 0, 0, 0);
        int e = g.constI32("end", new int[] {3}, 0, 1, 64);
        int s = g.constI32("strides", new int[] {3}, 1, 1, 1);
        int y = g.i8("out", new int[] {1, 64}, 0.05f, 3);
        g.op(OpType.STRIDED_SLICE, new int[] {x, b, e, s}, y, new StridedSliceOp.Options(1, 1, 0, 0, 2, false));
        return g.model(x, y);
    }

    private static Model framing() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 100, 160}, 0.05f, 3);
        int[] idx = new int[98 * 3];
        for (int f = 0; f < 98; f++) {
            for (int k = 0; k < 3; k++) {
                idx[3 * f + k] = f + k;
            }
        }
        int i = g.constI32("indices", new int[] {98, 3}, idx);
        int y = g.i8("out", new int[] {1, 98, 3, 160}, 0.05f, 3);
        g.op(OpType.GATHER, new int[] {x, i}, y, new GatherOp.Options(1, 0));
        return g.model(x, y);
    }

    private static Model splitPack() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 48, 48, 16}, 0.05f, 3);
        int axis = g.constI32("axis", new int[] {}, 3);
        int a = g.i8("a", new int[] {1, 48, 48, 8}, 0.05f, 3);
        int b = g.i8("b", new int[] {1, 48, 48, 8}, 0.05f, 3);
        g.ops.add(new dev.prunus.core.ir.Operator(g.ops.size(), OpType.SPLIT, new int[] {axis, x}, new int[] {a, b},
                new SplitOp.Options(2)));
        int y = g.i8("out", new int[] {1, 2, 48, 48, 8}, 0.05f, 3);
        g.ops.add(new dev.prunus.core.ir.Operator(g.ops.size(), OpType.PACK, new int[] {b, a}, new int[] {y},
                new PackOp.Options(2, 1)));
        return g.model(x, y);
    }

    private static Model selfAttentionScores() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 99, 64}, 0.05f, 3);
        int y = g.i8("out", new int[] {1, 99, 99}, 0.5f, -10);
        g.op(OpType.BATCH_MATMUL, new int[] {x, x}, y, new BatchMatMulOp.Options(false, true, false));
        return g.model(x, y);
    }

    /** Input zero point -128: every stored value is a non-negative real, as RSQRT requires. */
    private static Model rsqrt() {
        TinyGraph g = new TinyGraph();
        int x = g.i8("in", new int[] {1, 99, 64}, 0.01f, -128);
        int y = g.i8("out", new int[] {1, 99, 64}, 0.05f, -128);
        g.op(OpType.RSQRT, new int[] {x}, y, OpOptions.NoOptions.INSTANCE);
        return g.model(x, y);
    }
}
