package dev.prunus.ui.internal.editor;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

import dev.prunus.core.view.ModelView;

/** The Outline of a model: its operators in execution order; selecting one selects it in the editor's tabs. */
class ModelOutline extends ContentOutlinePage {

    private final ModelEditor editor;
    private boolean selecting;

    ModelOutline(ModelEditor editor) {
        this.editor = editor;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ArrayContentProvider.getInstance().getElements(input);
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                return new Object[0];
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return false;
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                ModelView.Layer l = (ModelView.Layer) element;
                return l.index() + "  " + l.type() + "  " + l.outputShape();
            }
        });
        viewer.addSelectionChangedListener(e -> {
            if (!selecting && e.getStructuredSelection().getFirstElement() instanceof ModelView.Layer l) {
                editor.select(l.index(), this);
            }
        });
        if (editor.data() != null) {
            show(editor.data());
        }
    }

    void show(ModelData d) {
        if (getTreeViewer() == null || getTreeViewer().getControl().isDisposed()) {
            return;
        }
        getTreeViewer().setInput(d.view() == null ? new Object[0] : d.view().layers().toArray());
    }

    void select(int operator) {
        ModelData d = editor.data();
        if (getTreeViewer() == null || d == null || d.view() == null || d.view().layer(operator) == null) {
            return;
        }
        selecting = true;
        try {
            getTreeViewer().setSelection(new StructuredSelection(d.view().layer(operator)), true);
        } finally {
            selecting = false;
        }
    }
}
