package dev.prunus.builder.ops;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;

import dev.prunus.builder.internal.MonitorProgress;
import dev.prunus.core.PrunusException;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.settings.PrunusSettings;

/**
 * Runs the pipeline on a model with settings the user has not saved yet, and keeps only its summary: what the
 * wizard shows before the user commits to a budget. Writes nothing, so it needs no scheduling rule.
 */
public class PreviewOperation implements PrunusOperation {

    private final IFile model;
    private final PrunusSettings settings;
    private List<String> summary = List.of();
    private byte[] report;

    public PreviewOperation(IFile model, PrunusSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Summary lines of the last run: sizes before/after, instructions, fidelity. */
    public List<String> summary() {
        return summary;
    }

    /** The report JSON of the last run (what the editor's Report tab reads), or null before a run. */
    public byte[] report() {
        return report;
    }

    @Override
    public void execute(IProgressMonitor monitor) throws CoreException {
        try {
            // Training reads its data (image folders among them) from disk beside the model, as a build does.
            IPath folder = model.getParent().getLocation();
            PipelineRequest request = new PipelineRequest(model.getName(), read(model), settings, this::resolve,
                    folder == null ? null : folder.toFile().toPath(), null);
            var result = Pipeline.run(request, new MonitorProgress(monitor));
            summary = result.summary();
            report = result.files().get(request.symbolName() + ".report.json");
        } catch (CanceledException e) {
            throw new OperationCanceledException();
        } catch (PrunusException | IOException e) {
            throw new CoreException(Status.error(e.getMessage(), e));
        }
    }

    private byte[] resolve(String path) throws IOException {
        IFile file = model.getParent().getFile(IPath.fromPortableString(path));
        try {
            return read(file);
        } catch (CoreException e) {
            throw new FileNotFoundException(file.getFullPath() + " does not exist or cannot be read");
        }
    }

    private static byte[] read(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }

    @Override
    public ISchedulingRule getSchedulingRule() {
        return null;
    }
}
