package dev.prunus.ui.internal.editor;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;

import dev.prunus.core.view.ModelView;

/**
 * Per-layer table: operator, shapes, params, MACs, flash, arena bytes live while it runs, instructions and the
 * kept fraction; sorts by any column, filters by operator type or name, shows totals of what is shown. The kept
 * fraction is the pruned model's when a build produced one.
 */
public class LayersPage {

    private final ModelEditor editor;
    private final Composite root;
    private final Text filter;
    private final TableViewer viewer;
    private final Label totals;
    private ModelData data;
    private int sortColumn = -1;
    private int direction = 1;
    private boolean selecting;

    private record Column(String title, int width, Function<ModelView.Layer, String> text,
            ToDoubleFunction<ModelView.Layer> key) {
    }

    LayersPage(Composite parent, ModelEditor editor) {
        this.editor = editor;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2, false));
        new Label(root, SWT.NONE).setText(EditorMessages.Layers_filter);
        filter = new Text(root, SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        filter.setMessage(EditorMessages.Layers_filterHint);
        filter.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        viewer = new TableViewer(root, SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        List<Column> columns = List.of(
                new Column(EditorMessages.Col_index, 45, l -> Integer.toString(l.index()), l -> l.index()),
                new Column(EditorMessages.Col_operator, 170, ModelView.Layer::type, null),
                new Column(EditorMessages.Col_output, 150, ModelView.Layer::outputShape, null),
                new Column(EditorMessages.Col_weights, 150, ModelView.Layer::weightShape, null),
                new Column(EditorMessages.Col_params, 80, l -> n(l.params()), l -> l.params()),
                new Column(EditorMessages.Col_macs, 100, l -> n(l.macs()), l -> l.macs()),
                new Column(EditorMessages.Col_flash, 80, l -> n(l.flashBytes()), l -> l.flashBytes()),
                new Column(EditorMessages.Col_ram, 80, l -> n(l.ramBytes()), l -> l.ramBytes()),
                new Column(EditorMessages.Col_instrM4, 110, l -> n(l.instructionsM4()), l -> l.instructionsM4()),
                new Column(EditorMessages.Col_kept, 70, this::kept, this::keptFraction),
                new Column(EditorMessages.Col_format, 90, ModelView.Layer::format, null));
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            TableViewerColumn vc = new TableViewerColumn(viewer, c.key() == null ? SWT.LEFT : SWT.RIGHT);
            vc.getColumn().setText(c.title());
            vc.getColumn().setWidth(c.width());
            vc.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return c.text().apply((ModelView.Layer) element);
                }
            });
            int index = i;
            vc.getColumn().addListener(SWT.Selection, e -> sortBy(index));
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setComparator(new ViewerComparator() {
            @Override
            public int compare(Viewer v, Object a, Object b) {
                if (sortColumn < 0) {
                    return Integer.compare(((ModelView.Layer) a).index(), ((ModelView.Layer) b).index());
                }
                Column c = columns.get(sortColumn);
                ModelView.Layer la = (ModelView.Layer) a;
                ModelView.Layer lb = (ModelView.Layer) b;
                int r = c.key() != null ? Double.compare(c.key().applyAsDouble(la), c.key().applyAsDouble(lb))
                        : c.text().apply(la).compareTo(c.text().apply(lb));
                return direction * (r != 0 ? r : Integer.compare(la.index(), lb.index()));
            }
        });
        viewer.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer v, Object parentElement, Object element) {
                String f = filter.getText().strip().toLowerCase(Locale.ROOT);
                ModelView.Layer l = (ModelView.Layer) element;
                return f.isEmpty() || l.type().toLowerCase(Locale.ROOT).contains(f)
                        || l.name().toLowerCase(Locale.ROOT).contains(f) || Integer.toString(l.index()).equals(f);
            }
        });
        filter.addModifyListener(e -> {
            viewer.refresh();
            updateTotals();
        });
        viewer.addSelectionChangedListener(e -> {
            if (!selecting && e.getStructuredSelection().getFirstElement() instanceof ModelView.Layer l) {
                editor.select(l.index(), this);
            }
        });
        totals = new Label(root, SWT.WRAP);
        totals.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        this.columns = columns;
    }

    private final List<Column> columns;

    Control control() {
        return root;
    }

    void show(ModelData d) {
        data = d;
        viewer.setInput(d.view() == null ? new Object[0] : d.view().layers().toArray());
        updateTotals();
    }

    /** Sorts by a column; a second click on the same column reverses the order. */
    public void sortBy(int column) {
        direction = column == sortColumn ? -direction : 1;
        sortColumn = column;
        Table t = viewer.getTable();
        t.setSortColumn(t.getColumn(column));
        t.setSortDirection(direction > 0 ? SWT.UP : SWT.DOWN);
        viewer.refresh();
    }

    void select(int operator) {
        ModelView v = data == null ? null : data.view();
        if (v == null || v.layer(operator) == null) {
            return;
        }
        selecting = true;
        try {
            viewer.setSelection(new StructuredSelection(v.layer(operator)), true);
        } finally {
            selecting = false;
        }
    }

    private double keptFraction(ModelView.Layer l) {
        ModelView.Layer p = prunedLayer(l);
        return (p != null ? p : l).keptFraction();
    }

    private String kept(ModelView.Layer l) {
        return l.weights() == 0 && prunedLayer(l) == null ? ""
                : String.format(Locale.ROOT, "%.0f %%", 100 * keptFraction(l));
    }

    /** The same operator in the pruned model of the last build (operator indices do not change). */
    private ModelView.Layer prunedLayer(ModelView.Layer l) {
        ModelView p = data == null ? null : data.pruned();
        ModelView.Layer pl = p == null ? null : p.layer(l.index());
        return pl != null && pl.type().equals(l.type()) && pl.weights() > 0 ? pl : null;
    }

    private void updateTotals() {
        Object[] shown = filtered();
        long params = 0;
        long macs = 0;
        long flash = 0;
        long weights = 0;
        double kept = 0;
        long peak = 0;
        for (Object o : shown) {
            ModelView.Layer l = (ModelView.Layer) o;
            params += l.params();
            macs += l.macs();
            flash += l.flashBytes();
            peak = Math.max(peak, l.ramBytes());
            if (l.weights() > 0) {
                weights += l.weights();
                kept += keptFraction(l) * l.weights();
            }
        }
        totals.setText(NLS.bind(EditorMessages.Layers_totals, new Object[] { shown.length, n(params), n(macs),
            n(flash), n(peak), weights == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * kept / weights) }));
        root.layout(true, true);
    }

    private Object[] filtered() {
        Object input = viewer.getInput();
        if (!(input instanceof Object[] all)) {
            return new Object[0];
        }
        return java.util.Arrays.stream(all).filter(o -> viewer.getFilters()[0].select(viewer, input, o)).toArray();
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** For tests. */
    public TableViewer viewer() {
        return viewer;
    }

    public Text filterText() {
        return filter;
    }

    public String totalsText() {
        return totals.getText();
    }

    /** The selected operator of this table, or -1. */
    public int selectedOperator() {
        IStructuredSelection s = viewer.getStructuredSelection();
        return s.getFirstElement() instanceof ModelView.Layer l ? l.index() : -1;
    }

    public List<String> columnTitles() {
        return java.util.Arrays.stream(viewer.getTable().getColumns()).map(TableColumn::getText).toList();
    }
}
