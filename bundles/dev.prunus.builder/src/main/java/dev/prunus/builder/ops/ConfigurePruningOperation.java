package dev.prunus.builder.ops;

import java.io.ByteArrayInputStream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRunnable;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;

import dev.prunus.builder.PrunusNature;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/**
 * Sets a model up for pruning: writes its {@code .prunus.json} next to it (only when the bytes change) and adds
 * the Prunus nature to the project, so the next build derives the outputs. The model itself is never written.
 */
public class ConfigurePruningOperation implements PrunusOperation {

    private final IFile model;
    private final PrunusSettings settings;

    public ConfigurePruningOperation(IFile model, PrunusSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** The settings file this operation writes. */
    public IFile settingsFile() {
        return settingsFileFor(model);
    }

    /** The settings file that configures a model: {@code name.tflite} -> {@code name.prunus.json} beside it. */
    public static IFile settingsFileFor(IFile model) {
        return model.getParent().getFile(new org.eclipse.core.runtime.Path(
                PrunusSettings.settingsFileNameFor(model.getName())));
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        IWorkspaceRunnable work = m -> {
            SubMonitor progress = SubMonitor.convert(m, 2);
            IFile file = settingsFile();
            byte[] bytes = SettingsIO.write(settings);
            if (!file.exists()) {
                file.create(new ByteArrayInputStream(bytes), IResource.NONE, progress.split(1));
            } else if (!java.util.Arrays.equals(bytes, readAll(file))) {
                file.setContents(new ByteArrayInputStream(bytes), IResource.KEEP_HISTORY, progress.split(1));
            }
            PrunusNature.setEnabled(model.getProject(), true, progress.split(1));
        };
        model.getWorkspace().run(work, getSchedulingRule(), IResource.NONE, monitor);
    }

    private static byte[] readAll(IFile file) throws CoreException {
        try (java.io.InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    @Override
    public ISchedulingRule getSchedulingRule() {
        // Adding the nature rewrites the project description (see PrunusNature.descriptionRule). This is a one-off
        // user action, not a build, so the wider rule is acceptable here.
        return PrunusNature.descriptionRule(model.getProject());
    }
}
