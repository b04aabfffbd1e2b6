package dev.prunus.builder.ops;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.ProjectConfigurator;
import dev.prunus.builder.internal.Configurators;
import dev.prunus.builder.internal.Messages;
import dev.prunus.builder.internal.ModelGenerator;

/**
 * Runs the pipeline for one model now, even when its inputs did not change, and writes its outputs exactly as a
 * build does (only changed bytes, derived, atomically, markers and console lines). Meant for a Job: it reports
 * progress and stops within the core's polling interval when the monitor is canceled, leaving the previous outputs.
 */
public class RegenerateOperation implements PrunusOperation {

    private final IFile model;
    private ModelGenerator.Outcome outcome;

    /** For a model file ({@code x.tflite}) or its settings file ({@code x.prunus.json}). */
    public RegenerateOperation(IFile modelOrSettings) {
        this.model = modelOrSettings;
    }

    /** The settings file that configures the model. */
    public IFile settingsFile() {
        return ModelGenerator.isSettings(model) ? model : ConfigurePruningOperation.settingsFileFor(model);
    }

    /** How the last {@link #execute} ended, or null before. */
    public ModelGenerator.Outcome outcome() {
        return outcome;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        IFile settings = settingsFile();
        if (!settings.exists()) {
            throw new CoreException(Status.error(NLS.bind(Messages.Regenerate_noSettings, model.getName(),
                    settings.getName())));
        }
        IWorkspaceRunnable work = m -> {
            SubMonitor progress = SubMonitor.convert(m, NLS.bind(Messages.Regenerate_task, model.getName()), 10);
            ModelGenerator generator = ModelGenerator.of(model.getProject());
            try {
                outcome = generator.generate(settings, true, progress.split(9));
            } finally {
                generator.save();
            }
            if (generator.foldersChanged()) {
                Configurators.notify(model.getProject(), ProjectConfigurator::outputFoldersChanged, progress.split(1));
            }
        };
        model.getWorkspace().run(work, getSchedulingRule(), IResource.NONE, monitor);
    }

    @Override
    public ISchedulingRule getSchedulingRule() {
        return model.getProject();
    }
}
