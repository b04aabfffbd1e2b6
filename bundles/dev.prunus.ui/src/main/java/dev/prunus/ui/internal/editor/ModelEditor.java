package dev.prunus.ui.internal.editor;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.ISelectionProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.ide.IGotoMarker;
import org.eclipse.ui.part.MultiPageEditorPart;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

import dev.prunus.builder.ModelFiles;
import dev.prunus.core.view.ModelView;

/**
 * The model editor: Overview, Layers, Graph, Weights, Pruning and Report tabs over one {@link ModelData}, read in
 * a job (never on the UI thread) and read again when the model, its settings file or its outputs change. Only the
 * Pruning tab edits anything (the settings file); the model itself is never written. Selecting an operator in one
 * tab selects it in the others and in the Outline; a Prunus marker opens the tab and operator it concerns.
 */
public class ModelEditor extends MultiPageEditorPart implements IGotoMarker {

    /** Editor id as declared in plugin.xml. */
    public static final String ID = "dev.prunus.ui.modelEditor";
    /** Job family of the editor's reading jobs, for tests. */
    public static final Object FAMILY = ModelEditor.class;

    static final int OVERVIEW = 0;
    static final int LAYERS = 1;
    static final int GRAPH = 2;
    static final int WEIGHTS = 3;
    static final int PRUNING = 4;
    static final int REPORT = 5;

    private OverviewPage overview;
    private LayersPage layers;
    private GraphPage graph;
    private WeightsPage weights;
    private PruningPage pruning;
    private ReportPage report;
    private ModelOutline outline;
    private volatile ModelData data;
    private Job reader;
    private int selected = -1;
    private final SelectionProvider selection = new SelectionProvider();

    private final IResourceChangeListener listener = event -> {
        IResourceDelta delta = event.getDelta();
        ModelData shown = data;
        if (delta == null) {
            return;
        }
        boolean[] changed = { false };
        boolean[] removed = { false };
        try {
            delta.accept(d -> {
                IResource r = d.getResource();
                if (r.getType() == IResource.FILE && (shown == null ? r.equals(getFile()) : shown.concerns(r))
                        && (d.getKind() != IResourceDelta.CHANGED || (d.getFlags() & IResourceDelta.CONTENT) != 0
                                || (d.getFlags() & IResourceDelta.REPLACED) != 0)) {
                    changed[0] = true;
                    removed[0] |= r.equals(getFile()) && d.getKind() == IResourceDelta.REMOVED;
                }
                return true;
            });
        } catch (CoreException e) {
            changed[0] = true;
        }
        if (removed[0]) {
            Display.getDefault().asyncExec(() -> getSite().getPage().closeEditor(this, false));
        } else if (changed[0]) {
            startReading(200);
        }
    };

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof IFileEditorInput)) {
            throw new PartInitException(EditorMessages.Editor_notAFile);
        }
        super.init(site, input);
        setPartName(input.getName());
        site.setSelectionProvider(selection);
        ResourcesPlugin.getWorkspace().addResourceChangeListener(listener, IResourceChangeEvent.POST_CHANGE);
    }

    @Override
    protected void createPages() {
        overview = new OverviewPage(getContainer(), this);
        setPageText(addPage(overview.control()), EditorMessages.Tab_overview);
        layers = new LayersPage(getContainer(), this);
        setPageText(addPage(layers.control()), EditorMessages.Tab_layers);
        graph = new GraphPage(getContainer(), this);
        setPageText(addPage(graph.control()), EditorMessages.Tab_graph);
        weights = new WeightsPage(getContainer(), this);
        setPageText(addPage(weights.control()), EditorMessages.Tab_weights);
        pruning = new PruningPage(getContainer(), this);
        setPageText(addPage(pruning.control()), EditorMessages.Tab_pruning);
        report = new ReportPage(getContainer(), this);
        setPageText(addPage(report.control()), EditorMessages.Tab_report);
        getEditorSite().getActionBars().setGlobalActionHandler(ActionFactory.UNDO.getId(), pruning.undoAction());
        startReading(0);
    }

    /** Reads the model and its outputs again, after {@code delay} ms (changes come in bursts during a build). */
    void startReading(long delay) {
        IFile file = getFile();
        Job old = reader;
        if (old != null) {
            old.cancel();
        }
        Job job = new Job(NLS.bind(EditorMessages.Editor_readJob, file.getName())) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    ModelData loaded = ModelData.load(file, monitor);
                    if (monitor.isCanceled()) {
                        return Status.CANCEL_STATUS;
                    }
                    Display display = Display.getDefault();
                    display.asyncExec(() -> show(loaded));
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                }
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        job.setSystem(true);
        reader = job;
        job.schedule(delay);
    }

    private void show(ModelData loaded) {
        if (overview == null || overview.control().isDisposed()) {
            return;
        }
        data = loaded;
        overview.show(loaded);
        layers.show(loaded);
        graph.show(loaded);
        weights.show(loaded);
        pruning.show(loaded);
        report.show(loaded);
        if (outline != null) {
            outline.show(loaded);
        }
        if (selected >= 0) {
            select(selected, null);
        }
    }

    /** What the tabs show, or null while the model is being read. */
    public ModelData data() {
        return data;
    }

    /** The analysis shown, or null while reading or when the model cannot be read. */
    public ModelView getView() {
        ModelData d = data;
        return d == null ? null : d.view();
    }

    /** Selects an operator in every tab except the one it came from, and publishes it as the editor selection. */
    void select(int operator, Object origin) {
        selected = operator;
        if (origin != layers) {
            layers.select(operator);
        }
        if (origin != graph) {
            graph.select(operator);
        }
        if (origin != weights) {
            weights.select(operator);
        }
        if (outline != null && origin != outline) {
            outline.select(operator);
        }
        ModelView view = getView();
        ModelView.Layer layer = view == null ? null : view.layer(operator);
        selection.set(layer == null ? StructuredSelection.EMPTY : new StructuredSelection(layer));
    }

    /** The operator selected in the tabs, or -1. */
    public int selectedOperator() {
        return selected;
    }

    /** Shows a tab (0 Overview ... 5 Report). */
    public void showTab(int index) {
        setActivePage(index);
    }

    /** The index of the active tab. */
    public int activeTab() {
        return getActivePage();
    }

    public OverviewPage overview() {
        return overview;
    }

    public LayersPage layers() {
        return layers;
    }

    public GraphPage graph() {
        return graph;
    }

    public WeightsPage weights() {
        return weights;
    }

    public PruningPage pruning() {
        return pruning;
    }

    public ReportPage report() {
        return report;
    }

    IFile getFile() {
        return ((IFileEditorInput) getEditorInput()).getFile();
    }

    /** A marker of the model or its settings file: the tab and operator it concerns. */
    @Override
    public void gotoMarker(IMarker marker) {
        int operator = marker.getAttribute(ModelFiles.MARKER_OPERATOR, -1);
        if (operator >= 0) {
            setActivePage(LAYERS);
            select(operator, null);
        } else if (marker.getResource().getName().endsWith(".prunus.json")) {
            setActivePage(PRUNING);
        } else {
            setActivePage(OVERVIEW);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IGotoMarker.class) {
            return (T) this;
        }
        if (adapter == IContentOutlinePage.class) {
            if (outline == null || outline.getControl() == null || outline.getControl().isDisposed()) {
                outline = new ModelOutline(this);
            }
            return (T) outline;
        }
        return super.getAdapter(adapter);
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        pruning.save(monitor);
    }

    @Override
    public void doSaveAs() {
        // Only the settings file is edited, and it has one place beside the model.
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }

    @Override
    public boolean isDirty() {
        return pruning != null && pruning.isDirty();
    }

    /** Tells the workbench that the dirty state changed (Pruning tab edits). */
    void dirtyChanged() {
        firePropertyChange(PROP_DIRTY);
    }

    @Override
    public void dispose() {
        ResourcesPlugin.getWorkspace().removeResourceChangeListener(listener);
        if (reader != null) {
            reader.cancel();
        }
        super.dispose();
    }

    /** The editor's selection: the selected operator's row, for the Properties view and other listeners. */
    private static final class SelectionProvider implements ISelectionProvider {
        private final org.eclipse.core.runtime.ListenerList<ISelectionChangedListener> listeners =
                new org.eclipse.core.runtime.ListenerList<>();
        private ISelection current = StructuredSelection.EMPTY;

        void set(IStructuredSelection s) {
            current = s;
            SelectionChangedEvent e = new SelectionChangedEvent(this, s);
            for (ISelectionChangedListener l : listeners) {
                l.selectionChanged(e);
            }
        }

        @Override
        public void addSelectionChangedListener(ISelectionChangedListener l) {
            listeners.add(l);
        }

        @Override
        public ISelection getSelection() {
            return current;
        }

        @Override
        public void removeSelectionChangedListener(ISelectionChangedListener l) {
            listeners.remove(l);
        }

        @Override
        public void setSelection(ISelection s) {
            current = s;
        }
    }
}
