package dev.prunus.ui.internal.wizard;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.internal.ModelGenerator;
import dev.prunus.builder.ops.ConfigurePruningOperation;
import dev.prunus.builder.ops.RegenerateOperation;
import dev.prunus.core.PrunusException;
import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.ModelView;
import dev.prunus.core.view.SettingsFields;
import dev.prunus.core.view.TrainingFields;
import dev.prunus.ui.internal.Messages;
import dev.prunus.ui.internal.editor.ModelEditor;
import dev.prunus.ui.internal.preferences.PrunusPreferences;

/**
 * "Prune for MCU": part, budget and method; data and training; a preview of what the settings give. Finish writes the settings
 * file, enables the Prunus nature (and with it the CDT entries) and builds the model with progress in the wizard;
 * the result opens in the model editor's Report tab, a failure stays on the page in full. Every check is the
 * core's ({@link SettingsFields}); expected problems are page messages, never modal dialogs.
 */
public class PruneWizard extends Wizard {

    private final IFile model;
    private final PrunusSettings initial;
    private final SettingsFields.Values initialValues;
    private final TrainingFields.Values initialTraining;
    private final PartCatalogue.Choice partChoice;
    private TargetPage target;
    private DataPage dataPage;
    private PreviewPage preview;
    private volatile String modelError;
    private volatile boolean modelChecked;
    private SettingsFields.Result result;

    public PruneWizard(IFile model) {
        this.model = model;
        setWindowTitle(Messages.Prune_title);
        setNeedsProgressMonitor(true);
        partChoice = PrunusPreferences.partFor(model.getProject()).orElse(null);
        PrunusSettings existing = existingSettings();
        if (existing != null) {
            // Reopening shows the file as it is: an empty budget stays empty.
            initial = existing;
            initialValues = SettingsFields.of(existing);
        } else {
            String base = model.getName().replaceFirst("\\.tflite$", "");
            initial = PrunusSettings.defaults(model.getName()).withMethod(PrunusPreferences.method(), null)
                    .withBudget(null).withOutput(PrunusPreferences.outputFor(base));
            SettingsFields.Values v = SettingsFields.of(initial);
            Part p = partChoice == null ? null : partChoice.part();
            initialValues = p == null ? v : SettingsFields.withPartBudget(v, p);
        }
        initialTraining = TrainingFields.of(initial);
    }

    @Override
    public void addPages() {
        target = new TargetPage(this);
        dataPage = new DataPage(this, ConfigurePruningOperation.settingsFileFor(model).getParent());
        preview = new PreviewPage(this, model);
        addPage(target);
        addPage(dataPage);
        addPage(preview);
        checkModel();
    }

    @Override
    public void createPageControls(org.eclipse.swt.widgets.Composite pageContainer) {
        // Only the first page now: the dialog makes the others when they are first shown, so it opens quickly.
        target.createControl(pageContainer);
    }

    /** Reads the model off the UI thread: a file that is not a model keeps Finish disabled, with the reason. */
    private void checkModel() {
        Job job = Job.create(NLS.bind(WizardMessages.Target_checkJob, model.getName()), monitor -> {
            String error = null;
            Figures dense = null;
            try (InputStream in = model.getContents(true)) {
                dense = ModelView.of(TfliteReader.read(in.readAllBytes())).figures(
                        partChoice == null ? "m4" : partChoice.part().costModel());
            } catch (PrunusException | IOException | CoreException e) {
                error = NLS.bind(WizardMessages.Target_notAModel, model.getName(), e.getMessage());
            }
            String message = error;
            Figures figures = dense;
            Display.getDefault().asyncExec(() -> {
                modelError = message;
                modelChecked = true;
                if (target.getControl() != null && !target.getControl().isDisposed()) {
                    target.modelChecked(figures, message);
                    validate();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Settings already beside the model when they read, else null. */
    private PrunusSettings existingSettings() {
        IFile existing = ConfigurePruningOperation.settingsFileFor(model);
        if (existing.exists()) {
            try (InputStream in = existing.getContents(true)) {
                return SettingsIO.read(in.readAllBytes());
            } catch (IOException | CoreException | PrunusException e) {
                // The builder marks an unreadable settings file; the wizard starts from defaults.
            }
        }
        return null;
    }

    SettingsFields.Values initialValues() {
        return initialValues;
    }

    /** The training texts the wizard starts from: the settings file's section, or empty fields. */
    TrainingFields.Values initialTraining() {
        return initialTraining;
    }

    /** Where the preselected part came from, in words. */
    String partSource() {
        if (partChoice == null) {
            return WizardMessages.Target_noPart;
        }
        String from = switch (partChoice.source()) {
            case IOC -> WizardMessages.Target_fromIoc;
            case PROJECT -> WizardMessages.Target_fromProject;
            default -> WizardMessages.Target_fromPreference;
        };
        return NLS.bind(from, partChoice.part().name());
    }

    /** The field texts of all pages. */
    SettingsFields.Values values() {
        return new SettingsFields.Values(target.partName(), target.method(), target.flashKib(), target.ramKib(),
                dataPage.maxLoss(), target.ratio(), dataPage.calibration(), dataPage.validation(), dataPage.labels(),
                dataPage.fineTune(), initialValues.output());
    }

    /** Checks everything with the core's rules; the page that owns the problem shows it and stays incomplete. */
    void validate() {
        if (target == null || dataPage == null || preview == null || target.getControl() == null) {
            return;
        }
        result = SettingsFields.apply(initial, values());
        if (result.ok()) {
            // The same rules and section as the Pruning tab: what the wizard accepts, a build reads.
            result = TrainingFields.apply(result.settings(), dataPage.training(), dataPage::exists);
        }
        String field = result.field();
        String message = result.error();
        if (message == null && modelError != null) {
            field = "model";
            message = modelError;
        } else if (message == null && !modelChecked) {
            field = "model";
            message = null;
        }
        for (IWizardPage p : getPages()) {
            ((AbstractPage) p).problem(field, message);
        }
        if (!modelChecked && modelError == null) {
            target.setPageComplete(false);
            target.setMessage(WizardMessages.Target_checking);
        } else if (modelError == null) {
            target.setMessage(null);
        }
    }

    /** The settings the pages describe, or null while they hold a problem. */
    PrunusSettings settingsOrNull() {
        return result != null && result.ok() ? result.settings() : null;
    }

    long flashLimit() {
        Part p = target.selectedPart();
        return p == null || p.flashLeftBytes() == null ? 0 : p.flashLeftBytes();
    }

    long ramLimit() {
        Part p = target.selectedPart();
        return p == null ? 0 : p.ramLeftBytes();
    }

    @Override
    public boolean canFinish() {
        return modelChecked && modelError == null && settingsOrNull() != null && super.canFinish();
    }

    @Override
    public boolean performFinish() {
        PrunusSettings settings = settingsOrNull();
        if (settings == null || !modelChecked || modelError != null) {
            // Nothing is written for a file that is not a model, nor for settings that do not read.
            return false;
        }
        ConfigurePruningOperation configure = new ConfigurePruningOperation(model, settings);
        RegenerateOperation build = new RegenerateOperation(model);
        String[] failure = { null };
        AbstractPage page = (AbstractPage) getContainer().getCurrentPage();
        try {
            getContainer().run(true, true, monitor -> {
                SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(Messages.Prune_job, model.getName()), 10);
                try {
                    configure.execute(progress.split(2));
                    build.execute(progress.split(8));
                    if (build.outcome() == ModelGenerator.Outcome.FAILED) {
                        failure[0] = firstError(configure.settingsFile());
                    }
                } catch (CoreException e) {
                    throw new InvocationTargetException(e);
                }
            });
        } catch (InvocationTargetException e) {
            page.setErrorMessage(NLS.bind(Messages.Prune_failed, model.getName(), e.getCause().getMessage()));
            return false;
        } catch (InterruptedException e) {
            page.setMessage(WizardMessages.Finish_canceled);
            return false;
        }
        if (failure[0] != null) {
            // Settings are saved and the marker stands; say it here in full rather than close on a failure.
            page.setErrorMessage(NLS.bind(WizardMessages.Finish_buildFailed, failure[0]));
            return false;
        }
        Display.getDefault().asyncExec(this::openReport);
        return true;
    }

    private void openReport() {
        try {
            IEditorPart part = IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(),
                    model, ModelEditor.ID);
            if (part instanceof ModelEditor editor) {
                editor.showTab(5);
            }
        } catch (PartInitException e) {
            // The build succeeded and its console line says so; the editor is a convenience.
        }
    }

    /** The message of the first Prunus error marker of the settings file or the model. */
    private String firstError(IFile settingsFile) {
        try {
            for (IResource r : new IResource[] { settingsFile, model }) {
                for (IMarker m : r.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO)) {
                    if (m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
                        return m.getAttribute(IMarker.MESSAGE, "");
                    }
                }
            }
        } catch (CoreException e) {
            return e.getMessage();
        }
        return WizardMessages.Finish_unknown;
    }

    /** For tests. */
    public IFile model() {
        return model;
    }

    static IStatus ok() {
        return Status.OK_STATUS;
    }
}
