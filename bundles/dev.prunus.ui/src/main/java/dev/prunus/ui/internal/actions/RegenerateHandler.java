package dev.prunus.ui.internal.actions;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.ops.RegenerateOperation;

/**
 * "Regenerate" on models: runs the pipeline for each selected model in a user job with progress and cancel, under
 * the model's project rule, even when nothing changed. Problems show as markers and in the Prunus console.
 */
public class RegenerateHandler extends AbstractHandler {

    /** Job family of regenerations, for tests and for waiting on them. */
    public static final Object FAMILY = RegenerateHandler.class;

    @Override
    public Object execute(ExecutionEvent event) {
        for (IFile model : Selections.of(event, IFile.class)) {
            schedule(model);
        }
        return null;
    }

    /** Schedules the regeneration of one model (or settings file) and returns its job. */
    public static Job schedule(IFile model) {
        RegenerateOperation operation = new RegenerateOperation(model);
        Job job = new Job(NLS.bind(ActionMessages.Regenerate_job, model.getName())) {
            @Override
            protected IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
                try {
                    operation.execute(monitor);
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (CoreException e) {
                    return e.getStatus();
                }
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        job.setRule(operation.getSchedulingRule());
        job.setUser(true);
        job.schedule();
        return job;
    }
}
