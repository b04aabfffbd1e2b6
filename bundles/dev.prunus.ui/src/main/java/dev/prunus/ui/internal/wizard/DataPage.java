package dev.prunus.ui.internal.wizard;

import java.util.Set;

import org.eclipse.core.resources.IContainer;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.view.SettingsFields;
import dev.prunus.core.view.TrainingFields;
import dev.prunus.ui.internal.editor.ProjectPathDialog;

/**
 * Data for pruning and validation: calibration records (what pruning is fitted to and the loss measured on),
 * validation records and labels, the accuracy-loss cap, fine-tuning; and training (the settings file's
 * {@code "training"} section, as the editor's Pruning tab and {@code prunus prune --train} use it): training data,
 * its labels (raw records, .npy), validation data or a split, epochs. Paths are chosen in the model's project with Browse. Every check is the
 * core's ({@link SettingsFields}, {@link TrainingFields}); a loss cap without records is refused here, not accepted
 * and then ignored.
 */
class DataPage extends AbstractPage {

    /** The fields of the core's rules this page shows (the training ones as {@link TrainingFields} names them). */
    private static final Set<String> FIELDS = Set.of("calibration", "validation", "labels", "maxLossPercent",
            "fineTuneEpochs", "trainingData", "trainingLabels", "trainingValidation", "validationSplit", "trainingEpochs", "batchSize",
            "learningRate", "padding", "seed");

    private final IContainer folder;
    private Text calibration;
    private Text validation;
    private Text labels;
    private Text maxLoss;
    private Text fineTune;
    private Text trainingData;
    private Text trainingLabels;
    private Text trainingValidation;
    private Text validationSplit;
    private Text trainingEpochs;
    private Button browseData;

    /** {@code folder}: where the settings file goes (beside the model); data paths are relative to it. */
    DataPage(PruneWizard wizard, IContainer folder) {
        super("data", wizard);
        this.folder = folder;
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
        Label heading = new Label(c, SWT.WRAP);
        GridData hd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        hd.verticalIndent = 8;
        hd.widthHint = 600;
        heading.setLayoutData(hd);
        heading.setText(NLS.bind(WizardMessages.Data_training, TrainingFields.defaultsText()));
        TrainingFields.Values t = wizard.initialTraining();
        trainingData = browsable(c, WizardMessages.Data_trainingData, t.data());
        browseData = (Button) trainingData.getParent().getChildren()[1];
        trainingLabels = browsable(c, WizardMessages.Data_trainingLabels, t.labels());
        trainingValidation = browsable(c, WizardMessages.Data_trainingValidation, t.validation());
        validationSplit = text(c, WizardMessages.Data_validationSplit, t.validationSplit());
        trainingEpochs = text(c, WizardMessages.Data_trainingEpochs, t.epochs());
        setControl(c);
        wizard.validate();
    }

    /** A path field with a Browse button that chooses a file or folder of the model's project. */
    private Text browsable(Composite c, String label, String value) {
        new Label(c, SWT.NONE).setText(label);
        Composite row = new Composite(c, SWT.NONE);
        GridLayout l = new GridLayout(2, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        row.setLayout(l);
        row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        Text text = new Text(row, SWT.BORDER);
        text.setText(value == null ? "" : value);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.addModifyListener(e -> wizard.validate());
        Button browse = new Button(row, SWT.PUSH);
        browse.setText(WizardMessages.Data_browse);
        browse.addListener(SWT.Selection, e -> {
            String chosen = ProjectPathDialog.choose(getShell(), folder, label);
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        return text;
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

    /** The training texts: the fields shown here, the others (batch, rate, augmentation, seed) as the file has them. */
    TrainingFields.Values training() {
        TrainingFields.Values t = wizard.initialTraining();
        if (trainingData == null) {
            return t;
        }
        return new TrainingFields.Values(trainingData.getText(), trainingLabels.getText(),
                trainingValidation.getText(), validationSplit.getText(), trainingEpochs.getText(), t.batchSize(),
                t.learningRate(), t.crop(), t.padding(), t.flip(), t.seed());
    }

    /** Whether a data path as typed exists beside the settings file (or absolutely). */
    boolean exists(String path) {
        return ProjectPathDialog.exists(folder, path);
    }

    @Override
    boolean owns(String field) {
        return field != null && FIELDS.contains(field);
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

    Text trainingDataField() {
        return trainingData;
    }

    Text trainingLabelsField() {
        return trainingLabels;
    }

    Text trainingValidationField() {
        return trainingValidation;
    }

    Text validationSplitField() {
        return validationSplit;
    }

    Text trainingEpochsField() {
        return trainingEpochs;
    }

    Button browseDataButton() {
        return browseData;
    }
}
