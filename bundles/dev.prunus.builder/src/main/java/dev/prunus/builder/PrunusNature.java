package dev.prunus.builder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;

import dev.prunus.builder.internal.Configurators;

/**
 * Marks a project whose TensorFlow Lite models Prunus derives C code from. Configuring it puts the Prunus
 * builder first in the build spec, so that the C build of the same round compiles fresh outputs, and lets the
 * contributed {@link ProjectConfigurator}s (CDT) set the project up; deconfiguring lets them undo it.
 */
public class PrunusNature implements IProjectNature {

    /** Nature id as declared in plugin.xml. */
    public static final String ID = "dev.prunus.builder.prunusNature";

    /** Builder id as declared in plugin.xml. */
    public static final String BUILDER_ID = "dev.prunus.builder.prunusBuilder";

    private IProject project;

    @Override
    public void configure() throws CoreException {
        IProjectDescription description = project.getDescription();
        List<ICommand> commands = new ArrayList<>(Arrays.asList(description.getBuildSpec()));
        int at = indexOf(commands);
        if (at != 0) {
            // First in the spec (moved there if another nature put it later), so C builders see fresh outputs.
            ICommand command = at > 0 ? commands.remove(at) : description.newCommand();
            command.setBuilderName(BUILDER_ID);
            commands.add(0, command);
            description.setBuildSpec(commands.toArray(ICommand[]::new));
            project.setDescription(description, null);
        }
        Configurators.notify(project, ProjectConfigurator::natureAdded, null);
    }

    @Override
    public void deconfigure() throws CoreException {
        Configurators.notify(project, ProjectConfigurator::natureRemoved, null);
        IProjectDescription description = project.getDescription();
        ICommand[] kept = Arrays.stream(description.getBuildSpec())
                .filter(c -> !BUILDER_ID.equals(c.getBuilderName()))
                .toArray(ICommand[]::new);
        description.setBuildSpec(kept);
        project.setDescription(description, null);
    }

    private static int indexOf(List<ICommand> commands) {
        for (int i = 0; i < commands.size(); i++) {
            if (BUILDER_ID.equals(commands.get(i).getBuilderName())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }

    /**
     * The scheduling rule under which {@link #setEnabled} may run: changing natures rewrites the project description,
     * and IProject.setDescription begins the workspace root rule itself, so an outer project rule would conflict.
     */
    public static org.eclipse.core.runtime.jobs.ISchedulingRule descriptionRule(IProject project) {
        return project.getWorkspace().getRoot();
    }

    /** Whether the project is open and has the Prunus nature. */
    public static boolean isEnabled(IProject project) {
        try {
            return project.isOpen() && project.hasNature(ID);
        } catch (CoreException e) {
            return false;
        }
    }

    /** Adds or removes the nature (and with it the builder); does nothing when already in that state. */
    public static void setEnabled(IProject project, boolean enabled, IProgressMonitor monitor) throws CoreException {
        IProjectDescription description = project.getDescription();
        List<String> natures = new ArrayList<>(Arrays.asList(description.getNatureIds()));
        boolean changed = enabled ? !natures.contains(ID) && natures.add(ID) : natures.remove(ID);
        if (changed) {
            description.setNatureIds(natures.toArray(String[]::new));
            project.setDescription(description, monitor);
        }
    }
}
