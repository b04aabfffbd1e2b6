package dev.prunus.ui.internal.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.prunus.core.ir.Model;
import dev.prunus.core.view.ModelView;
import dev.prunus.core.view.WeightMap;
import dev.prunus.ui.internal.charts.HeatMap;

/**
 * Per layer, a heat map of unit importance (mean |weight|) with the kept/removed mask: of the pruned model of
 * the last build when there is one, else of this model.
 */
public class WeightsPage {

    private final ModelEditor editor;
    private final Composite root;
    private final Combo layer;
    private final Label caption;
    private final HeatMap heat;
    private final List<Integer> operators = new ArrayList<>();
    private ModelData data;

    WeightsPage(Composite parent, ModelEditor editor) {
        this.editor = editor;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(2, false));
        new Label(root, SWT.NONE).setText(EditorMessages.Weights_layer);
        layer = new Combo(root, SWT.READ_ONLY);
        layer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        layer.addListener(SWT.Selection, e -> {
            int i = layer.getSelectionIndex();
            if (i >= 0) {
                showLayer(operators.get(i));
                editor.select(operators.get(i), this);
            }
        });
        caption = new Label(root, SWT.WRAP);
        caption.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        heat = new HeatMap(root);
        heat.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
    }

    Control control() {
        return root;
    }

    void show(ModelData d) {
        data = d;
        operators.clear();
        layer.removeAll();
        if (d.view() != null) {
            for (ModelView.Layer l : d.view().layers()) {
                if (l.weights() > 0) {
                    operators.add(l.index());
                    layer.add(l.index() + " " + l.type() + " " + l.weightShape());
                }
            }
        }
        if (!operators.isEmpty()) {
            int at = Math.max(0, operators.indexOf(editor.selectedOperator()));
            layer.select(at);
            showLayer(operators.get(at));
        } else {
            heat.setMap(null);
            caption.setText(EditorMessages.Weights_none);
        }
        root.layout(true, true);
    }

    void select(int operator) {
        int i = operators.indexOf(operator);
        if (i >= 0 && data != null) {
            layer.select(i);
            showLayer(operator);
        }
    }

    private void showLayer(int operator) {
        boolean pruned = data.prunedModel() != null;
        Model m = pruned ? data.prunedModel() : data.model();
        WeightMap map = WeightMap.of(m.main(), operator);
        heat.setMap(map);
        caption.setText(map == null ? EditorMessages.Weights_none
                : NLS.bind(EditorMessages.Weights_caption, new Object[] { operator, map.rows(), map.cols(), map.unit(),
                    String.format(Locale.ROOT, "%.0f", 100 * map.keptFraction()),
                    pruned ? EditorMessages.Weights_ofPruned : EditorMessages.Weights_ofThis }));
        root.layout(true, true);
    }

    /** For tests. */
    public HeatMap heatMap() {
        return heat;
    }

    public String captionText() {
        return caption.getText();
    }

    public Combo layerCombo() {
        return layer;
    }
}
