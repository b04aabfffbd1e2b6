package dev.prunus.ui.internal.wizard;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.prunus.builder.ops.PreviewOperation;
import dev.prunus.core.PrunusException;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.ReportView;
import dev.prunus.ui.internal.charts.ReportCharts;
import dev.prunus.ui.internal.charts.StackedBars;
import dev.prunus.ui.internal.charts.XyChart;

/**
 * What the settings give before anything is written: the pipeline runs in the wizard's container (progress bar,
 * Cancel), then the page shows flash before and after split into weights, index, other constants and code, the
 * RAM, the accuracy of every point the run explored against instructions (when it explored several), the
 * per-layer result and the whole message of a failure. A failed preview keeps Finish disabled until
 * the settings change.
 */
class PreviewPage extends AbstractPage {

    private final IFile model;
    private Text results;
    private StackedBars flash;
    private StackedBars ram;
    private XyChart tradeOff;
    private Table layers;
    private PrunusSettings previewed;
    private ReportView report;

    PreviewPage(PruneWizard wizard, IFile model) {
        super("preview", wizard);
        this.model = model;
        setTitle(WizardMessages.Preview_title);
        setDescription(WizardMessages.Preview_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(1, false));
        results = new Text(c, SWT.MULTI | SWT.READ_ONLY | SWT.WRAP | SWT.V_SCROLL | SWT.BORDER);
        GridData data = new GridData(SWT.FILL, SWT.FILL, true, true);
        data.heightHint = 110;
        data.widthHint = 640;
        results.setLayoutData(data);
        flash = new StackedBars(c);
        flash.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        ram = new StackedBars(c);
        ram.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        tradeOff = new XyChart(c);
        GridData td = new GridData(SWT.FILL, SWT.TOP, true, false);
        td.heightHint = 220;
        tradeOff.setLayoutData(td);
        showTradeOff(false);
        layers = new Table(c, SWT.BORDER | SWT.FULL_SELECTION);
        layers.setHeaderVisible(true);
        layers.setLinesVisible(true);
        for (String t : new String[] { WizardMessages.Preview_colOp, WizardMessages.Preview_colType,
            WizardMessages.Preview_colFormat, WizardMessages.Preview_colKept, WizardMessages.Preview_colBytes,
            WizardMessages.Preview_colInstr }) {
            TableColumn col = new TableColumn(layers, SWT.RIGHT);
            col.setText(t);
            col.setWidth(105);
        }
        GridData ld = new GridData(SWT.FILL, SWT.FILL, true, true);
        ld.heightHint = 110;
        layers.setLayoutData(ld);
        setControl(c);
    }

    @Override
    boolean owns(String field) {
        return false;
    }

    @Override
    void problem(String field, String message) {
        // The settings changed: a failed preview no longer applies, and a new one runs when the page shows.
        if (previewed != null && !previewed.equals(wizard.settingsOrNull())) {
            previewed = null;
            setErrorMessage(null);
            setPageComplete(true);
        }
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            // After the page is painted, so the user sees it and the progress bar, not a frozen wizard.
            getShell().getDisplay().asyncExec(this::runPreview);
        }
    }

    private void runPreview() {
        PrunusSettings settings = wizard.settingsOrNull();
        if (results.isDisposed() || settings == null) {
            return;
        }
        PreviewOperation operation = new PreviewOperation(model, settings);
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
            previewed = settings;
            report = operation.report() == null ? null : ReportView.read(operation.report());
            results.setText(String.join("\n", operation.summary()) + (report == null || report.notes().isEmpty()
                    ? "" : "\n" + String.join("\n", report.notes())));
            showReport();
            setPageComplete(true);
        } catch (InvocationTargetException e) {
            previewed = settings;
            // The whole message in the page body: the title area would cut it to two lines.
            results.setText(e.getCause().getMessage());
            setErrorMessage(WizardMessages.Preview_failed);
            clearReport();
            setPageComplete(false);
        } catch (InterruptedException e) {
            results.setText(WizardMessages.Preview_canceled);
        } catch (PrunusException e) {
            results.setText(e.getMessage());
        }
    }

    private void showReport() {
        layers.removeAll();
        if (report == null) {
            return;
        }
        flash.setData(new String[] { WizardMessages.Part_weights, WizardMessages.Part_index,
            WizardMessages.Part_other, WizardMessages.Part_code }, List.of(
                    row(WizardMessages.Preview_before, report.before()),
                    row(WizardMessages.Preview_after, report.after())), wizard.flashLimit(),
                WizardMessages.Preview_flashLimit);
        ram.setData(new String[] { WizardMessages.Part_arena }, List.of(
                new StackedBars.Row(WizardMessages.Preview_before, new long[] { report.before().arenaBytes() }),
                new StackedBars.Row(WizardMessages.Preview_after, new long[] { report.after().arenaBytes() })),
                wizard.ramLimit(), WizardMessages.Preview_ramLimit);
        // The trade-off picture when the run explored several points (a fixed ratio without training has one).
        ReportCharts.tradeOff(tradeOff, report, false);
        showTradeOff(report.explored().size() > 1);
        for (ReportView.LayerResult l : report.layers()) {
            new TableItem(layers, SWT.NONE).setText(new String[] { Integer.toString(l.operator()), l.type(),
                l.format(), String.format(Locale.ROOT, "%.0f %%", 100 * l.keptFraction()),
                String.format(Locale.ROOT, "%,d -> %,d", l.denseBytes(), l.weightBytes() + l.indexBytes()),
                String.format(Locale.ROOT, "%,d -> %,d", l.denseInstructions(), l.instructions()) });
        }
        ((Composite) getControl()).layout(true, true);
    }

    private void clearReport() {
        report = null;
        layers.removeAll();
        flash.setData(new String[0], List.of(), 0, null);
        ram.setData(new String[0], List.of(), 0, null);
        showTradeOff(false);
    }

    private void showTradeOff(boolean shown) {
        tradeOff.setVisible(shown);
        ((GridData) tradeOff.getLayoutData()).exclude = !shown;
    }

    private static StackedBars.Row row(String label, ReportView.Totals t) {
        return new StackedBars.Row(label, new long[] { t.weightBytes(), t.indexBytes(), t.otherBytes(), t.codeBytes() });
    }

    /** Shows a report as a preview would (tests draw hand-written reports this way). */
    void show(ReportView r) {
        report = r;
        showReport();
    }

    /** For tests. */
    String resultsText() {
        return results.getText();
    }

    ReportView report() {
        return report;
    }

    Table layersTable() {
        return layers;
    }

    /** The trade-off chart, or null while it is hidden. */
    XyChart tradeOffChart() {
        return tradeOff.getVisible() ? tradeOff : null;
    }

    StackedBars flashBars() {
        return flash;
    }

    /** The flash definition the figures use, stated on the page. */
    static String definition() {
        return Figures.DEFINITION;
    }
}
