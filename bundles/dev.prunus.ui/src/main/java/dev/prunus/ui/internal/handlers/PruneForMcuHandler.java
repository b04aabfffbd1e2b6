package dev.prunus.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.prunus.ui.internal.wizard.PruneWizard;

/** Opens the "Prune for MCU" wizard on the selected model file. */
public class PruneForMcuHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection)) {
            return null;
        }
        IFile model = Adapters.adapt(selection.getFirstElement(), IFile.class);
        if (model != null) {
            new WizardDialog(HandlerUtil.getActiveShell(event), new PruneWizard(model)).open();
        }
        return null;
    }
}
