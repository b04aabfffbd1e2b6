package dev.prunus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** The third-party models and samples beside the repository (read in place), if this checkout has them. */
final class SharedDir {

    private SharedDir() {
    }

    static Optional<Path> root() {
        String configured = System.getProperty("prunus.shared");
        Path p = configured != null ? Paths.get(configured) : Paths.get("../../../shared");
        return Files.isDirectory(p.resolve("models")) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }
}
