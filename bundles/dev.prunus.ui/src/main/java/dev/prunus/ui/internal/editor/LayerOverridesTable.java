package dev.prunus.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.EditingSupport;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;

import dev.prunus.core.view.LayerFields;
import dev.prunus.core.view.ModelView;

/**
 * The Pruning form's per-operator overrides as an editable table: one row per operator pruning can act on, its
 * method (empty: the file's method) and its fraction to remove (empty: what the method or budget decides). Holds
 * texts only; the core's {@link LayerFields} checks them and turns them into settings.
 */
class LayerOverridesTable {

    /** One row: the operator's description and its override texts. */
    private static final class Entry {
        final int operator;
        final String type;
        final long weights;
        String method = "";
        String ratio = "";

        Entry(int operator, String type, long weights) {
            this.operator = operator;
            this.type = type;
            this.weights = weights;
        }
    }

    private final TableViewer viewer;
    private final Runnable changed;
    private final List<Entry> entries = new ArrayList<>();

    /** {@code selected} hears the operator of a row the user selects (the editor shares it with the other tabs). */
    LayerOverridesTable(Composite parent, Runnable changed, java.util.function.IntConsumer selected) {
        this.changed = changed;
        viewer = new TableViewer(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.heightHint = 160;
        table.setLayoutData(gd);
        column(EditorMessages.Col_index, 50, e -> Integer.toString(e.operator));
        column(EditorMessages.Col_operator, 160, e -> e.type);
        column(EditorMessages.Col_weights, 90, e -> String.format(Locale.ROOT, "%,d", e.weights));
        TableViewerColumn method = column(EditorMessages.Pruning_layerMethod, 170,
                e -> e.method.isEmpty() ? EditorMessages.Pruning_fileMethod : e.method);
        method.setEditingSupport(new MethodEditing());
        TableViewerColumn ratio = column(EditorMessages.Pruning_layerRatio, 130, e -> e.ratio);
        ratio.setEditingSupport(new RatioEditing());
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(entries);
        viewer.addSelectionChangedListener(e -> {
            if (e.getStructuredSelection().getFirstElement() instanceof Entry entry) {
                selected.accept(entry.operator);
            }
        });
    }

    private TableViewerColumn column(String title, int width, java.util.function.Function<Entry, String> text) {
        TableViewerColumn c = new TableViewerColumn(viewer, SWT.LEFT);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Entry) element);
            }
        });
        return c;
    }

    /** Shows the operators of a model and the overrides of a settings file (no change is reported). */
    void show(ModelView view, List<Integer> operators, Map<Integer, LayerFields.Row> rows) {
        entries.clear();
        for (int op : operators) {
            ModelView.Layer l = view == null ? null : view.layer(op);
            Entry e = new Entry(op, l == null ? "?" : l.type(), l == null ? 0 : l.weights());
            entries.add(e);
        }
        set(rows);
    }

    /** Sets the override texts of the rows shown (for undo and reloads; no change is reported). */
    void set(Map<Integer, LayerFields.Row> rows) {
        for (Entry e : entries) {
            LayerFields.Row r = rows.get(e.operator);
            e.method = r == null ? "" : r.method();
            e.ratio = r == null ? "" : r.ratio();
        }
        viewer.refresh();
    }

    /** The overrides as they are now: the rows that override something, by operator. */
    Map<Integer, LayerFields.Row> rows() {
        Map<Integer, LayerFields.Row> rows = new TreeMap<>();
        for (Entry e : entries) {
            LayerFields.Row r = new LayerFields.Row(e.operator, e.method, e.ratio);
            if (!r.isEmpty()) {
                rows.put(e.operator, r);
            }
        }
        return rows;
    }

    /** Edits one row as the cell editors do; false when the operator is not listed. */
    boolean edit(int operator, String method, String ratio) {
        for (Entry e : entries) {
            if (e.operator == operator) {
                e.method = method;
                e.ratio = ratio;
                viewer.update(e, null);
                changed.run();
                return true;
            }
        }
        return false;
    }

    /** Selects a row as a click does (the selection is reported). */
    void select(int row) {
        viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(entries.get(row)), true);
    }

    void setEnabled(boolean enabled) {
        viewer.getTable().setEnabled(enabled);
    }

    Table table() {
        return viewer.getTable();
    }

    private final class MethodEditing extends EditingSupport {
        private final ComboBoxCellEditor editor;

        MethodEditing() {
            super(viewer);
            String[] items = LayerFields.METHODS.stream().map(m -> m.isEmpty() ? EditorMessages.Pruning_fileMethod : m)
                    .toArray(String[]::new);
            editor = new ComboBoxCellEditor(viewer.getTable(), items, SWT.READ_ONLY);
        }

        @Override
        protected CellEditor getCellEditor(Object element) {
            return editor;
        }

        @Override
        protected boolean canEdit(Object element) {
            return true;
        }

        @Override
        protected Object getValue(Object element) {
            return Math.max(0, LayerFields.METHODS.indexOf(((Entry) element).method));
        }

        @Override
        protected void setValue(Object element, Object value) {
            int i = (Integer) value;
            Entry e = (Entry) element;
            if (i >= 0 && i < LayerFields.METHODS.size() && !LayerFields.METHODS.get(i).equals(e.method)) {
                edit(e.operator, LayerFields.METHODS.get(i), e.ratio);
            }
        }
    }

    private final class RatioEditing extends EditingSupport {
        private final TextCellEditor editor = new TextCellEditor(viewer.getTable());

        RatioEditing() {
            super(viewer);
        }

        @Override
        protected CellEditor getCellEditor(Object element) {
            return editor;
        }

        @Override
        protected boolean canEdit(Object element) {
            return true;
        }

        @Override
        protected Object getValue(Object element) {
            return ((Entry) element).ratio;
        }

        @Override
        protected void setValue(Object element, Object value) {
            Entry e = (Entry) element;
            String text = String.valueOf(value).strip();
            if (!text.equals(e.ratio)) {
                edit(e.operator, e.method, text);
            }
        }
    }
}
