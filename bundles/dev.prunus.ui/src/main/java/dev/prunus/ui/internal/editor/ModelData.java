package dev.prunus.ui.internal.editor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import dev.prunus.builder.internal.ModelGenerator;
import dev.prunus.builder.ops.ConfigurePruningOperation;
import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.view.GraphLayout;
import dev.prunus.core.view.ModelView;
import dev.prunus.core.view.ReportView;
import dev.prunus.ui.internal.preferences.PrunusPreferences;

/**
 * Everything the editor's tabs show of one model, read in a job: the model and its analysis, its settings file,
 * and the outputs of its last build (pruned model, report, generated files). Immutable once loaded. All figures
 * come from the core; this class only finds and reads the files.
 *
 * @param error         why the model cannot be shown, or null
 * @param settingsError why the settings file cannot be used, or null
 */
record ModelData(IFile file, String error, Model model, ModelView view, GraphLayout layout, IFile settingsFile, byte[] settingsBytes,
        PrunusSettings settings, String settingsError, Model prunedModel, ModelView pruned, IFile prunedFile,
        ReportView report, IFile reportHtml, List<IFile> generated, IFolder outputFolder, PartCatalogue.Choice part) {

    /** Reads and analyses everything; honours cancellation between the steps. */
    static ModelData load(IFile file, IProgressMonitor monitor) {
        SubMonitor progress = SubMonitor.convert(monitor, 5);
        PartCatalogue.Choice part = PrunusPreferences.partFor(file.getProject()).orElse(null);
        Model model;
        ModelView view;
        try {
            model = TfliteReader.read(read(file));
            progress.split(1);
            view = ModelView.of(model);
            progress.split(2);
        } catch (PrunusException | IOException | CoreException e) {
            return new ModelData(file, e.getMessage(), null, null, null, null, null, null, null, null, null, null, null,
                    null, List.of(), null, part);
        }
        IFile settingsFile = ConfigurePruningOperation.settingsFileFor(file);
        byte[] settingsBytes = null;
        PrunusSettings settings = null;
        String settingsError = null;
        Model prunedModel = null;
        ModelView pruned = null;
        IFile prunedFile = null;
        ReportView report = null;
        IFile reportHtml = null;
        List<IFile> generated = new ArrayList<>();
        if (settingsFile.exists()) {
            try {
                settingsBytes = read(settingsFile);
                settings = SettingsIO.read(settingsBytes);
            } catch (PrunusException | IOException | CoreException e) {
                settingsError = e.getMessage();
            }
        }
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
        IFolder folder = settings == null ? null : ModelGenerator.outputFolder(settingsFile);
        if (folder != null && folder.exists()) {
            String symbol = new PipelineRequest(file.getName(), new byte[0], settings, p -> new byte[0]).symbolName();
            prunedFile = folder.getFile(symbol + ".pruned.tflite");
            reportHtml = folder.getFile(symbol + ".report.html");
            IFile json = folder.getFile(symbol + ".report.json");
            try {
                if (prunedFile.exists()) {
                    prunedModel = TfliteReader.read(read(prunedFile));
                    pruned = ModelView.of(prunedModel);
                }
                progress.split(1);
                if (json.exists()) {
                    report = ReportView.read(read(json));
                }
                for (IResource r : folder.members()) {
                    if (r instanceof IFile f) {
                        generated.add(f);
                    }
                }
            } catch (PrunusException | IOException | CoreException e) {
                // Outputs being rewritten by a build: the next change event reloads them.
            }
        }
        progress.setWorkRemaining(0);
        return new ModelData(file, null, model, view, GraphLayout.of(model.main()), settingsFile, settingsBytes,
                settings, settingsError, prunedModel, pruned, prunedFile != null && prunedFile.exists() ? prunedFile : null, report,
                reportHtml != null && reportHtml.exists() ? reportHtml : null, List.copyOf(generated), folder, part);
    }

    /** Whether a resource's change concerns this data: the model, its settings or its outputs. */
    boolean concerns(IResource resource) {
        if (resource.equals(file) || resource.equals(settingsFile)) {
            return true;
        }
        if (outputFolder != null) {
            return outputFolder.getFullPath().isPrefixOf(resource.getFullPath());
        }
        // Settings being written while this was read: the first outputs of a build are what matters.
        String name = resource.getName();
        return settingsFile != null && resource.getProject().equals(file.getProject())
                && (name.endsWith(".report.json") || name.endsWith(".pruned.tflite"));
    }

    /** The core the figures are shown for: the settings' target, else the part's. */
    String core() {
        if (settings != null && settings.target() != null && settings.target().core() != null) {
            return settings.target().core();
        }
        return part == null ? "m4" : part.part().costModel();
    }

    static byte[] read(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }
}
