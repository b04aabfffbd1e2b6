package dev.prunus.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.testing.SharedModels;
import dev.prunus.core.tflite.TfliteReader;

/**
 * The generated C of every shared model, dense and pruned (filterlet, half the weights), compiled on the host with
 * -Wall -Wextra -Wconversion -Werror and run under AddressSanitizer and UndefinedBehaviorSanitizer on every shared
 * sample record of that model (models without shared samples: 8 seeded random records), outputs bit-exact with the
 * reference interpreter. Any warning, sanitizer report or mismatch fails.
 */
class HardenedCTest {

    static Stream<Arguments> models() {
        List<Arguments> cases = new ArrayList<>();
        for (SharedModels.Facts f : SharedModels.ALL) {
            cases.add(Arguments.of(f, "none"));
            cases.add(Arguments.of(f, "filterlet"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("models")
    void generatedCIsWarningFreeAndSanitizerClean(SharedModels.Facts facts, String method, @TempDir Path work)
            throws IOException {
        assumeTrue(CValidator.onPath("gcc"), "gcc is not on the PATH; install the Debian package gcc");
        byte[] bytes = Files.readAllBytes(SharedModels.require(facts));
        PrunusSettings s = PrunusSettings.defaults("m.tflite").withMethod(method, 0.5)
                .withBudget(new PrunusSettings.Budget(null, null, null, null));
        Model model = TfliteReader.read(bytes);
        if (!"none".equals(method)) {
            byte[] pruned = Pipeline.run(new PipelineRequest("m.tflite", bytes, s, p -> {
                throw new java.io.FileNotFoundException(p);
            }), Progress.NONE).files().get("m.pruned.tflite");
            model = TfliteReader.read(pruned);
        }
        byte[] inputs = samples(facts, Interpreter.create(model).inputByteSize(0));
        ValidationResult r = CValidator.validate(model, PackPlanner.plan(model.main(), "m4"), inputs, null,
                CValidator.Target.HOST, "-O1", false, work, Progress.NONE, CValidator.HARDENED_HOST_FLAGS);
        assertEquals(r.records(), r.bitExact(), facts + " " + method + ": every record bit-exact under the sanitizers");
    }

    /** Every shared record of the model ({@code samples/inputs/<model>__*.s8}), or 8 seeded random records. */
    static byte[] samples(SharedModels.Facts facts, int recordBytes) throws IOException {
        Path dir = SharedData.require().resolve("samples/inputs");
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(facts.name() + "__")).sorted()
                    .toList()) {
                all.write(Files.readAllBytes(f));
            }
        }
        if (all.size() > 0 && all.size() % recordBytes == 0) {
            return all.toByteArray();
        }
        byte[] random = new byte[8 * recordBytes];
        SplittableRandom rnd = new SplittableRandom(facts.name().hashCode());
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) rnd.nextInt(-128, 128);
        }
        return random;
    }
}
