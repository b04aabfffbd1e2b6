package dev.prunus.builder.ops;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;

/**
 * A unit of Prunus work on workspace resources: run from a job or a wizard container with a progress monitor,
 * under the rule it declares (a project, never the workspace root, so other projects keep building).
 */
public interface PrunusOperation {

    /** Does the work; honours cancellation through the monitor. */
    void execute(IProgressMonitor monitor) throws CoreException;

    /** The smallest rule that covers every resource the operation changes. */
    ISchedulingRule getSchedulingRule();
}
