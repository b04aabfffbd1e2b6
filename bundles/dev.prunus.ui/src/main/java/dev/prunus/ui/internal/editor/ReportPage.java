package dev.prunus.ui.internal.editor;

import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.ide.IDE;

import dev.prunus.core.view.ClassComparison;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.ReportView;
import dev.prunus.ui.internal.charts.GroupedBars;
import dev.prunus.ui.internal.charts.ReportCharts;
import dev.prunus.ui.internal.charts.StackedBars;
import dev.prunus.ui.internal.charts.XyChart;

/**
 * The last build's report in native widgets (the bundled product has no internal browser): before/after figures
 * split into weights, index, other constants and code; a chart of both; fidelity; the accuracy of every point the
 * run explored against instructions and flash; the training curves; per-class accuracy; per-layer results; notes;
 * and links that open the generated files.
 */
public class ReportPage {

    private final Composite root;
    private final ScrolledComposite scroll;
    private final Label status;
    private final Table totals;
    private final StackedBars bars;
    private final Label fidelity;
    private final Composite tradeOffRow;
    private final XyChart byInstructions;
    private final XyChart byFlash;
    private final Composite trainingRow;
    private final XyChart loss;
    private final XyChart validation;
    private final Label classesTitle;
    private final GroupedBars classChart;
    private final Table classes;
    private final Table layers;
    private final Text notes;
    private final Composite links;

    ReportPage(Composite parent, ModelEditor editor) {
        scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        root = new Composite(scroll, SWT.NONE);
        root.setLayout(new GridLayout(1, false));
        status = new Label(root, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setText(EditorMessages.Editor_reading);
        totals = table(new String[] { "", EditorMessages.Part_weights, EditorMessages.Part_index,
            EditorMessages.Part_other, EditorMessages.Part_code, EditorMessages.Col_flashTotal,
            EditorMessages.Part_arena, EditorMessages.Col_instructions }, 100, 70);
        bars = new StackedBars(root);
        bars.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        fidelity = new Label(root, SWT.WRAP);
        fidelity.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        tradeOffRow = row();
        byInstructions = chart(tradeOffRow);
        byFlash = chart(tradeOffRow);
        trainingRow = row();
        loss = chart(trainingRow);
        validation = chart(trainingRow);
        classesTitle = new Label(root, SWT.NONE);
        classesTitle.setText(EditorMessages.Report_classes);
        classChart = new GroupedBars(root);
        GridData cd = new GridData(SWT.FILL, SWT.TOP, true, false);
        cd.heightHint = 260;
        cd.widthHint = 420;
        classChart.setLayoutData(cd);
        classes = table(new String[] { EditorMessages.Col_class, EditorMessages.Report_before,
            EditorMessages.Report_after, EditorMessages.Col_change }, 110, 120);
        layers = table(new String[] { EditorMessages.Col_index, EditorMessages.Col_operator, EditorMessages.Col_format,
            EditorMessages.Col_kept, EditorMessages.Col_bytesBefore, EditorMessages.Col_bytesAfter,
            EditorMessages.Col_instrBefore, EditorMessages.Col_instrAfter }, 110, 160);
        notes = new Text(root, SWT.MULTI | SWT.WRAP | SWT.READ_ONLY | SWT.BORDER);
        GridData nd = new GridData(SWT.FILL, SWT.TOP, true, false);
        nd.widthHint = 600;
        notes.setLayoutData(nd);
        links = new Composite(root, SWT.NONE);
        links.setLayout(new GridLayout(4, false));
        links.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        scroll.setContent(root);
        scroll.setExpandHorizontal(true);
        scroll.setExpandVertical(true);
        scroll.addListener(SWT.Resize, e -> relayout());
    }

    /** Two charts side by side. */
    private Composite row() {
        Composite c = new Composite(root, SWT.NONE);
        GridLayout l = new GridLayout(2, true);
        l.marginWidth = 0;
        c.setLayout(l);
        c.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        return c;
    }

    private static XyChart chart(Composite parent) {
        XyChart c = new XyChart(parent);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.heightHint = 260;
        gd.widthHint = 300;
        c.setLayoutData(gd);
        return c;
    }

    /** Shows or hides a control, and frees its space when hidden. */
    private static void visible(Control c, boolean shown) {
        c.setVisible(shown);
        ((GridData) c.getLayoutData()).exclude = !shown;
    }

    private Table table(String[] columns, int width, int height) {
        Table t = new Table(root, SWT.BORDER | SWT.FULL_SELECTION);
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        for (String c : columns) {
            TableColumn col = new TableColumn(t, SWT.RIGHT);
            col.setText(c);
            col.setWidth(Math.max(width, 40 + c.length() * 7));
        }
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false);
        gd.heightHint = height;
        t.setLayoutData(gd);
        return t;
    }

    Control control() {
        return scroll;
    }

    void show(ModelData d) {
        ReportView r = d.report();
        totals.removeAll();
        layers.removeAll();
        classes.removeAll();
        for (Control c : links.getChildren()) {
            c.dispose();
        }
        if (r == null) {
            status.setText(d.settings() == null ? EditorMessages.Report_noSettings : EditorMessages.Report_none);
            bars.setData(new String[0], List.of(), 0, null);
            fidelity.setText("");
            notes.setText("");
            visible(tradeOffRow, false);
            visible(trainingRow, false);
            visible(classesTitle, false);
            visible(classChart, false);
            visible(classes, false);
            relayout();
            return;
        }
        status.setText(NLS.bind(EditorMessages.Report_summary, new Object[] { r.model(), r.method(), r.core(),
            r.allocation(), Figures.DEFINITION }));
        totalsRow(EditorMessages.Report_before, r.before());
        totalsRow(EditorMessages.Report_after, r.after());
        bars.setData(new String[] { EditorMessages.Part_weights, EditorMessages.Part_index, EditorMessages.Part_other,
            EditorMessages.Part_code }, List.of(bar(EditorMessages.Report_before, r.before()),
                    bar(EditorMessages.Report_after, r.after())), 0, null);
        ReportView.Fidelity f = r.fidelity();
        fidelity.setText(f == null ? EditorMessages.Report_noFidelity
                : NLS.bind(EditorMessages.Report_fidelity, new Object[] { f.records(),
                    f.validation() ? EditorMessages.Report_validation : EditorMessages.Report_calibration,
                    pct(f.top1Agreement()), f.accuracyBefore() == null ? "-" : pct(f.accuracyBefore()),
                    f.accuracyAfter() == null ? "-" : pct(f.accuracyAfter()) }));
        visible(tradeOffRow, true);
        ReportCharts.tradeOff(byInstructions, r, false);
        ReportCharts.tradeOff(byFlash, r, true);
        ReportCharts.loss(loss, r);
        ReportCharts.validation(validation, r);
        visible(trainingRow, !r.training().isEmpty());
        ClassComparison perClass = ClassComparison.of(r);
        for (ClassComparison.Row c : perClass.rows()) {
            new TableItem(classes, SWT.NONE).setText(new String[] { c.name(), c.beforeText(), c.afterText(),
                c.changeText() });
        }
        ReportCharts.classes(classChart, r);
        ((GridData) classes.getLayoutData()).heightHint = Math.min(300, 26 + 22 * r.classes().size());
        visible(classesTitle, !perClass.isEmpty());
        visible(classChart, !perClass.isEmpty());
        visible(classes, !perClass.isEmpty());
        for (ReportView.LayerResult l : r.layers()) {
            new TableItem(layers, SWT.NONE).setText(new String[] { Integer.toString(l.operator()), l.type(),
                l.format(), String.format(Locale.ROOT, "%.0f %%", 100 * l.keptFraction()), n(l.denseBytes()),
                n(l.weightBytes()) + " + " + n(l.indexBytes()), n(l.denseInstructions()), n(l.instructions()) });
        }
        ((GridData) layers.getLayoutData()).heightHint = Math.min(300, 26 + 22 * r.layers().size());
        notes.setText(r.notes().isEmpty() ? EditorMessages.Report_noNotes : "- " + String.join("\n- ", r.notes()));
        Label title = new Label(links, SWT.NONE);
        title.setText(EditorMessages.Report_files);
        for (IFile file : d.generated()) {
            Link link = new Link(links, SWT.NONE);
            link.setText("<a>" + file.getName() + "</a>");
            link.addListener(SWT.Selection, e -> open(file));
        }
        relayout();
    }

    private static StackedBars.Row bar(String label, ReportView.Totals t) {
        return new StackedBars.Row(label, new long[] { t.weightBytes(), t.indexBytes(), t.otherBytes(), t.codeBytes() });
    }

    private void totalsRow(String label, ReportView.Totals t) {
        new TableItem(totals, SWT.NONE).setText(new String[] { label, n(t.weightBytes()), n(t.indexBytes()),
            n(t.otherBytes()), n(t.codeBytes()), n(t.flashBytes()), n(t.arenaBytes()), n(t.instructions()) });
    }

    private void open(IFile file) {
        try {
            IDE.openEditor(org.eclipse.ui.PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), file);
        } catch (PartInitException e) {
            status.setText(e.getMessage());
        }
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String pct(Double v) {
        return ClassComparison.percent(v);
    }

    private void relayout() {
        root.layout(true, true);
        scroll.setMinSize(root.computeSize(Math.max(600, scroll.getClientArea().width), SWT.DEFAULT));
    }

    /** Scrolls the page so that a part of it shows (tests take screenshots of the charts this way). */
    public void reveal(Control c) {
        scroll.showControl(c);
    }

    /** For tests. */
    public String statusText() {
        return status.getText();
    }

    public Table totalsTable() {
        return totals;
    }

    public XyChart instructionsChart() {
        return byInstructions;
    }

    public XyChart flashChart() {
        return byFlash;
    }

    public XyChart lossChart() {
        return loss;
    }

    public XyChart validationChart() {
        return validation;
    }

    /** Whether the training curves are shown (only for a run that trained). */
    public boolean trainingShown() {
        return trainingRow.getVisible();
    }

    /** The per-class accuracy chart (hidden when the report has none). */
    public GroupedBars classChart() {
        return classChart;
    }

    public Table classesTable() {
        return classes;
    }

    public Table layersTable() {
        return layers;
    }

    public StackedBars bars() {
        return bars;
    }

    public String notesText() {
        return notes.getText();
    }

    public List<String> links() {
        return java.util.Arrays.stream(links.getChildren()).filter(c -> c instanceof Link)
                .map(c -> ((Link) c).getText().replace("<a>", "").replace("</a>", "")).toList();
    }
}
