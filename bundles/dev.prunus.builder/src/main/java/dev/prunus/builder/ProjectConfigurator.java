package dev.prunus.builder;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

/**
 * Adapts a project's tool chain to Prunus, contributed through the extension point
 * {@code dev.prunus.builder.projectConfigurators}. The builder bundle calls it and knows nothing of the tool
 * chain: the CDT bundle contributes one that adds the generated folders to every build configuration.
 * Implementations decide themselves whether a project concerns them (a non-CDT project is left alone).
 */
public interface ProjectConfigurator {

    /** The Prunus nature was added to the project: set the project up once, for every configuration. */
    void natureAdded(IProject project, IProgressMonitor monitor) throws CoreException;

    /** The Prunus nature is being removed: undo what {@link #natureAdded} did. */
    void natureRemoved(IProject project, IProgressMonitor monitor) throws CoreException;

    /** A build added or removed generated folders (not called when only file contents changed). */
    void outputFoldersChanged(IProject project, IProgressMonitor monitor) throws CoreException;
}
