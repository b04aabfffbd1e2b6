package dev.prunus.ui.internal.editor;

import java.io.IOException;
import java.io.InputStream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.MultiPageEditorPart;

import dev.prunus.core.PrunusException;
import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.analysis.ModelCost;
import dev.prunus.core.analysis.OperatorCost;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.ui.internal.Messages;

/**
 * Read-only editor of a TensorFlow Lite model, with one tab per view of it. The model is read in a job, never on
 * the UI thread; the tabs fill in when it is ready, or show the core's error message when it cannot be read.
 */
public class ModelEditor extends MultiPageEditorPart {

    /** Editor id as declared in plugin.xml. */
    public static final String ID = "dev.prunus.ui.modelEditor";

    private Label status;
    private TableViewer operators;
    private volatile Model model;
    private volatile ModelCost cost;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof IFileEditorInput)) {
            throw new PartInitException(Messages.Editor_notAFile);
        }
        super.init(site, input);
        setPartName(input.getName());
    }

    @Override
    protected void createPages() {
        Composite overview = new Composite(getContainer(), SWT.NONE);
        overview.setLayout(new GridLayout(1, false));
        status = new Label(overview, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        status.setText(Messages.Editor_reading);
        setPageText(addPage(overview), Messages.Editor_overviewTab);

        operators = new TableViewer(getContainer(), SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = operators.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column(Messages.Editor_colIndex, 50, op -> Integer.toString(op.index()));
        column(Messages.Editor_colOperator, 220, op -> op.type().name());
        column(Messages.Editor_colOutput, 200, op -> OperatorText.outputShape(model, op));
        column(Messages.Editor_colWeights, 200, op -> OperatorText.weightShape(model, op));
        column(Messages.Editor_colParams, 90, op -> OperatorText.number(cost, op, OperatorCost::params));
        column(Messages.Editor_colMacs, 110, op -> OperatorText.number(cost, op, OperatorCost::macs));
        column(Messages.Editor_colFlash, 90, op -> OperatorText.number(cost, op, OperatorCost::flashBytes));
        operators.setContentProvider(ArrayContentProvider.getInstance());
        setPageText(addPage(table), Messages.Editor_operatorsTab);

        startReading();
    }

    private void column(String title, int width, java.util.function.Function<Operator, String> text) {
        TableViewerColumn column = new TableViewerColumn(operators, SWT.LEFT);
        column.getColumn().setText(title);
        column.getColumn().setWidth(width);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Operator) element);
            }
        });
    }

    private void startReading() {
        IFile file = getFile();
        Job job = Job.create(NLS.bind(Messages.Editor_readJob, file.getName()), (IProgressMonitor monitor) -> {
            String error = null;
            Model read = null;
            ModelCost figures = null;
            ArenaPlan plan = null;
            try (InputStream in = file.getContents(true)) {
                read = TfliteReader.read(in.readAllBytes());
                figures = CostAnalyzer.analyze(read.main());
                plan = MemoryPlanner.plan(read.main());
            } catch (PrunusException | IOException | CoreException e) {
                error = e.getMessage();
            }
            Model result = read;
            ModelCost resultCost = figures;
            ArenaPlan resultPlan = plan;
            String message = error;
            getSite().getShell().getDisplay().asyncExec(() -> show(result, resultCost, resultPlan, message));
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void show(Model read, ModelCost figures, ArenaPlan plan, String error) {
        if (status == null || status.isDisposed()) {
            return;
        }
        if (read == null) {
            status.setText(NLS.bind(Messages.Editor_unreadable, error));
            return;
        }
        model = read;
        cost = figures;
        Graph graph = read.main();
        status.setText(OperatorText.summary(getFile().getName(), read, figures, plan));
        operators.setInput(graph.operators().toArray());
        status.getParent().layout(true);
    }

    /** The model shown, or null while it is being read or when it could not be read. */
    public Model getModel() {
        return model;
    }

    /** The operators table, for tests and for selection providers. */
    public TableViewer getOperatorsViewer() {
        return operators;
    }

    private IFile getFile() {
        return ((IFileEditorInput) getEditorInput()).getFile();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // Models are not edited here: pruning writes new files and never the user's model.
    }

    @Override
    public void doSaveAs() {
        // See doSave.
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    /** Reports a status without a modal dialog; used when the editor cannot show a model. */
    static IStatus error(String message) {
        return new Status(IStatus.ERROR, "dev.prunus.ui", message);
    }
}
