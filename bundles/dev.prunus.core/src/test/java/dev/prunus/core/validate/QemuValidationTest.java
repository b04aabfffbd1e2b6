package dev.prunus.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prunus.core.codegen.GoldenC;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Generated C on Cortex-M4 / M7 under QEMU (skipped without arm-none-eabi-gcc and qemu-system-arm). */
class QemuValidationTest {

    private static void requireCross() {
        assumeTrue(CValidator.onPath("arm-none-eabi-gcc") && CValidator.onPath("qemu-system-arm"),
                "cross tools missing: install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m4", "m7"})
    void demoRunsBitExactWithCountsSizesAndStack(String core, @TempDir Path dir) throws Exception {
        requireCross();
        Model m = DemoModel.build();
        ValidationResult r = CValidator.validate(m, PackPlanner.plan(m.main(), core), DemoModel.inputs(4), null,
                CValidator.Target.parse(core), "-Os", dir, Progress.NONE);
        assertEquals(4, r.bitExact());
        assertTrue(r.meanInstructions() > r.macs() / 2, "an int8 kernel needs at least half an instruction per MAC");
        // Counts are exact; they vary only by the few data-dependent instructions of the kernels' requantize fallbacks.
        long spread = java.util.Arrays.stream(r.instructions()).max().getAsLong()
                - java.util.Arrays.stream(r.instructions()).min().getAsLong();
        assertTrue(spread * 1000 < r.meanInstructions(), "records cost nearly the same: spread " + spread);
        assertTrue(r.image().codeBytes() > 1000 && r.image().constantBytes() > 1000);
        assertTrue(r.stackBytes() > 0 && r.stackBytes() < 16 * 1024, "stack " + r.stackBytes());
    }

    /** Every record of every shared golden set (about 1 minute per target). */
    @ParameterizedTest
    @ValueSource(strings = {"m4", "m7"})
    void sharedModelsReproduceTflmUnderQemu(String core, @TempDir Path dir) throws Exception {
        requireCross();
        int i = 0;
        for (String[] s : GoldenC.SETS) {
            ValidationResult r = GoldenC.check(s[0], s[1], CValidator.Target.parse(core), "-O2",
                    Files.createDirectory(dir.resolve("s" + i++)));
            assertTrue(r.meanInstructions() > 0);
        }
    }
}
