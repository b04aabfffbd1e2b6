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
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
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
    private final Composite[] holders = new Composite[6];
    /** Tabs made earlier whose content is older than {@link #data}: refreshed when next shown, not all at once. */
    private final boolean[] stale = new boolean[6];
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
        // One holder per tab; a tab's widgets are made when it is first shown, so opening stays quick.
        String[] titles = { EditorMessages.Tab_overview, EditorMessages.Tab_layers, EditorMessages.Tab_graph,
            EditorMessages.Tab_weights, EditorMessages.Tab_pruning, EditorMessages.Tab_report };
        for (int i = 0; i < titles.length; i++) {
            Composite holder = new Composite(getContainer(), SWT.NONE);
            holder.setLayout(new FillLayout());
            holders[i] = holder;
            setPageText(addPage(holder), titles[i]);
        }
        ensure(OVERVIEW);
        startReading(0);
    }

    @Override
    protected void pageChange(int newPageIndex) {
        // A tab shown by the user is made now and filled on the next turn of the event loop: the two halves of a
        // first showing (making the widgets, laying them out with the model's figures) never hold the UI together.
        boolean fill = make(newPageIndex)
                || (newPageIndex >= 0 && newPageIndex < stale.length && stale[newPageIndex]);
        super.pageChange(newPageIndex);
        if (fill) {
            getContainer().getDisplay().asyncExec(() -> {
                if (!getContainer().isDisposed()) {
                    ensure(newPageIndex);
                }
            });
        }
    }

    /** Makes a tab's widgets if they are not there yet, and fills them with what is loaded. */
    private void ensure(int tab) {
        boolean made = make(tab);
        ModelData d = data;
        if ((made || stale[tab]) && d != null) {
            stale[tab] = false;
            showOn(tab, d);
            if (selected >= 0) {
                select(selected, null);
            }
        }
    }

    /** Makes a tab's widgets if they are not there yet; true when they were made now (and so are still empty). */
    private boolean make(int tab) {
        if (tab < 0 || tab >= holders.length || holders[tab] == null || holders[tab].isDisposed()) {
            return false;
        }
        Composite h = holders[tab];
        boolean made = false;
        switch (tab) {
            case OVERVIEW -> {
                if (overview == null) {
                    overview = new OverviewPage(h, this);
                    made = true;
                }
            }
            case LAYERS -> {
                if (layers == null) {
                    layers = new LayersPage(h, this);
                    made = true;
                }
            }
            case GRAPH -> {
                if (graph == null) {
                    graph = new GraphPage(h, this);
                    made = true;
                }
            }
            case WEIGHTS -> {
                if (weights == null) {
                    weights = new WeightsPage(h, this);
                    made = true;
                }
            }
            case PRUNING -> {
                if (pruning == null) {
                    pruning = new PruningPage(h, this);
                    getEditorSite().getActionBars().setGlobalActionHandler(ActionFactory.UNDO.getId(),
                            pruning.undoAction());
                    getEditorSite().getActionBars().updateActionBars();
                    made = true;
                }
            }
            default -> {
                if (report == null) {
                    report = new ReportPage(h, this);
                    made = true;
                }
            }
        }
        if (made) {
            h.layout(true, true);
            // Empty until filled: the next ensure(tab) fills it.
            stale[tab] = true;
        }
        return made;
    }

    private void showOn(int tab, ModelData d) {
        switch (tab) {
            case OVERVIEW -> overview.show(d);
            case LAYERS -> layers.show(d);
            case GRAPH -> graph.show(d);
            case WEIGHTS -> weights.show(d);
            case PRUNING -> pruning.show(d);
            default -> report.show(d);
        }
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
        // Only the tab in view (and the Pruning form, which holds the dirty state) is filled now; a reload during a
        // build would otherwise lay out every chart, table and heat map in one go on the UI thread.
        int active = getActivePage();
        Object[] pages = { overview, layers, graph, weights, pruning, report };
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] != null) {
                if (i == active || i == PRUNING) {
                    stale[i] = false;
                    showOn(i, loaded);
                } else {
                    stale[i] = true;
                }
            }
        }
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
        if (layers != null && origin != layers) {
            layers.select(operator);
        }
        if (graph != null && origin != graph) {
            graph.select(operator);
        }
        if (weights != null && origin != weights) {
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

    /** The tab, made now if it was not shown yet. */
    public OverviewPage overview() {
        ensure(OVERVIEW);
        return overview;
    }

    /** The tab, made now if it was not shown yet. */
    public LayersPage layers() {
        ensure(LAYERS);
        return layers;
    }

    /** The tab, made now if it was not shown yet. */
    public GraphPage graph() {
        ensure(GRAPH);
        return graph;
    }

    /** The tab, made now if it was not shown yet. */
    public WeightsPage weights() {
        ensure(WEIGHTS);
        return weights;
    }

    /** The tab, made now if it was not shown yet. */
    public PruningPage pruning() {
        ensure(PRUNING);
        return pruning;
    }

    /** The tab, made now if it was not shown yet. */
    public ReportPage report() {
        ensure(REPORT);
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
        if (pruning != null) {
            pruning.save(monitor);
        }
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
