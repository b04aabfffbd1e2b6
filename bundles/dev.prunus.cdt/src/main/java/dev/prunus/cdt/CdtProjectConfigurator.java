package dev.prunus.cdt;

import org.eclipse.cdt.core.CProjectNature;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

import dev.prunus.builder.ProjectConfigurator;

/**
 * The CDT side of the Prunus nature, contributed to {@code dev.prunus.builder.projectConfigurators}: adding the
 * nature registers {@link GeneratedSourcesProvider} once in every build configuration (generated folders become
 * source entries and include paths), removing it unregisters the provider, and a build that adds or removes
 * generated folders asks CDT to fetch the provider's entries again. Projects without a CDT description are left
 * alone, so the plain (non-CDT) path is unaffected.
 */
public class CdtProjectConfigurator implements ProjectConfigurator {

    @Override
    public void natureAdded(IProject project, IProgressMonitor monitor) throws CoreException {
        if (isCdtProject(project)) {
            PrunusCdtSupport.setEnabled(project, true);
        }
    }

    @Override
    public void natureRemoved(IProject project, IProgressMonitor monitor) throws CoreException {
        if (isCdtProject(project)) {
            PrunusCdtSupport.setEnabled(project, false);
        }
    }

    @Override
    public void outputFoldersChanged(IProject project, IProgressMonitor monitor) throws CoreException {
        if (isCdtProject(project)) {
            PrunusCdtSupport.refresh(project);
        }
    }

    /** Whether CDT manages the project (C and C++ projects both carry the C nature). */
    static boolean isCdtProject(IProject project) throws CoreException {
        return project.isOpen() && project.hasNature(CProjectNature.C_NATURE_ID);
    }
}
