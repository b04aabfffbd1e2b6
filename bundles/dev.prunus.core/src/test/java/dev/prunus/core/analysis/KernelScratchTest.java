package dev.prunus.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.testing.SharedModels;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.validate.CValidator;
import dev.prunus.runtime.RuntimeSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KernelScratch} against the runtime's own {@code _get_buffer_size} functions, compiled with host gcc. */
class KernelScratchTest {

    private static final String[] SOURCES = {"pn_conv_s8.c", "pn_conv_s8_1x1.c", "pn_conv_s8_3x3.c",
        "pn_depthwise_conv_s8.c", "pn_depthwise_conv_s8_3x3.c", "pn_fully_connected_s8.c", "pn_gemm_s8.c",
        "pn_convolve_filterlet_s8.c", "pn_convolve_1x1_block_s8.c", "pn_block_gemm_s8.c",
        "pn_fully_connected_block_s8.c", "pn_lstm_s8.c"};

    /** One C call and the Java figure it must equal. */
    private record Case(String call, int java) {
    }

    @Test
    void javaFormulasEqualTheKernelsBufferSizeFunctions(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        List<Case> cases = new ArrayList<>();
        int[] couts = {1, 3, 8, 17, 64};
        int[] cins = {1, 2, 3, 4, 7, 16, 255, 1023, 1024, 1025, 4000};
        int[] ks = {1, 2, 3, 5};
        for (int cout : couts) {
            for (int cin : cins) {
                String f = "pn_dims f = {" + cout + ", 1, 1, " + cin + "};";
                cases.add(new Case("{ " + f + " v = pn_conv_s8_1x1_get_buffer_size(&f); }",
                        KernelScratch.of(Kernel.CONV_1X1, cout, 1, 1, cin)));
                cases.add(new Case("{ " + f + " v = pn_fully_connected_s8_get_buffer_size(&f); }",
                        KernelScratch.of(Kernel.FULLY_CONNECTED, cout, 1, 1, cin)));
                assertEquals(KernelScratch.of(Kernel.FULLY_CONNECTED, cout, 1, 1, cin),
                        KernelScratch.of(Kernel.FULLY_CONNECTED_PER_CHANNEL, cout, 1, 1, cin),
                        "both fully connected kernels share pn_fully_connected_s8_get_buffer_size");
                for (int b : new int[] {4, 8}) {
                    cases.add(new Case("{ " + f + " v = pn_convolve_1x1_block_s8_get_buffer_size(&f, " + b + "); }",
                            KernelScratch.of(Kernel.CONV_1X1_BLOCK, cout, cin, b)));
                    cases.add(new Case("{ " + f + " v = pn_fully_connected_block_s8_get_buffer_size(&f, " + b
                            + "); }", KernelScratch.of(Kernel.FULLY_CONNECTED_BLOCK, cout, cin, b)));
                }
                if (cin > 300) {
                    continue;
                }
                for (int kh : ks) {
                    for (int kw : ks) {
                        String fk = "pn_dims f = {" + cout + ", " + kh + ", " + kw + ", " + cin + "};";
                        cases.add(new Case("{ " + fk + " v = pn_conv_s8_get_buffer_size(&f); }",
                                KernelScratch.of(Kernel.CONV, cout, kh, kw, cin)));
                        if (kh * kw >= 2) {
                            for (int stride : new int[] {1, 2}) {
                                int outW = 1 + cin % 13;
                                cases.add(new Case("{ " + fk + " pn_dims o = {1, 5, " + outW + ", " + cout + "};"
                                        + " pn_conv_params p = {0, 0, {" + stride + ", " + stride + "}, {0, 0},"
                                        + " {1, 1}, {-128, 127}};"
                                        + " v = pn_convolve_filterlet_s8_get_buffer_size(&p, &f, &o); }",
                                        KernelScratch.of(Kernel.CONV_FILTERLET, cout, kh, kw, cin, stride, outW)));
                            }
                        }
                    }
                }
                String f3 = "pn_dims f = {" + cout + ", 3, 3, " + cin + "};";
                cases.add(new Case("{ " + f3 + " v = pn_conv_s8_3x3_get_buffer_size(&f); }",
                        KernelScratch.of(Kernel.CONV_3X3, cout, 3, 3, cin)));
            }
        }
        for (int c : new int[] {1, 3, 4, 5, 8, 16, 31, 32, 96, 256, 1024}) {
            String fd = "pn_dims f = {1, 3, 3, " + c + "};";
            cases.add(new Case("{ " + fd + " v = pn_depthwise_conv_s8_3x3_get_buffer_size(&f); }",
                    KernelScratch.of(Kernel.DEPTHWISE_3X3, 1, 3, 3, c)));
            cases.add(new Case("{ " + fd + " v = pn_depthwise_conv_s8_get_buffer_size(&f); }",
                    KernelScratch.of(Kernel.DEPTHWISE, 1, 3, 3, c)));
        }
        for (int nInput : new int[] {0, 1, 2, 3, 4, 5, 28, 33, 1000}) {
            for (int nCell : new int[] {0, 1, 3, 4, 7, 20, 64, 255}) {
                cases.add(new Case("v = pn_lstm_s8_get_buffer_size(" + nInput + ", " + nCell + ");",
                        KernelScratch.lstm(nInput, nCell)));
            }
        }
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include \"pn_kernels.h\"\n"
                + "#include \"pn_lstm_s8.h\"\n"
                + "#include \"pn_convolve_filterlet_s8.h\"\n#include \"pn_convolve_1x1_block_s8.h\"\n"
                + "#include \"pn_fully_connected_block_s8.h\"\nint main(void)\n{\n    int32_t v;\n");
        for (Case k : cases) {
            c.append("    ").append(k.call()).append(" printf(\"%ld\\n\", (long)v);\n");
        }
        c.append("    return 0;\n}\n");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-std=c99", "-O1", "-Wall", "-Werror", "-Iinclude", "-o",
                "sizes", "sizes.c"));
        for (String f : RuntimeSources.files()) {
            if (f.startsWith("include/")) {
                copy(dir, f);
            }
        }
        for (String s : SOURCES) {
            copy(dir, "src/" + s);
            cmd.add("src/" + s);
        }
        Files.writeString(dir.resolve("sizes.c"), c);
        run(dir, cmd);
        String[] lines = run(dir, List.of(dir.resolve("sizes").toString())).split("\n");
        assertEquals(cases.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(cases.get(i).java(), Integer.parseInt(lines[i].trim()), cases.get(i).call());
        }
        assertTrue(cases.size() > 500, "many shapes: " + cases.size());
    }

    private static void copy(Path dir, String runtimeFile) throws IOException {
        Path p = dir.resolve(runtimeFile);
        Files.createDirectories(p.getParent());
        Files.write(p, RuntimeSources.read(runtimeFile));
    }

    private static String run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + text);
        return text;
    }

    @Test
    void plannerAndKernelChoiceAgreeOnEverySharedModel() throws IOException {
        for (SharedModels.Facts facts : SharedModels.ALL) {
            Graph g = TfliteReader.read(SharedModels.require(facts)).main();
            PackPlan pack = PackPlanner.plan(g, "m4");
            ArenaPlan plan = MemoryPlanner.plan(g, pack);
            for (Operator op : g.operators()) {
                int bytes = KernelScratch.bytes(g, op, pack);
                List<ArenaPlan.Scratch> slot = plan.scratch().stream()
                        .filter(s -> s.operatorIndex() == op.index()).toList();
                assertEquals(bytes == 0 ? 0 : 1, slot.size(), facts + " " + op);
                if (bytes > 0) {
                    assertEquals(bytes, slot.get(0).size(), facts + " " + op);
                }
                if (op.type() == OpType.DEPTHWISE_CONV_2D && op.input(g, 0).dim(3) == 1) {
                    assertTrue(KernelScratch.lowersToConv(g, op));
                    assertTrue(KernelScratch.kernelOf(g, op, pack).function().startsWith("pn_conv_s8"), facts + " " + op);
                }
            }
        }
    }
}
