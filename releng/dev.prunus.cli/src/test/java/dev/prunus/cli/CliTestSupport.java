package dev.prunus.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;

/** Runs the command line in-process with captured streams, in a temporary folder holding the demo model. */
abstract class CliTestSupport {

    @TempDir
    Path dir;

    /** Standard output and error of the last {@link #run}. */
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return PrunusCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Writes the built-in demo model as {@code fileName} in the temporary folder. */
    Path demoModel(String fileName) throws Exception {
        Path model = dir.resolve(fileName);
        Files.write(model, TfliteWriter.write(DemoModel.build()));
        return model;
    }
}
