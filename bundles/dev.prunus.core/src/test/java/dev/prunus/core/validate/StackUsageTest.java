package dev.prunus.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.testing.SharedModels;
import dev.prunus.core.validate.CValidator.ValidationException;

/**
 * The worst-case Cortex-M4 stack of every shared model's generated C, dense and pruned, stays under {@link #BOUND}
 * (GCC's own frame sizes and call graph; the figures are in docs/benchmarks/hardening.md).
 */
class StackUsageTest {

    /** The stated bound: a model's inference needs at most 1 KiB of stack on top of the caller's. */
    static final long BOUND = 1024;

    private static String node(String f, int bytes) {
        return "node: { title: \"" + f + "\" label: \"" + f + "\\nx.c:1:1\\n" + bytes + " bytes (static)\" }\n";
    }

    private static String edge(String from, String to) {
        return "edge: { sourcename: \"" + from + "\" targetname: \"" + to + "\" label: \"x.c:2:2\" }\n";
    }

    @Test
    void theDeepestChainIsSummedAndLibraryCallsCharged() {
        String g = node("m_invoke", 40) + node("conv", 100) + node("gemm", 30) + node("pool", 150)
                + edge("m_invoke", "conv") + edge("conv", "gemm") + edge("gemm", "memcpy") + edge("m_invoke", "pool");
        StackUsage.Result r = StackUsage.parse(List.of(g), "m_invoke");
        assertEquals(40 + 100 + 30 + StackUsage.LIBRARY_CALL_BYTES, r.bytes(), "234 through conv beats 190 through pool");
        assertEquals(List.of("m_invoke", "conv", "gemm", "memcpy"), r.deepestChain());
        assertEquals(Set.of("memcpy"), r.libraryCalls());
    }

    @Test
    void recursionAndUnboundedFramesHaveNoBound() {
        String loop = node("a", 8) + node("b", 8) + edge("a", "b") + edge("b", "a");
        assertTrue(assertThrows(ValidationException.class, () -> StackUsage.parse(List.of(loop), "a")).getMessage()
                .startsWith("recursion through a"));
        String vla = "node: { title: \"v\" label: \"v\\nx.c:1:1\\n16 bytes (dynamic)\" }\n";
        assertEquals("function v has a stack frame of unbounded size (dynamic); the stack bound is unknown",
                assertThrows(ValidationException.class, () -> StackUsage.parse(List.of(vla), "v")).getMessage());
    }

    static List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void everySharedModelStaysUnderTheBound(SharedModels.Facts facts, @TempDir Path work) throws IOException {
        assumeTrue(CValidator.onPath("arm-none-eabi-gcc"), "arm-none-eabi-gcc is not on the PATH; install the Debian "
                + "package gcc-arm-none-eabi");
        byte[] bytes = Files.readAllBytes(SharedModels.require(facts));
        for (String method : new String[] { "none", "filterlet" }) {
            PrunusSettings s = PrunusSettings.defaults("m.tflite").withMethod(method, 0.5)
                    .withBudget(new PrunusSettings.Budget(null, null, null, null));
            Map<String, byte[]> files = new java.util.TreeMap<>(Pipeline.run(new PipelineRequest("m.tflite", bytes, s,
                    p -> {
                        throw new java.io.FileNotFoundException(p);
                    }), Progress.NONE).files());
            files.keySet().removeIf(f -> !f.endsWith(".c") && !f.endsWith(".h"));
            StackUsage.Result r = StackUsage.of(files, "m", "m4", Files.createDirectories(work.resolve(method)));
            System.out.println("stack " + facts + " " + method + ": " + r.bytes() + " B via " + r.deepestChain());
            assertTrue(r.bytes() <= BOUND, facts + " " + method + " needs " + r.bytes() + " B of stack, over the "
                    + BOUND + " B bound: " + r.deepestChain());
            assertTrue(r.bytes() > 0);
        }
    }
}
