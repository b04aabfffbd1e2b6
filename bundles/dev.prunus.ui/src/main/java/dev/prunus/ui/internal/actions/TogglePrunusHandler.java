package dev.prunus.ui.internal.actions;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.PrunusNature;

/**
 * "Enable/Disable Prunus" on projects: adds the Prunus nature (builder first in the build spec, CDT configurations
 * set up once) or removes it. Each project changes in its own job under its own rule, never on the UI thread.
 */
public class TogglePrunusHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        for (IProject project : Selections.of(event, IProject.class)) {
            if (project.isOpen()) {
                schedule(project, !PrunusNature.isEnabled(project));
            }
        }
        return null;
    }

    /** Schedules the change of one project and returns its job. */
    public static WorkspaceJob schedule(IProject project, boolean enable) {
        WorkspaceJob job = new WorkspaceJob(NLS.bind(enable ? ActionMessages.Toggle_enableJob
                : ActionMessages.Toggle_disableJob, project.getName())) {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                PrunusNature.setEnabled(project, enable, monitor);
                return Status.OK_STATUS;
            }
        };
        job.setRule(PrunusNature.descriptionRule(project));
        job.setUser(true);
        job.schedule();
        return job;
    }
}
