package dev.prunus.builder.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.ISchedulingRule;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.ProjectConfigurator;

/**
 * Incremental builder of the Prunus nature. Thin on purpose: it decides which settings files a build concerns and
 * hands each to {@link ModelGenerator}, which skips unchanged inputs by content hash. A full build considers every
 * settings file; an incremental one those whose settings, model or data files are in the delta, or whose outputs
 * went missing; settings files that disappeared lose their outputs and markers. Models no settings file names are
 * only checked ({@link ModelChecker}). Runs under the project rule, never the workspace root.
 */
public class PrunusBuilder extends IncrementalProjectBuilder {

    private final ModelChecker checker = new ModelChecker();

    @Override
    public ISchedulingRule getRule(int kind, Map<String, String> args) {
        return getProject();
    }

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IProject project = getProject();
        IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(project);
        Set<String> changed = delta == null ? null : changedPaths(delta);
        List<IFile> settingsFiles = new ArrayList<>();
        List<IFile> models = new ArrayList<>();
        project.accept(resource -> {
            if (ModelGenerator.isSettings(resource)) {
                settingsFiles.add((IFile) resource);
            } else if (ModelFiles.isModel(resource)) {
                models.add((IFile) resource);
            }
            return !(resource instanceof IContainer c && c.isDerived());
        });

        SubMonitor progress = SubMonitor.convert(monitor, Messages.Builder_checking, settingsFiles.size() * 10 + 3);
        ModelGenerator generator = ModelGenerator.of(project);
        try {
            // Settings files that are gone take their outputs and markers with them.
            Set<String> present = new HashSet<>();
            settingsFiles.forEach(f -> present.add(f.getProjectRelativePath().toPortableString()));
            for (String recorded : generator.recorded()) {
                if (!present.contains(recorded)) {
                    generator.remove(recorded, progress.split(1));
                }
            }
            Set<String> named = new HashSet<>();
            for (IFile settings : settingsFiles) {
                checkCanceled(progress);
                Set<String> inputs = generator.inputsOf(settings);
                named.addAll(inputs);
                boolean concerned = changed == null || !generator.outputsPresent(settings)
                        || changed.stream().anyMatch(c -> ModelGenerator.touches(inputs, c));
                if (concerned) {
                    generator.generate(settings, false, progress.split(10));
                } else {
                    progress.worked(10);
                }
            }
            // Models without settings are only validated, as before Prunus was enabled for them.
            for (IFile model : models) {
                String path = model.getProjectRelativePath().toPortableString();
                if (!named.contains(path) && (changed == null || changed.contains(path))) {
                    checkCanceled(progress);
                    checker.check(model, null);
                }
            }
        } catch (OperationCanceledException e) {
            // Nothing partial was written; make sure the next build looks at everything again.
            forgetLastBuiltState();
            throw e;
        } finally {
            generator.save();
        }
        if (generator.foldersChanged()) {
            Configurators.notify(project, ProjectConfigurator::outputFoldersChanged, progress.split(1));
        }
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        ModelGenerator generator = ModelGenerator.of(getProject());
        try {
            generator.clean(monitor);
        } finally {
            generator.save();
        }
        getProject().deleteMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE);
        if (generator.foldersChanged()) {
            Configurators.notify(getProject(), ProjectConfigurator::outputFoldersChanged, null);
        }
    }

    /** Project-relative paths of every file added, removed or changed in the delta. */
    private static Set<String> changedPaths(IResourceDelta delta) throws CoreException {
        Set<String> paths = new HashSet<>();
        delta.accept(d -> {
            if (d.getResource().getType() == IResource.FILE) {
                paths.add(d.getResource().getProjectRelativePath().toPortableString());
            }
            return true;
        });
        return paths;
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
