package dev.prunus.core.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.ModelEdits;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CGeneratorTest {

    @Test
    void generatesTheDesignApiDeterministically() {
        Model m = DemoModel.build();
        SortedMap<String, byte[]> a = CGenerator.generate(m, "demo", Progress.NONE);
        SortedMap<String, byte[]> b = CGenerator.generate(DemoModel.build(), "demo", Progress.NONE);
        assertEquals(a.keySet(), b.keySet());
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            assertArrayEquals(e.getValue(), b.get(e.getKey()), e.getKey());
        }
        String h = new String(a.get("demo.h"), StandardCharsets.UTF_8);
        // Exactly the planner's arena: kernel scratch sits in the planner's slots (KernelScratch sizes both).
        CGenerator.Layout layout = CGenerator.layout(m, "demo", PackPlanner.plan(m.main(), "m4"));
        assertEquals(MemoryPlanner.plan(m.main()).arenaBytes(), layout.plannerArenaBytes());
        assertEquals(layout.plannerArenaBytes(), layout.arenaBytes());
        assertTrue(h.contains("#define DEMO_ARENA_SIZE " + layout.arenaBytes() + "\n"));
        assertTrue(h.contains("#define DEMO_INPUT_SIZE " + DemoModel.INPUT_BYTES + "\n"));
        assertTrue(h.contains("int demo_invoke(uint8_t *arena);"));
        assertTrue(h.contains("DEMO_INPUT_ZERO_POINT") && h.contains("DEMO_OUTPUT_SCALE"));
        String c = new String(a.get("demo.c"), StandardCharsets.UTF_8);
        assertFalse(c.contains("malloc"));
        // exactly the runtime files used: kernels called from demo.c, nothing else
        for (String f : a.keySet()) {
            if (f.startsWith("runtime/src/") && !f.contains("gemm")) {
                String fn = f.substring("runtime/src/".length(), f.length() - 2);
                assertTrue(c.contains(fn + "("), f + " is copied but not called");
            }
        }
        assertFalse(a.containsKey("runtime/src/pn_add_s8.c"));
        assertTrue(a.containsKey("runtime/include/pn_common.h"));
    }

    @Test
    void rejectsOperatorsWithoutKernelUpFront() {
        // every operator the interpreter runs has a C kernel: FLOOR has neither
        Quantization q = Quantization.perTensor(0.1f, 0);
        List<Tensor> t = List.of(Tensor.activation(0, "x", TensorType.INT8, new int[] {1, 4}, q),
                Tensor.activation(1, "y", TensorType.INT8, new int[] {1, 4}, q));
        Model floor = Model.of(new Graph("main", t, List.of(new Operator(0, OpType.FLOOR, new int[] {0},
                new int[] {1}, new OpOptions.NoOptions())), new int[] {0}, new int[] {1}));
        CodegenException e = assertThrows(CodegenException.class,
                () -> CGenerator.generate(floor, "floor", Progress.NONE));
        assertTrue(e.getMessage().contains("FLOOR"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: ADD, AVERAGE_POOL_2D, CONCATENATION, CONV_2D"), e.getMessage());
        assertTrue(e.getMessage().contains("UNIDIRECTIONAL_SEQUENCE_LSTM"), e.getMessage());
        assertEquals(e.getMessage().startsWith("operator " + e.operatorIndex() + " "), true, e.getMessage());
        assertThrows(CodegenException.class, () -> CGenerator.generate(DemoModel.build(), "Bad-Name", Progress.NONE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O2", "-Os"})
    void demoIsBitExactOnTheHost(String opt, @TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = DemoModel.build();
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), "m4"), DemoModel.inputs(16), null,
                CValidator.Target.HOST, opt, dir, Progress.NONE);
        assertEquals(16, r.records());
        assertEquals(16, r.bitExact());
    }

    /** Filterlets pruned alike in groups of 4 channels: the generator passes G = 4 and the C stays bit-exact. */
    @Test
    void groupSharedFilterletMasksAreBitExactOnTheHost(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        Model m = DemoModel.build();
        Graph g = ModelEdits.groupPrunedFilterlets(m.main(), 4, 5);
        Model pruned = m.withMain(g);
        var plan = PackPlanner.plan(g, "m4");
        assertTrue(plan.sparseLayerCount() > 0, "the zeroed convolutions are packed");
        String c = new String(CGenerator.generate(pruned, "demo", plan, Progress.NONE).get("demo.c"),
                StandardCharsets.UTF_8);
        assertTrue(c.contains("_mask, 4, "), "mask group 4 is passed to pn_convolve_filterlet_s8");
        ValidationResult r = CValidator.validate(pruned, plan, DemoModel.inputs(8), null, CValidator.Target.HOST,
                "-O2", dir, Progress.NONE);
        assertEquals(8, r.bitExact(), "first mismatch " + r.firstMismatch());
    }

    @Test
    void sharedModelsReproduceTflmOnTheHost(@TempDir Path dir) throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        int i = 0;
        for (String[] s : GoldenC.SETS) {
            GoldenC.check(s[0], s[1], CValidator.Target.HOST, i % 2 == 0 ? "-O2" : "-Os",
                    java.nio.file.Files.createDirectory(dir.resolve("s" + i++)));
        }
    }
}
