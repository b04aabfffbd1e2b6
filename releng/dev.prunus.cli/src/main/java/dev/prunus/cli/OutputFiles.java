package dev.prunus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

import dev.prunus.core.outputs.OutputPaths;

/**
 * How the command line writes outputs: only files whose bytes changed, each through a temporary file moved into
 * place, so an interrupted run never leaves half a file and an unchanged rebuild touches nothing.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Writes every file below {@code dir}; returns how many were written (the others were unchanged). Every name is
     * checked before the first write, so a name that would leave the folder writes nothing at all.
     */
    static int writeAll(Path dir, Map<String, byte[]> files) throws IOException {
        Map<Path, byte[]> targets = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String problem = OutputPaths.insideProblem(e.getKey());
            Path target = dir.resolve(e.getKey()).normalize();
            if (problem != null || !target.startsWith(dir.normalize())) {
                throw new CommandFailure("output path " + e.getKey() + " leaves the output folder"
                        + (problem == null ? "" : " (it " + problem + ")") + "; nothing was written");
            }
            targets.put(target, e.getValue());
        }
        Files.createDirectories(dir);
        int written = 0;
        for (Map.Entry<Path, byte[]> e : targets.entrySet()) {
            if (writeIfChanged(e.getKey(), e.getValue())) {
                written++;
            }
        }
        return written;
    }

    /** Writes one file unless it already holds these bytes; returns whether it wrote. */
    static boolean writeIfChanged(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".prunus-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }
}
