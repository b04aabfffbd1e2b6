package dev.prunus.cdt;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;

import dev.prunus.core.PrunusException;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/** Finds the folders Prunus generates C into, from the project's settings files. */
final class GeneratedFolders {

    private GeneratedFolders() {
    }

    /** Project-relative output folders of every readable settings file, sorted and without duplicates. */
    static List<IPath> of(IProject project) {
        TreeSet<String> folders = new TreeSet<>();
        try {
            project.accept(resource -> {
                if (resource instanceof IFile file && file.getName().endsWith(PrunusSettings.FILE_SUFFIX)) {
                    String output = outputOf(file);
                    if (output != null) {
                        folders.add(output);
                    }
                }
                return !(resource instanceof IContainer c) || !c.isDerived();
            });
        } catch (CoreException e) {
            // A project that cannot be walked contributes nothing; the builder reports its problems.
        }
        List<IPath> paths = new ArrayList<>();
        for (String folder : folders) {
            paths.add(IPath.fromPortableString(folder));
        }
        return paths;
    }

    private static String outputOf(IFile settingsFile) {
        try (InputStream in = settingsFile.getContents(true)) {
            PrunusSettings settings = SettingsIO.read(in.readAllBytes());
            String name = settingsFile.getName();
            String base = name.substring(0, name.length() - PrunusSettings.FILE_SUFFIX.length());
            return settings.output() != null ? settings.output() : "prunus-gen/" + base;
        } catch (IOException | CoreException | PrunusException e) {
            return null;
        }
    }
}
