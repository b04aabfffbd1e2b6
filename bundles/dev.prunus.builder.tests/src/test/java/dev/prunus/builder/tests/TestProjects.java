package dev.prunus.builder.tests;

import java.io.ByteArrayInputStream;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;

import dev.prunus.builder.PrunusNature;

/** The workspace projects the builder tests run in, and files written into them the way an editor saves. */
final class TestProjects {

    private TestProjects() {
    }

    /**
     * A new open project with the Prunus nature, auto-build off so that each test decides when a build runs.
     */
    static IProject create(String name) throws CoreException {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(description);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        project.create(null);
        project.open(null);
        PrunusNature.setEnabled(project, true, null);
        return project;
    }

    /** Creates or replaces a project file, creating its missing folders first. */
    static IFile write(IProject project, String path, byte[] bytes) throws CoreException {
        IFile file = project.getFile(IPath.fromPortableString(path));
        createFolders(file.getParent());
        if (file.exists()) {
            file.setContents(new ByteArrayInputStream(bytes), IResource.FORCE | IResource.KEEP_HISTORY, null);
        } else {
            file.create(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        }
        return file;
    }

    private static void createFolders(IContainer container) throws CoreException {
        if (container instanceof IFolder folder && !folder.exists()) {
            createFolders(folder.getParent());
            folder.create(true, true, null);
        }
    }
}
