package dev.prunus.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

import dev.prunus.core.parts.Part;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.ModelView;
import dev.prunus.ui.internal.charts.StackedBars;
import dev.prunus.ui.internal.wizard.PruneWizard;

/**
 * The model at a glance: inputs and outputs with their quantization, flash and RAM against the part's limits
 * (dense and, after a build, pruned), instructions and milliseconds on Cortex-M4 and M7 at the part's clock.
 */
public class OverviewPage {

    private final ModelEditor editor;
    private final ScrolledComposite scroll;
    private final Composite body;
    private final Label status;
    private final Label target;
    private final Table ports;
    private final StackedBars flash;
    private final StackedBars ram;
    private final Table speed;
    private final Label definition;
    private final Button prune;

    OverviewPage(Composite parent, ModelEditor editor) {
        this.editor = editor;
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        body = new Composite(scroll, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        status = new Label(body, SWT.WRAP);
        status.setText(EditorMessages.Editor_reading);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        prune = new Button(body, SWT.PUSH);
        prune.setText(EditorMessages.Overview_prune);
        prune.addListener(SWT.Selection, e -> new WizardDialog(body.getShell(), new PruneWizard(editor.getFile()))
                .open());
        prune.setEnabled(false);
        target = wide(new Label(body, SWT.WRAP));
        section(EditorMessages.Overview_ports);
        ports = table(new String[] { EditorMessages.Col_port, EditorMessages.Col_name, EditorMessages.Col_shape,
            EditorMessages.Col_quantization }, new int[] { 70, 220, 160, 260 });
        section(EditorMessages.Overview_flash);
        flash = new StackedBars(body);
        wide(flash);
        section(EditorMessages.Overview_ram);
        ram = new StackedBars(body);
        wide(ram);
        section(EditorMessages.Overview_speed);
        speed = table(new String[] { EditorMessages.Col_core, EditorMessages.Col_model,
            EditorMessages.Col_instructions, EditorMessages.Col_ms }, new int[] { 120, 90, 160, 160 });
        definition = wide(new Label(body, SWT.WRAP));
        definition.setText(Figures.DEFINITION);
        scroll.setContent(body);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        scroll.addListener(SWT.Resize, e -> relayout());
    }

    private <T extends Control> T wide(T control) {
        control.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        return control;
    }

    private void section(String title) {
        Label l = wide(new Label(body, SWT.NONE));
        l.setText(title);
        l.setFont(org.eclipse.jface.resource.JFaceResources.getBannerFont());
    }

    private Table table(String[] columns, int[] widths) {
        Table t = new Table(body, SWT.BORDER | SWT.FULL_SELECTION);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (int i = 0; i < columns.length; i++) {
            TableColumn c = new TableColumn(t, SWT.LEFT);
            c.setText(columns[i]);
            c.setWidth(widths[i]);
        }
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.heightHint = 90;
        t.setLayoutData(gd);
        return t;
    }

    Control control() {
        return scroll;
    }

    void show(ModelData d) {
        if (d.error() != null) {
            status.setText(NLS.bind(EditorMessages.Editor_unreadable, d.error()));
            prune.setEnabled(false);
            relayout();
            return;
        }
        ModelView v = d.view();
        String core = d.core();
        status.setText(NLS.bind(EditorMessages.Overview_summary, new Object[] { d.file().getName(),
            v.layers().size(), String.format(Locale.ROOT, "%,d", v.params()), String.format(Locale.ROOT, "%,d",
                    v.macs()), v.isPruned() ? EditorMessages.Overview_isPruned : "" }));
        prune.setEnabled(!d.file().getName().endsWith(".pruned.tflite"));
        Part part = d.part() == null ? null : d.part().part();
        target.setText(part == null ? EditorMessages.Overview_noPart
                : NLS.bind(EditorMessages.Overview_part, part.label(), source(d)));
        ports.removeAll();
        for (ModelView.Port p : v.inputs()) {
            row(ports, EditorMessages.Overview_input, p.name(), p.shapeText(), p.quantization());
        }
        for (ModelView.Port p : v.outputs()) {
            row(ports, EditorMessages.Overview_output, p.name(), p.shapeText(), p.quantization());
        }
        Figures dense = v.figures(core);
        Figures pruned = d.pruned() == null ? null : d.pruned().figures(core);
        String denseLabel = v.isPruned() ? EditorMessages.Overview_thisModel : EditorMessages.Overview_dense;
        List<StackedBars.Row> flashRows = new ArrayList<>();
        flashRows.add(new StackedBars.Row(denseLabel, new long[] { dense.weightBytes(), dense.indexBytes(),
            dense.otherBytes(), dense.codeBytes() }));
        List<StackedBars.Row> ramRows = new ArrayList<>();
        ramRows.add(new StackedBars.Row(denseLabel, new long[] { dense.arenaBytes() }));
        if (pruned != null) {
            flashRows.add(new StackedBars.Row(EditorMessages.Overview_pruned, new long[] { pruned.weightBytes(),
                pruned.indexBytes(), pruned.otherBytes(), pruned.codeBytes() }));
            ramRows.add(new StackedBars.Row(EditorMessages.Overview_pruned, new long[] { pruned.arenaBytes() }));
        }
        Long flashLimit = part == null ? null : part.flashLeftBytes();
        flash.setData(new String[] { EditorMessages.Part_weights, EditorMessages.Part_index,
            EditorMessages.Part_other, EditorMessages.Part_code }, flashRows, flashLimit == null ? 0 : flashLimit,
                flashLimit == null ? null : NLS.bind(EditorMessages.Overview_flashLimit, kib(flashLimit)));
        ram.setData(new String[] { EditorMessages.Part_arena }, ramRows, part == null ? 0 : part.ramLeftBytes(),
                part == null ? null : NLS.bind(EditorMessages.Overview_ramLimit, kib(part.ramLeftBytes())));
        speed.removeAll();
        long clock = part == null ? 0 : part.clockHz();
        for (String c : new String[] { "m4", "m7" }) {
            String coreName = "m4".equals(c) ? "Cortex-M4" : "Cortex-M7";
            speedRow(coreName, denseLabel, v.figures(c), clock);
            if (d.pruned() != null) {
                speedRow(coreName, EditorMessages.Overview_pruned, d.pruned().figures(c), clock);
            }
        }
        relayout();
    }

    private void speedRow(String core, String model, Figures f, long clock) {
        row(speed, core, model, String.format(Locale.ROOT, "%,d", f.instructions()),
                clock <= 0 ? "" : String.format(Locale.ROOT, "%.2f ms @ %d MHz", f.millisAt(clock), clock / 1_000_000));
    }

    private static String source(ModelData d) {
        return switch (d.part().source()) {
            case IOC -> EditorMessages.Overview_fromIoc;
            case PROJECT -> EditorMessages.Overview_fromProject;
            default -> EditorMessages.Overview_fromPreference;
        };
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes / 1024);
    }

    private static void row(Table t, String... texts) {
        new TableItem(t, SWT.NONE).setText(texts);
    }

    private void relayout() {
        body.layout(true, true);
        scroll.setMinSize(body.computeSize(Math.max(600, scroll.getClientArea().width), SWT.DEFAULT));
    }

    /** For tests: the status line, the bars, the tables. */
    public String statusText() {
        return status.getText();
    }

    public String targetText() {
        return target.getText();
    }

    public StackedBars flashBars() {
        return flash;
    }

    public StackedBars ramBars() {
        return ram;
    }

    public Table portsTable() {
        return ports;
    }

    public Table speedTable() {
        return speed;
    }

    public Button pruneButton() {
        return prune;
    }
}
