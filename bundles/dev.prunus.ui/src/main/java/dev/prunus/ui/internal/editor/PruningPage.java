package dev.prunus.ui.internal.editor;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.LayerFields;
import dev.prunus.core.view.PreprocessingFields;
import dev.prunus.core.view.SettingsFields;
import dev.prunus.core.view.TrainingFields;

/**
 * The settings file as a form: part, budgets, method, data, fine-tuning, output, training (data, labels,
 * validation, epochs, batch size, learning rate, augmentation, seed), preprocessing (scale, offset, mean, std,
 * channel order, raw record type), and a table of per-operator overrides (dense, or another method or a fixed
 * fraction to remove). Every keystroke and cell edit is checked by the core's {@link SettingsFields},
 * {@link TrainingFields}, {@link PreprocessingFields} and {@link LayerFields} rules and the estimate line follows;
 * the editor is dirty while the form differs from the file, Save writes readable JSON (the same bytes the wizard and the command line
 * write), Undo steps back, and edits made to the file by hand show up when it changes.
 */
public class PruningPage {

    /** What the form holds: the field texts and the per-operator override rows (undo steps and the saved state). */
    private record Form(SettingsFields.Values values, TrainingFields.Values training,
            PreprocessingFields.Values preprocessing, Map<Integer, LayerFields.Row> layers) {
        Form {
            layers = Map.copyOf(layers);
        }
    }

    private final ModelEditor editor;
    private final ScrolledComposite scroll;
    private final Composite body;
    private final Label message;
    private final Combo part;
    private final Combo method;
    private final Map<String, Text> texts = new LinkedHashMap<>();
    private final List<Button> browseButtons = new java.util.ArrayList<>();
    private final Label trainingHeading;
    private final Map<String, Combo> choices = new LinkedHashMap<>();
    private final Button crop;
    private final Button flip;
    private final Label estimate;
    private boolean relayoutPending;
    private final Label overrides;
    private final LayerOverridesTable layers;
    private final Deque<Form> undo = new ArrayDeque<>();
    private final Action undoAction;
    private ModelData data;
    private Form saved;
    private Form last;
    private SettingsFields.Result result;
    private boolean updating;

    PruningPage(Composite parent, ModelEditor editor) {
        this.editor = editor;
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        body = new Composite(scroll, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        message = new Label(body, SWT.WRAP);
        GridData md = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        md.widthHint = 600;
        message.setLayoutData(md);
        message.setText(EditorMessages.Editor_reading);
        part = combo(EditorMessages.Pruning_part);
        part.add(EditorMessages.Pruning_ownTarget);
        PartCatalogue.get().parts().forEach(p -> part.add(p.label()));
        method = combo(EditorMessages.Pruning_method);
        PrunusSettings.METHODS.forEach(method::add);
        text("flashKib", EditorMessages.Pruning_flash);
        text("ramKib", EditorMessages.Pruning_ram);
        text("maxLossPercent", EditorMessages.Pruning_loss);
        text("ratio", EditorMessages.Pruning_ratio);
        text("calibration", EditorMessages.Pruning_calibration);
        text("validation", EditorMessages.Pruning_validation);
        text("labels", EditorMessages.Pruning_labels);
        text("fineTuneEpochs", EditorMessages.Pruning_fineTune);
        text("output", EditorMessages.Pruning_output);
        trainingHeading = new Label(body, SWT.WRAP);
        GridData th = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        th.verticalIndent = 8;
        trainingHeading.setLayoutData(th);
        trainingHeading.setText(NLS.bind(EditorMessages.Pruning_training, TrainingFields.defaultsText()));
        browsable("trainingData", EditorMessages.Pruning_trainingData);
        browsable("trainingLabels", EditorMessages.Pruning_trainingLabels);
        browsable("trainingValidation", EditorMessages.Pruning_trainingValidation);
        text("validationSplit", EditorMessages.Pruning_validationSplit);
        text("trainingEpochs", EditorMessages.Pruning_trainingEpochs);
        text("batchSize", EditorMessages.Pruning_batchSize);
        text("learningRate", EditorMessages.Pruning_learningRate);
        new Label(body, SWT.NONE).setText(EditorMessages.Pruning_augmentation);
        Composite aug = row(4);
        crop = check(aug, EditorMessages.Pruning_crop);
        new Label(aug, SWT.NONE).setText(EditorMessages.Pruning_padding);
        Text padding = new Text(aug, SWT.BORDER);
        GridData pd = new GridData(SWT.BEGINNING, SWT.CENTER, false, false);
        pd.widthHint = 60;
        padding.setLayoutData(pd);
        padding.addModifyListener(e -> changed());
        texts.put("padding", padding);
        flip = check(aug, EditorMessages.Pruning_flip);
        text("seed", EditorMessages.Pruning_seed);
        Label preprocessing = new Label(body, SWT.WRAP);
        GridData pp = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        pp.verticalIndent = 8;
        preprocessing.setLayoutData(pp);
        preprocessing.setText(EditorMessages.Pruning_preprocessing);
        text("scale", EditorMessages.Pruning_scale);
        text("offset", EditorMessages.Pruning_offset);
        text("mean", EditorMessages.Pruning_mean);
        text("std", EditorMessages.Pruning_std);
        choice("channels", EditorMessages.Pruning_channels, Preprocessing.CHANNELS);
        choice("rawType", EditorMessages.Pruning_rawType, Preprocessing.RAW_TYPES);
        estimate = new Label(body, SWT.WRAP);
        estimate.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        overrides = new Label(body, SWT.WRAP);
        overrides.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        overrides.setText(EditorMessages.Pruning_overrides);
        layers = new LayerOverridesTable(body, this::changed, op -> editor.select(op, this));
        scroll.setContent(body);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        undoAction = new Action(EditorMessages.Pruning_undo) {
            @Override
            public void run() {
                undo();
            }
        };
        undoAction.setEnabled(false);
        setEnabled(false);
    }

    private Combo combo(String label) {
        new Label(body, SWT.NONE).setText(label);
        Combo c = new Combo(body, SWT.READ_ONLY);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        c.addListener(SWT.Selection, e -> changed());
        return c;
    }

    /** A read-only choice of {@code items}, with an empty first item for the default. */
    private void choice(String key, String label, List<String> items) {
        Combo c = combo(label);
        c.add("");
        items.forEach(c::add);
        choices.put(key, c);
    }

    private String choice(String key) {
        Combo c = choices.get(key);
        return c.getSelectionIndex() < 0 ? "" : c.getItem(c.getSelectionIndex());
    }

    private void setChoice(String key, String value) {
        Combo c = choices.get(key);
        c.select(Math.max(0, java.util.Arrays.asList(c.getItems()).indexOf(value)));
    }

    private void text(String key, String label) {
        new Label(body, SWT.NONE).setText(label);
        Text t = new Text(body, SWT.BORDER);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        t.addModifyListener(e -> changed());
        texts.put(key, t);
    }

    /** A path field with a Browse button that chooses a file or folder of the model's project. */
    private void browsable(String key, String label) {
        new Label(body, SWT.NONE).setText(label);
        Composite r = row(2);
        Text t = new Text(r, SWT.BORDER);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        t.addModifyListener(e -> changed());
        texts.put(key, t);
        Button browse = new Button(r, SWT.PUSH);
        browse.setText(EditorMessages.Pruning_browse);
        browse.addListener(SWT.Selection, e -> {
            if (data != null && data.settingsFile() != null) {
                String chosen = ProjectPathDialog.choose(body.getShell(), data.settingsFile().getParent(), label);
                if (chosen != null) {
                    t.setText(chosen);
                }
            }
        });
        browseButtons.add(browse);
    }

    /** A composite in the value column for several controls on one line. */
    private Composite row(int columns) {
        Composite r = new Composite(body, SWT.NONE);
        GridLayout l = new GridLayout(columns, false);
        l.marginWidth = 0;
        l.marginHeight = 0;
        r.setLayout(l);
        r.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        return r;
    }

    private Button check(Composite parent, String label) {
        Button b = new Button(parent, SWT.CHECK);
        b.setText(label);
        b.addListener(SWT.Selection, e -> changed());
        return b;
    }

    Control control() {
        return scroll;
    }

    IAction undoAction() {
        return undoAction;
    }

    void show(ModelData d) {
        data = d;
        if (d.settingsError() != null) {
            setEnabled(false);
            message.setText(NLS.bind(EditorMessages.Pruning_fileInvalid, d.settingsFile().getName(),
                    d.settingsError()));
        } else if (d.settings() == null) {
            setEnabled(false);
            message.setText(d.error() != null ? NLS.bind(EditorMessages.Editor_unreadable, d.error())
                    : NLS.bind(EditorMessages.Pruning_noSettings, d.file().getName()));
        } else if (!isDirty()) {
            // The file is the truth while the form holds no edits of its own (hand edits show up here).
            saved = new Form(SettingsFields.of(d.settings()), TrainingFields.of(d.settings()),
                    PreprocessingFields.of(d.settings()),
                    LayerFields.of(d.settings()));
            layers.show(d.view(), d.view() == null ? List.copyOf(d.settings().layers().keySet())
                    : LayerFields.operators(d.view(), d.settings()), saved.layers());
            setValues(saved);
            undo.clear();
            undoAction.setEnabled(false);
            setEnabled(true);
            changed();
        }
        relayout();
    }

    private void setEnabled(boolean enabled) {
        part.setEnabled(enabled);
        method.setEnabled(enabled);
        texts.values().forEach(t -> t.setEnabled(enabled));
        choices.values().forEach(c -> c.setEnabled(enabled));
        browseButtons.forEach(b -> b.setEnabled(enabled));
        crop.setEnabled(enabled);
        flip.setEnabled(enabled);
        layers.setEnabled(enabled);
    }

    private void setValues(Form form) {
        updating = true;
        try {
            SettingsFields.Values v = form.values();
            layers.set(form.layers());
            int index = 0;
            for (int i = 0; i < PartCatalogue.get().parts().size(); i++) {
                if (PartCatalogue.get().parts().get(i).name().equals(v.part())) {
                    index = i + 1;
                }
            }
            part.select(index);
            method.select(Math.max(0, PrunusSettings.METHODS.indexOf(v.method())));
            texts.get("flashKib").setText(v.flashKib());
            texts.get("ramKib").setText(v.ramKib());
            texts.get("maxLossPercent").setText(v.maxLossPercent());
            texts.get("ratio").setText(v.ratio());
            texts.get("calibration").setText(v.calibration());
            texts.get("validation").setText(v.validation());
            texts.get("labels").setText(v.labels());
            texts.get("fineTuneEpochs").setText(v.fineTuneEpochs());
            texts.get("output").setText(v.output());
            TrainingFields.Values t = form.training();
            texts.get("trainingData").setText(t.data());
            texts.get("trainingLabels").setText(t.labels());
            texts.get("trainingValidation").setText(t.validation());
            texts.get("validationSplit").setText(t.validationSplit());
            texts.get("trainingEpochs").setText(t.epochs());
            texts.get("batchSize").setText(t.batchSize());
            texts.get("learningRate").setText(t.learningRate());
            crop.setSelection(t.crop());
            texts.get("padding").setText(t.padding());
            flip.setSelection(t.flip());
            texts.get("seed").setText(t.seed());
            PreprocessingFields.Values pre = form.preprocessing();
            texts.get("scale").setText(pre.scale());
            texts.get("offset").setText(pre.offset());
            texts.get("mean").setText(pre.mean());
            texts.get("std").setText(pre.std());
            setChoice("channels", pre.channels());
            setChoice("rawType", pre.rawType());
            last = form;
        } finally {
            updating = false;
        }
    }

    /** The field texts as they are now. */
    public SettingsFields.Values values() {
        int p = part.getSelectionIndex();
        return new SettingsFields.Values(p <= 0 ? "" : PartCatalogue.get().parts().get(p - 1).name(),
                method.getSelectionIndex() < 0 ? "auto" : method.getItem(method.getSelectionIndex()),
                t("flashKib"), t("ramKib"), t("maxLossPercent"), t("ratio"), t("calibration"), t("validation"),
                t("labels"), t("fineTuneEpochs"), t("output"));
    }

    /** The training field texts as they are now. */
    public TrainingFields.Values trainingValues() {
        return new TrainingFields.Values(t("trainingData"), t("trainingLabels"), t("trainingValidation"),
                t("validationSplit"), t("trainingEpochs"), t("batchSize"), t("learningRate"), crop.getSelection(), t("padding"),
                flip.getSelection(), t("seed"));
    }

    /** The preprocessing field texts as they are now. */
    public PreprocessingFields.Values preprocessingValues() {
        return new PreprocessingFields.Values(t("scale"), t("offset"), t("mean"), t("std"), choice("channels"),
                choice("rawType"));
    }

    private String t(String key) {
        return texts.get(key).getText();
    }

    private void changed() {
        if (updating || data == null || data.settings() == null) {
            return;
        }
        Form now = form();
        if (last != null && !last.equals(now)) {
            undo.push(last);
            undoAction.setEnabled(true);
        }
        last = now;
        check(now);
        estimate.setText(estimateText(result.ok() ? result.settings() : data.settings()));
        editor.dirtyChanged();
        relayoutSoon();
    }

    /**
     * Lays the form out once after the current burst of edits (a keystroke, a paste, an undo), not once per field:
     * a message that grows to two lines must push the form down, but laying out every row per keystroke is what
     * made typing lag.
     */
    private void relayoutSoon() {
        if (relayoutPending) {
            return;
        }
        relayoutPending = true;
        body.getDisplay().asyncExec(() -> {
            relayoutPending = false;
            if (!body.isDisposed()) {
                // Only the two labels change height on an edit: lay out their rows, keep every other cached size.
                body.layout(new Control[] { message, estimate });
                scroll.setMinSize(body.computeSize(Math.max(600, scroll.getClientArea().width), SWT.DEFAULT));
            }
        });
    }

    /** What the model needs against the budget being typed (live, from the core's figures). */
    private String estimateText(PrunusSettings s) {
        if (data.view() == null) {
            return "";
        }
        Figures f = data.view().figures(s.target() == null ? "m4" : s.target().core());
        Figures p = data.pruned() == null ? null : data.pruned().figures(s.target() == null ? "m4" : s.target().core());
        PrunusSettings.Budget b = s.budget();
        String flashBudget = b == null || b.flashBytes() == null ? EditorMessages.Pruning_noLimit : n(b.flashBytes());
        String ramBudget = b == null || b.ramBytes() == null ? EditorMessages.Pruning_noLimit : n(b.ramBytes());
        return NLS.bind(EditorMessages.Pruning_estimate, new Object[] { n(f.flashBytes()), flashBudget,
            n(f.arenaBytes()), ramBudget, p == null ? "-" : n(p.flashBytes()), p == null ? "-" : n(p.arenaBytes()) });
    }

    /** Checks the form with the core's rules: the fields, the training section, then the per-operator overrides. */
    private void check(Form form) {
        result = SettingsFields.apply(data.settings(), form.values());
        if (result.ok()) {
            result = TrainingFields.apply(result.settings(), form.training(), this::dataExists);
        }
        if (result.ok()) {
            result = PreprocessingFields.apply(result.settings(), form.preprocessing());
        }
        if (result.ok()) {
            result = LayerFields.apply(result.settings(), form.layers().values(),
                    data.model() == null ? -1 : data.model().main().operators().size());
        }
        message.setText(result.ok() ? NLS.bind(EditorMessages.Pruning_ok, data.settingsFile().getName())
                : result.error());
    }

    /** The form as it is now: the field texts and the override rows. */
    private Form form() {
        return new Form(values(), trainingValues(), preprocessingValues(), layers.rows());
    }

    /** Whether a data path as typed (relative to the settings file's folder, or absolute) exists on disk. */
    private boolean dataExists(String path) {
        return ProjectPathDialog.exists(data.settingsFile().getParent(), path);
    }

    /** Whether the form differs from the file. */
    public boolean isDirty() {
        return saved != null && data != null && data.settings() != null && !saved.equals(form());
    }

    /** The message shown above the form (an error, or what Save does). */
    public String messageText() {
        return message.getText();
    }

    public String estimateText() {
        return estimate.getText();
    }

    /** Whether the form's values make valid settings. */
    public boolean isValid() {
        return result != null && result.ok();
    }

    /** The per-operator overrides shown, by operator. */
    public Map<Integer, LayerFields.Row> overrides() {
        return layers.rows();
    }

    /** The operators the overrides table lists, in order. */
    public List<Integer> overrideOperators() {
        List<Integer> ops = new java.util.ArrayList<>();
        for (org.eclipse.swt.widgets.TableItem i : layers.table().getItems()) {
            ops.add(Integer.parseInt(i.getText(0)));
        }
        return ops;
    }

    /** Selects a row of the overrides table as a click would; for tests. */
    public void selectOverrideRow(int row) {
        layers.select(row);
    }

    /** Scrolls the form to the overrides table (tests take its screenshot this way). */
    public void revealOverrides() {
        scroll.showControl(layers.table());
    }

    /** Sets one operator's override as the table's cell editors do; for tests. */
    public boolean setOverride(int operator, String method, String ratio) {
        return layers.edit(operator, method, ratio);
    }

    /** Scrolls the form to the training fields (tests take their screenshot this way). */
    public void revealTraining() {
        scroll.setOrigin(0, trainingHeading.getBounds().y);
    }

    /** Sets an augmentation checkbox ("crop" or "flip") as a click would; for tests. */
    public void setAugmentation(String key, boolean on) {
        Button b = "crop".equals(key) ? crop : flip;
        b.setSelection(on);
        changed();
    }

    /** Sets a field by key (flashKib, ramKib, maxLossPercent, ratio, trainingData, trainingEpochs, ...), as typing
     * would; for tests. */
    public void setField(String key, String value) {
        if (choices.containsKey(key)) {
            setChoice(key, value);
            changed();
            return;
        }
        texts.get(key).setText(value);
    }

    public void selectPart(String name) {
        for (int i = 0; i < PartCatalogue.get().parts().size(); i++) {
            if (PartCatalogue.get().parts().get(i).name().equals(name)) {
                part.select(i + 1);
            }
        }
        changed();
    }

    /** Steps back one edit. */
    public void undo() {
        if (!undo.isEmpty()) {
            Form f = undo.pop();
            setValues(f);
            undoAction.setEnabled(!undo.isEmpty());
            check(f);
            editor.dirtyChanged();
        }
    }

    /** Writes the form to the settings file; refuses (with the message shown) while it is not valid. */
    void save(IProgressMonitor monitor) {
        if (data == null || data.settingsFile() == null || result == null || !result.ok()) {
            monitor.setCanceled(true);
            return;
        }
        byte[] bytes = SettingsIO.write(result.settings());
        try {
            data.settingsFile().setContents(new ByteArrayInputStream(bytes), IResource.KEEP_HISTORY, monitor);
            saved = form();
            editor.dirtyChanged();
        } catch (CoreException e) {
            message.setText(e.getMessage());
            monitor.setCanceled(true);
        }
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d B", v);
    }

    private void relayout() {
        body.layout(true, true);
        scroll.setMinSize(body.computeSize(Math.max(600, scroll.getClientArea().width), SWT.DEFAULT));
    }

    /** The part chosen in the form, or null for the file's own target. */
    public Part selectedPart() {
        int p = part.getSelectionIndex();
        return p <= 0 ? null : PartCatalogue.get().parts().get(p - 1);
    }
}
