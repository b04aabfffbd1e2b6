package dev.prunus.ui.internal.wizard;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.ops.ConfigurePruningOperation;
import dev.prunus.core.PrunusException;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.ui.internal.Messages;

/**
 * "Prune for MCU": the user states target and budget; finishing writes the model's settings file and enables
 * the Prunus builder, which derives the outputs on the next build. Work runs in the wizard container with
 * progress and cancel; failures become page messages, not modal dialogs.
 */
public class PruneWizard extends Wizard {

    private final IFile model;
    private BudgetPage budgetPage;

    public PruneWizard(IFile model) {
        this.model = model;
        setWindowTitle(Messages.Prune_title);
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        budgetPage = new BudgetPage(initialSettings());
        addPage(budgetPage);
        addPage(new PreviewPage(model, budgetPage));
    }

    /** The model's existing settings when they are valid, else the defaults. */
    private PrunusSettings initialSettings() {
        IFile existing = ConfigurePruningOperation.settingsFileFor(model);
        if (existing.exists()) {
            try (InputStream in = existing.getContents(true)) {
                return SettingsIO.read(in.readAllBytes());
            } catch (IOException | CoreException | PrunusException e) {
                // An unreadable settings file is reported by the builder; the wizard starts from defaults.
            }
        }
        return PrunusSettings.defaults(model.getName());
    }

    @Override
    public boolean performFinish() {
        ConfigurePruningOperation operation = new ConfigurePruningOperation(model, budgetPage.settings());
        try {
            getContainer().run(true, true, monitor -> {
                try {
                    operation.execute(monitor);
                } catch (CoreException e) {
                    throw new InvocationTargetException(e);
                }
            });
            return true;
        } catch (InvocationTargetException e) {
            budgetPage.setMessage(NLS.bind(Messages.Prune_failed, model.getName(), e.getCause().getMessage()),
                    IMessageProvider.ERROR);
            return false;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
