package dev.prunus.ui.internal.wizard;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** A page of the Prune for MCU wizard: fields that revalidate the whole wizard as the user types. */
abstract class AbstractPage extends WizardPage {

    protected final PruneWizard wizard;

    AbstractPage(String name, PruneWizard wizard) {
        super(name);
        this.wizard = wizard;
    }

    protected Text text(Composite c, String label, String value) {
        new Label(c, SWT.NONE).setText(label);
        Text text = new Text(c, SWT.BORDER);
        text.setText(value == null ? "" : value);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.addModifyListener(e -> wizard.validate());
        return text;
    }

    /** Whether a field of the core's {@code SettingsFields} rules is on this page. */
    abstract boolean owns(String field);

    /** Shows the wizard's current problem when it concerns this page; completes the page otherwise. */
    void problem(String field, String message) {
        boolean mine = message != null && owns(field);
        setErrorMessage(mine ? message : null);
        setPageComplete(!mine);
    }
}
