package dev.prunus.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;

import dev.prunus.builder.ops.PreviewOperation;

/**
 * Shows what the budget buys before anything is saved: the pipeline runs on the model with the settings of the
 * previous page, in the wizard's container (progress bar and cancel button, off the UI thread).
 */
class PreviewPage extends WizardPage {

    private final IFile model;
    private final BudgetPage budget;
    private Text results;

    PreviewPage(IFile model, BudgetPage budget) {
        super("preview");
        this.model = model;
        this.budget = budget;
        setTitle(WizardMessages.Preview_title);
        setDescription(WizardMessages.Preview_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        results = new Text(c, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = 160;
        data.widthHint = 520;
        results.setLayoutData(data);
        setControl(c);
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            // Run after the page is painted, so the user sees the page and the progress bar, not a frozen wizard.
            getShell().getDisplay().asyncExec(this::runPreview);
        }
    }

    private void runPreview() {
        if (results.isDisposed()) {
            return;
        }
        PreviewOperation operation = new PreviewOperation(model, budget.settings());
        setErrorMessage(null);
        results.setText(WizardMessages.Preview_running);
        try {
            getContainer().run(true, true, monitor -> {
                try {
                    operation.execute(monitor);
                } catch (CoreException e) {
                    throw new InvocationTargetException(e);
                }
            });
            results.setText(String.join("\n", operation.summary()));
        } catch (InvocationTargetException e) {
            results.setText("");
            setErrorMessage(e.getCause().getMessage());
        } catch (InterruptedException e) {
            results.setText(WizardMessages.Preview_canceled);
        }
    }
}
