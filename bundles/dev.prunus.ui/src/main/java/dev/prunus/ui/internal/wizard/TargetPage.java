package dev.prunus.ui.internal.wizard;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.SettingsFields;

/**
 * Part, budget and method. The part comes preselected from the project's CubeMX file (else the project's or the
 * workspace's setting); choosing a part fills the budgets with what it leaves for the model. The model is checked
 * in a job meanwhile: a file that is not a model keeps the page (and Finish) closed, with the reason.
 */
class TargetPage extends AbstractPage {

    private Combo part;
    private Combo method;
    private Text flashKib;
    private Text ramKib;
    private Text ratio;
    private Label partNote;
    private Label modelNote;

    TargetPage(PruneWizard wizard) {
        super("target", wizard);
        setTitle(WizardMessages.Target_title);
        setDescription(WizardMessages.Target_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(2, false));
        SettingsFields.Values v = wizard.initialValues();
        new Label(c, SWT.NONE).setText(WizardMessages.Target_part);
        part = new Combo(c, SWT.READ_ONLY);
        PartCatalogue.get().parts().forEach(p -> part.add(p.label()));
        part.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        partNote = note(c);
        new Label(c, SWT.NONE).setText(WizardMessages.Target_method);
        method = new Combo(c, SWT.READ_ONLY);
        PrunusSettings.METHODS.forEach(method::add);
        method.select(Math.max(0, PrunusSettings.METHODS.indexOf(v.method())));
        method.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        flashKib = text(c, WizardMessages.Target_flash, v.flashKib());
        ramKib = text(c, WizardMessages.Target_ram, v.ramKib());
        ratio = text(c, WizardMessages.Target_ratio, v.ratio());
        modelNote = note(c);
        modelNote.setText(WizardMessages.Target_checking);
        selectPart(v.part());
        partNote.setText(wizard.partSource());
        part.addListener(SWT.Selection, e -> {
            // A new part: budgets become what it leaves for the model.
            Part p = selectedPart();
            if (p != null) {
                flashKib.setText(p.flashLeftBytes() == null ? "" : Long.toString(p.flashLeftBytes() / 1024));
                ramKib.setText(Long.toString(p.ramLeftBytes() / 1024));
                partNote.setText(NLS.bind(WizardMessages.Target_partChosen, p.label()));
            }
            wizard.validate();
        });
        method.addListener(SWT.Selection, e -> wizard.validate());
        setControl(c);
        wizard.validate();
    }

    private Label note(Composite c) {
        Label l = new Label(c, SWT.WRAP);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.widthHint = 520;
        l.setLayoutData(gd);
        return l;
    }

    private void selectPart(String name) {
        for (int i = 0; i < PartCatalogue.get().parts().size(); i++) {
            if (PartCatalogue.get().parts().get(i).name().equals(name)) {
                part.select(i);
            }
        }
    }

    /** The model's figures arrived (or its error): say what it needs against the part. */
    void modelChecked(Figures dense, String error) {
        if (modelNote == null || modelNote.isDisposed()) {
            return;
        }
        if (error != null) {
            modelNote.setText("");
        } else {
            modelNote.setText(NLS.bind(WizardMessages.Target_modelNeeds, String.format(java.util.Locale.ROOT, "%,d",
                    dense.flashBytes()), String.format(java.util.Locale.ROOT, "%,d", dense.arenaBytes())));
        }
        ((Composite) getControl()).layout(true, true);
    }

    Part selectedPart() {
        int i = part.getSelectionIndex();
        return i < 0 ? null : PartCatalogue.get().parts().get(i);
    }

    String partName() {
        Part p = selectedPart();
        return p == null ? "" : p.name();
    }

    String method() {
        return method.getSelectionIndex() < 0 ? "auto" : method.getItem(method.getSelectionIndex());
    }

    String flashKib() {
        return flashKib.getText();
    }

    String ramKib() {
        return ramKib.getText();
    }

    String ratio() {
        return ratio.getText();
    }

    @Override
    boolean owns(String field) {
        return field == null || field.equals("part") || field.equals("method") || field.equals("flashKib")
                || field.equals("ramKib") || field.equals("ratio") || field.equals("model");
    }

    /** For tests: the widgets as a person sees them. */
    Combo partCombo() {
        return part;
    }

    Combo methodCombo() {
        return method;
    }

    Text flashField() {
        return flashKib;
    }

    Text ramField() {
        return ramKib;
    }

    Text ratioField() {
        return ratio;
    }

    String modelNoteText() {
        return modelNote.getText();
    }
}
