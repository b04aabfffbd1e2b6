package dev.prunus.core.pipeline;

import java.util.Objects;

import dev.prunus.core.settings.PrunusSettings;

/**
 * Everything one pipeline run reads: the model's bytes, its settings and a way to read the files the settings
 * name (calibration, validation, labels), relative to the settings file. The run reads nothing else, so the IDE
 * builder (workspace files) and the command line (plain files) give the same outputs.
 *
 * @param modelName file name of the model, e.g. {@code person_detect.tflite}; names the generated C symbols
 * @param model     the model file's bytes
 * @param settings  validated settings
 * @param files     resolves a path named in the settings to its bytes
 * @param folder    the settings file's folder on disk, against which the training section's data paths (folders
 *                  among them) resolve; null when the settings are not on disk (then training data cannot be read)
 * @param previous  reads a file the last run left in the output folder (the training cache), or null for none
 */
public record PipelineRequest(String modelName, byte[] model, PrunusSettings settings, FileResolver files,
        java.nio.file.Path folder, PreviousOutputs previous) {

    public PipelineRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(files, "files");
    }

    /** A request without training data access or a cache. */
    public PipelineRequest(String modelName, byte[] model, PrunusSettings settings, FileResolver files) {
        this(modelName, model, settings, files, null, null);
    }

    /** Reads a file of the output folder as the last run left it, or returns null when there is none. */
    @FunctionalInterface
    public interface PreviousOutputs {
        byte[] read(String relativePath) throws java.io.IOException;
    }

    /** Reads a file a settings file names; a missing file is a {@link dev.prunus.core.PrunusException} saying which. */
    @FunctionalInterface
    public interface FileResolver {
        byte[] read(String relativePath) throws java.io.IOException;
    }

    /** The C identifier base of the model: file name without extension, lower case, non-alphanumerics as '_'. */
    public String symbolName() {
        String base = modelName.endsWith(".tflite") ? modelName.substring(0, modelName.length() - 7) : modelName;
        String id = base.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "m_" + id : id;
    }
}
