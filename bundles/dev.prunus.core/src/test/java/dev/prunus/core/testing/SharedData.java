package dev.prunus.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the third-party models and samples in {@code ../shared} (next to the repository), which tests read
 * in place and never copy. Override with {@code -Dprunus.shared=DIR} or the {@code PRUNUS_SHARED} variable.
 */
public final class SharedData {

    private static final Optional<Path> ROOT = locate();

    private SharedData() {
    }

    /** The shared folder, or empty when this checkout has none. */
    public static Optional<Path> root() {
        return ROOT;
    }

    /** Skips the calling test, with a message that says why, when the shared data is absent. */
    public static Path require() {
        assumeTrue(ROOT.isPresent(),
                "../shared (real models and samples) is not next to this checkout; set -Dprunus.shared=DIR to run this test");
        return ROOT.get();
    }

    /** A file under the shared folder; skips the test when the folder or the file is absent. */
    public static Path require(String relative) {
        Path file = require().resolve(relative);
        assumeTrue(Files.isRegularFile(file), () -> "missing shared file " + file);
        return file;
    }

    private static Optional<Path> locate() {
        String configured = System.getProperty("prunus.shared", System.getenv("PRUNUS_SHARED"));
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured).toAbsolutePath().normalize();
            return Files.isDirectory(p.resolve("models")) ? Optional.of(p) : Optional.empty();
        }
        // Walk up from the working directory (a module folder under Maven) to the repository root's sibling.
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("models")) && Files.isDirectory(candidate.resolve("samples"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }
}
