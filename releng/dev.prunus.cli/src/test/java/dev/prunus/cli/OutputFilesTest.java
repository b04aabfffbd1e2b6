package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The command line never writes outside its output folder, whatever the names or settings say. */
class OutputFilesTest extends CliTestSupport {

    @Test
    void aNameThatLeavesTheFolderWritesNothing() {
        Path out = dir.resolve("out");
        for (String name : new String[] { "../escaped.c", "sub/../../escaped.c", "/tmp/escaped.c" }) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("a.c", new byte[] { 1 });
            files.put(name, new byte[] { 2 });
            CommandFailure e = assertThrows(CommandFailure.class, () -> OutputFiles.writeAll(out, files));
            assertTrue(e.getMessage().startsWith("output path " + name + " leaves the output folder (it "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("; nothing was written"), e.getMessage());
            assertFalse(Files.exists(out.resolve("a.c")), "the good name before it was not written either");
        }
        assertFalse(Files.exists(dir.resolve("escaped.c")));
    }

    @Test
    void settingsWhoseOutputLeavesTheProjectAreRefused() throws Exception {
        Path model = demoModel("demo.tflite");
        Path settings = dir.resolve("demo.prunus.json");
        Files.writeString(settings, "{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\",\n  \"output\": \"../../x\"\n}\n");
        int status = run("prune", model.toString(), "--settings", settings.toString(), "--out",
                dir.resolve("gen").toString());
        assertEquals(PrunusCli.EXIT_FAILURE, status, err.toString());
        assertTrue(err.toString().contains("line 4, column 13: \"output\" \"../../x\" leaves the folder it is relative "
                + "to (a .. segment); name a folder inside it"), err.toString());
        assertFalse(Files.exists(dir.resolve("gen")), "nothing written");
    }
}
