package dev.prunus.ui.internal.wizard;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.view.SettingsFields;

/**
 * Data for pruning and validation: calibration records (what pruning is fitted to and the loss measured on),
 * validation records and labels, the accuracy-loss cap, fine-tuning. A loss cap without records is refused here,
 * not accepted and then ignored.
 */
class DataPage extends AbstractPage {

    private Text calibration;
    private Text validation;
    private Text labels;
    private Text maxLoss;
    private Text fineTune;

    DataPage(PruneWizard wizard) {
        super("data", wizard);
        setTitle(WizardMessages.Data_title);
        setDescription(WizardMessages.Data_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(2, false));
        SettingsFields.Values v = wizard.initialValues();
        calibration = text(c, WizardMessages.Data_calibration, v.calibration());
        validation = text(c, WizardMessages.Data_validation, v.validation());
        labels = text(c, WizardMessages.Data_labels, v.labels());
        maxLoss = text(c, WizardMessages.Data_loss, v.maxLossPercent());
        fineTune = text(c, WizardMessages.Data_fineTune, v.fineTuneEpochs());
        setControl(c);
        wizard.validate();
    }

    String calibration() {
        return calibration == null ? wizard.initialValues().calibration() : calibration.getText();
    }

    String validation() {
        return validation == null ? wizard.initialValues().validation() : validation.getText();
    }

    String labels() {
        return labels == null ? wizard.initialValues().labels() : labels.getText();
    }

    String maxLoss() {
        return maxLoss == null ? wizard.initialValues().maxLossPercent() : maxLoss.getText();
    }

    String fineTune() {
        return fineTune == null ? wizard.initialValues().fineTuneEpochs() : fineTune.getText();
    }

    @Override
    boolean owns(String field) {
        return field != null && (field.equals("calibration") || field.equals("validation") || field.equals("labels")
                || field.equals("maxLossPercent") || field.equals("fineTuneEpochs"));
    }

    /** For tests. */
    Text calibrationField() {
        return calibration;
    }

    Text lossField() {
        return maxLoss;
    }

    Text fineTuneField() {
        return fineTune;
    }
}
