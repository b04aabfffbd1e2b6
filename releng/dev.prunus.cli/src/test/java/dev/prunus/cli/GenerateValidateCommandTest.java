package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.validate.CValidator;

class GenerateValidateCommandTest extends CliTestSupport {

    private Path demoModel() throws Exception {
        return demoModel("demo_cnn.tflite");
    }

    @Test
    void generateWritesHeaderSourceAndRuntimeDeterministically() throws Exception {
        Path model = demoModel();
        Path outDir = dir.resolve("gen");
        assertEquals(0, run("generate", model.toString(), "--out", outDir.toString()), err::toString);
        byte[] c = Files.readAllBytes(outDir.resolve("demo_cnn.c"));
        assertTrue(Files.readString(outDir.resolve("demo_cnn.h")).contains("#define DEMO_CNN_ARENA_SIZE"));
        assertTrue(Files.isRegularFile(outDir.resolve("runtime/include/pn_common.h")));
        assertEquals(0, run("generate", model.toString(), "--out", outDir.toString()), err::toString);
        assertTrue(out.toString().contains("(0 changed)"), out::toString);
        assertArrayEquals(c, Files.readAllBytes(outDir.resolve("demo_cnn.c")));
    }

    @Test
    void validateOnTheHostReportsBitExactness() throws Exception {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed");
        Path inputs = dir.resolve("in.s8");
        Files.write(inputs, DemoModel.inputs(5));
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "0\n1\n2\n3\n4\n");
        assertEquals(0, run("validate", demoModel().toString(), "--inputs", inputs.toString(), "--labels",
                labels.toString()), err::toString);
        assertTrue(out.toString().contains("bit-exact records: 5 / 5"), out::toString);
        assertTrue(out.toString().contains("accuracy: "), out::toString);
    }

    @Test
    void errorsAreOneLineWithStatusOne() throws Exception {
        Path inputs = dir.resolve("bad.s8");
        Files.write(inputs, new byte[7]);
        assertEquals(1, run("validate", demoModel().toString(), "--inputs", inputs.toString(), "--on", "m9"));
        assertEquals(1, err.toString().trim().lines().count(), err::toString);
        assertTrue(err.toString().contains("unknown target 'm9'"), err::toString);
    }
}
