package dev.prunus.ui.internal.wizard;

import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.settings.PrunusSettings;

/** Target core, memories and the budget pruning must meet. Inputs are validated as the user types. */
class BudgetPage extends WizardPage {

    private static final String[] CORES = { "m4", "m7" };
    private static final String[] CORE_LABELS = { "Cortex-M4 (STM32F4, L4)", "Cortex-M7 (STM32F7, H7)" };
    /** Shown when the settings turn fine-tuning on without an epoch count (the fine-tuner's default). */
    private static final int DEFAULT_FINE_TUNE_EPOCHS =
            dev.prunus.core.finetune.FineTuneOptions.DEFAULTS.epochs();

    private final PrunusSettings initial;
    private Combo core;
    private Combo method;
    private Text flashKib;
    private Text ramKib;
    private Text maxLoss;
    private Text ratio;
    private Text calibration;
    private Text fineTuneEpochs;

    BudgetPage(PrunusSettings initial) {
        super("budget");
        this.initial = initial;
        setTitle(WizardMessages.Budget_title);
        setDescription(WizardMessages.Budget_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(2, false));
        core = combo(c, WizardMessages.Budget_core, CORE_LABELS);
        core.select(initial.target() != null && "m7".equals(initial.target().core()) ? 1 : 0);
        method = combo(c, WizardMessages.Budget_method, PrunusSettings.METHODS.toArray(String[]::new));
        method.select(Math.max(0, PrunusSettings.METHODS.indexOf(initial.method())));
        PrunusSettings.Budget b = initial.budget();
        PrunusSettings.Target t = initial.target();
        flashKib = text(c, WizardMessages.Budget_flash, kib(b != null && b.flashBytes() != null ? b.flashBytes()
                : t != null ? t.flashBytes() : null));
        ramKib = text(c, WizardMessages.Budget_ram, kib(b != null && b.ramBytes() != null ? b.ramBytes()
                : t != null ? t.ramBytes() : null));
        maxLoss = text(c, WizardMessages.Budget_loss,
                b != null && b.maxLossPercent() != null ? String.valueOf(b.maxLossPercent()) : "1.0");
        ratio = text(c, WizardMessages.Budget_ratio, initial.ratio() != null ? String.valueOf(initial.ratio()) : "");
        calibration = text(c, WizardMessages.Budget_calibration,
                initial.calibration() != null ? initial.calibration() : "");
        PrunusSettings.FineTune ft = initial.fineTune();
        fineTuneEpochs = text(c, WizardMessages.Budget_fineTune,
                ft == null ? "0" : String.valueOf(ft.epochs() != null ? ft.epochs() : DEFAULT_FINE_TUNE_EPOCHS));
        setControl(c);
        validate();
    }

    private Combo combo(Composite c, String label, String[] items) {
        new Label(c, SWT.NONE).setText(label);
        Combo combo = new Combo(c, SWT.READ_ONLY);
        combo.setItems(items);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return combo;
    }

    private Text text(Composite c, String label, String value) {
        new Label(c, SWT.NONE).setText(label);
        Text text = new Text(c, SWT.BORDER);
        text.setText(value);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.addModifyListener(e -> validate());
        return text;
    }

    private static String kib(Long bytes) {
        return bytes == null ? "" : Long.toString(bytes / 1024);
    }

    private void validate() {
        String error = null;
        if (parse(flashKib) == -2) {
            error = WizardMessages.Budget_badFlash;
        } else if (parse(ramKib) == -2) {
            error = WizardMessages.Budget_badRam;
        } else if (percent(maxLoss.getText()) < 0) {
            error = WizardMessages.Budget_badLoss;
        } else if (fraction(ratio.getText()) == -2) {
            error = WizardMessages.Budget_badRatio;
        } else if (epochs(fineTuneEpochs.getText()) < 0) {
            error = WizardMessages.Budget_badFineTune;
        }
        setErrorMessage(error);
        setPageComplete(error == null);
    }

    /** KiB field value in KiB, -1 when empty (no limit), -2 when invalid. */
    private static long parse(Text t) {
        String s = t.getText().strip();
        if (s.isEmpty()) {
            return -1;
        }
        try {
            long v = Long.parseLong(s);
            return v > 0 ? v : -2;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    private static double percent(String s) {
        try {
            double v = Double.parseDouble(s.strip());
            return v >= 0 && v <= 100 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Ratio field value in [0, 0.95], -1 when empty (the budget decides), -2 when invalid. */
    private static double fraction(String s) {
        if (s.isBlank()) {
            return -1;
        }
        try {
            double v = Double.parseDouble(s.strip());
            return v >= 0 && v <= 0.95 ? v : -2;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    /** Fine-tuning epochs in [0, 10000], -1 when invalid. */
    private static int epochs(String s) {
        try {
            int v = Integer.parseInt(s.strip());
            return v >= 0 && v <= 10_000 ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The settings the page describes. */
    PrunusSettings settings() {
        long flash = parse(flashKib);
        long ram = parse(ramKib);
        PrunusSettings.Target oldTarget = initial.target();
        PrunusSettings.Target target = new PrunusSettings.Target(CORES[Math.max(0, core.getSelectionIndex())],
                oldTarget != null ? oldTarget.flashBytes() : null, oldTarget != null ? oldTarget.ramBytes() : null,
                oldTarget != null ? oldTarget.clockHz() : null);
        PrunusSettings.Budget budget = new PrunusSettings.Budget(flash > 0 ? flash * 1024 : null,
                ram > 0 ? ram * 1024 : null, initial.budget() != null ? initial.budget().instructions() : null,
                percent(maxLoss.getText()));
        double r = fraction(ratio.getText());
        String calibrationFile = calibration.getText().strip();
        return initial.withTarget(target).withBudget(budget)
                .withMethod(method.getItem(Math.max(0, method.getSelectionIndex())), r >= 0 ? r : null)
                .withData(calibrationFile.isEmpty() ? null : calibrationFile, initial.validation(), initial.labels())
                .withFineTune(fineTune(epochs(fineTuneEpochs.getText())));
    }

    /** Fine-tuning settings for an epoch count, keeping the file's rate and seed; null (off) for 0. */
    private PrunusSettings.FineTune fineTune(int epochCount) {
        if (epochCount <= 0) {
            return null;
        }
        PrunusSettings.FineTune old = initial.fineTune();
        return new PrunusSettings.FineTune(epochCount, old != null ? old.learningRate() : null,
                old != null ? old.seed() : null);
    }
}
