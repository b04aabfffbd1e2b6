package dev.prunus.ui.internal.preferences;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.prunus.core.parts.PartCatalogue;

/**
 * Where Prunus' preferences live: the workspace defaults (part, output folder, method) and a project's own part.
 * Reading the project's CubeMX file is resource access only; which part wins is decided by the core
 * ({@link PartCatalogue#choose}).
 */
public final class PrunusPreferences {

    /** Preference node of the workspace and project settings. */
    public static final String NODE = "dev.prunus.ui";
    public static final String PART = "part";
    public static final String OUTPUT = "output";
    public static final String METHOD = "method";

    /** Defaults: a common Cortex-M4 board part, outputs beside the project in prunus-gen/, automatic pruning. */
    public static final String DEFAULT_PART = "STM32F401RE";
    public static final String DEFAULT_OUTPUT = "prunus-gen/{model}";
    public static final String DEFAULT_METHOD = "auto";

    private PrunusPreferences() {
    }

    public static IEclipsePreferences workspace() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    public static IEclipsePreferences project(IProject project) {
        return new ProjectScope(project).getNode(NODE);
    }

    public static String defaultPart() {
        return workspace().get(PART, DEFAULT_PART);
    }

    public static String method() {
        return workspace().get(METHOD, DEFAULT_METHOD);
    }

    /** The output folder for a model, from the workspace pattern ({@code {model}} = the model's base name). */
    public static String outputFor(String modelBaseName) {
        return workspace().get(OUTPUT, DEFAULT_OUTPUT).replace("{model}", modelBaseName);
    }

    /** The part of a project: its CubeMX file, else its own setting, else the workspace default. */
    public static Optional<PartCatalogue.Choice> partFor(IProject project) {
        return PartCatalogue.get().choose(iocText(project), project.isOpen() ? project(project).get(PART, null) : null,
                defaultPart());
    }

    /** Text of the CubeMX file at the project's root (the first {@code *.ioc}), or null. */
    static String iocText(IProject project) {
        try {
            if (!project.isOpen()) {
                return null;
            }
            for (IResource r : project.members()) {
                if (r instanceof IFile f && "ioc".equalsIgnoreCase(f.getFileExtension())) {
                    try (InputStream in = f.getContents(true)) {
                        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    }
                }
            }
        } catch (CoreException | IOException e) {
            // No readable CubeMX file: the project's or the workspace's part applies.
        }
        return null;
    }
}
