package dev.prunus.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.prunus.core.testing.SharedData;

/**
 * The shared files that seed bench/fuzz.sh, replayed through the same targets in every build: each must end in a
 * valid result or a typed error (the float models, for instance, in "not supported"), never anything else.
 */
class SharedSeedsTest {

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(delimiter = '|', textBlock = """
            model       | models                 | .tflite
            csv         | samples                | .csv
            rawRecords  | samples/inputs         | .s8
            imageFolder | samples/mnist          | .png
            imageFolder | samples/vww            | .jpg
            wavFolder   | samples/micro_speech   | .wav
            """)
    void everySharedSeedEndsInAValidResultOrATypedError(String target, String folder, String suffix)
            throws IOException {
        Path dir = SharedData.require().resolve(folder);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().limit(40).toList();
        }
        assertTrue(!files.isEmpty(), "no " + suffix + " files under " + dir);
        Consumer<byte[]> run = FuzzMain.TARGETS.get(target);
        for (Path f : files) {
            run.accept(Files.readAllBytes(f));
        }
    }
}
