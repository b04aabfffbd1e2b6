package dev.prunus.ui.internal.editor;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;

import dev.prunus.core.view.GraphLayout;
import dev.prunus.core.view.ModelView;

/**
 * The operator graph as boxes and edges (core {@link GraphLayout}), coloured by cost (share of the model's
 * instructions) or by the kept fraction of the pruned model. Mouse wheel zooms, dragging pans, a click selects.
 */
public class GraphPage {

    private final ModelEditor editor;
    private final Composite root;
    private final Combo colouring;
    private final Canvas canvas;
    private ModelData data;
    private GraphLayout layout;
    private double zoom = 1;
    private int panX;
    private int panY;
    private int dragX = -1;
    private int dragY;
    private boolean dragged;
    private int selected = -1;

    GraphPage(Composite parent, ModelEditor editor) {
        this.editor = editor;
        root = new Composite(parent, SWT.NONE);
        root.setLayout(new GridLayout(3, false));
        new Label(root, SWT.NONE).setText(EditorMessages.Graph_colour);
        colouring = new Combo(root, SWT.READ_ONLY);
        colouring.setItems(EditorMessages.Graph_byCost, EditorMessages.Graph_byKept);
        colouring.select(0);
        colouring.addListener(SWT.Selection, e -> redraw());
        Label hint = new Label(root, SWT.NONE);
        hint.setText(EditorMessages.Graph_hint);
        canvas = new Canvas(root, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.MouseVerticalWheel, e -> zoomBy(e.count > 0 ? 1.2 : 1 / 1.2));
        canvas.addListener(SWT.MouseDown, e -> {
            dragX = e.x;
            dragY = e.y;
            dragged = false;
        });
        canvas.addListener(SWT.MouseMove, e -> {
            if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0) {
                panX += e.x - dragX;
                panY += e.y - dragY;
                dragged |= Math.abs(e.x - dragX) + Math.abs(e.y - dragY) > 0;
                dragX = e.x;
                dragY = e.y;
                canvas.redraw();
            }
        });
        canvas.addListener(SWT.MouseUp, e -> {
            if (!dragged && layout != null) {
                int op = layout.operatorAt((int) ((e.x - panX) / zoom), (int) ((e.y - panY) / zoom));
                if (op >= 0) {
                    selected = op;
                    canvas.redraw();
                    editor.select(op, this);
                }
            }
            dragX = -1;
        });
    }

    Control control() {
        return root;
    }

    void show(ModelData d) {
        data = d;
        layout = d.layout();
        canvas.redraw();
    }

    /** Zooms by a factor, between 0.1 and 4. */
    public void zoomBy(double factor) {
        zoom = Math.max(0.1, Math.min(4, zoom * factor));
        canvas.redraw();
    }

    /** Moves the drawing by a number of pixels. */
    public void panBy(int dx, int dy) {
        panX += dx;
        panY += dy;
        canvas.redraw();
    }

    void select(int operator) {
        selected = operator;
        if (layout != null && operator >= 0 && operator < layout.nodes().size()) {
            // Bring the box into view.
            GraphLayout.Node n = layout.nodes().get(operator);
            int cx = (int) (n.x() * zoom) + panX;
            int cy = (int) (n.y() * zoom) + panY;
            var area = canvas.getClientArea();
            if (area.height > 0 && area.width > 0 && (cy < 0 || cy > area.height - 40 || cx < 0 || cx > area.width - 40)) {
                panX -= cx - area.width / 3;
                panY -= cy - area.height / 3;
            }
        }
        canvas.redraw();
    }

    /** Fill of a box: white to red by the share (0..1) of the model's instructions, or red to green by kept. */
    static RGB fill(boolean byKept, double value) {
        double v = Math.max(0, Math.min(1, value));
        if (byKept) {
            return new RGB((int) (230 - 130 * v), (int) (120 + 100 * v), 110);
        }
        return new RGB(255, (int) (255 - 170 * v), (int) (255 - 200 * v));
    }

    private void paint(GC gc) {
        if (layout == null || data == null || data.view() == null) {
            return;
        }
        Transform t = new Transform(gc.getDevice());
        t.translate(panX, panY);
        t.scale((float) zoom, (float) zoom);
        gc.setTransform(t);
        gc.setAntialias(SWT.ON);
        ModelView v = data.view();
        ModelView p = data.pruned();
        boolean byKept = colouring.getSelectionIndex() == 1;
        long maxInstr = 1;
        for (ModelView.Layer l : v.layers()) {
            maxInstr = Math.max(maxInstr, l.instructionsM4());
        }
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_DARK_GRAY));
        for (GraphLayout.Edge e : layout.edges()) {
            GraphLayout.Node a = layout.nodes().get(e.from());
            GraphLayout.Node b = layout.nodes().get(e.to());
            int x1 = a.x() + GraphLayout.BOX_W / 2;
            int y1 = a.y() + GraphLayout.BOX_H;
            int x2 = b.x() + GraphLayout.BOX_W / 2;
            int y2 = b.y();
            gc.drawLine(x1, y1, x2, y2);
            gc.drawLine(x2, y2, x2 - 4, y2 - 6);
            gc.drawLine(x2, y2, x2 + 4, y2 - 6);
        }
        for (GraphLayout.Node n : layout.nodes()) {
            ModelView.Layer l = v.layer(n.operator());
            ModelView.Layer pl = p == null ? null : p.layer(n.operator());
            double value = byKept ? (pl != null ? pl : l).keptFraction() : (double) l.instructionsM4() / maxInstr;
            Color c = new Color(gc.getDevice(), fill(byKept, value));
            gc.setBackground(c);
            gc.fillRoundRectangle(n.x(), n.y(), GraphLayout.BOX_W, GraphLayout.BOX_H, 8, 8);
            c.dispose();
            gc.setForeground(gc.getDevice().getSystemColor(n.operator() == selected ? SWT.COLOR_BLUE
                    : SWT.COLOR_BLACK));
            gc.setLineWidth(n.operator() == selected ? 3 : 1);
            gc.drawRoundRectangle(n.x(), n.y(), GraphLayout.BOX_W, GraphLayout.BOX_H, 8, 8);
            gc.setLineWidth(1);
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
            gc.drawString(n.operator() + " " + l.type(), n.x() + 6, n.y() + 3, true);
            String detail = byKept ? String.format(Locale.ROOT, "%.0f %% kept", 100 * value)
                    : String.format(Locale.ROOT, "%,d instr.", l.instructionsM4());
            gc.drawString(detail, n.x() + 6, n.y() + 18, true);
        }
        gc.setTransform(null);
        t.dispose();
    }

    private void redraw() {
        canvas.redraw();
    }

    /** For tests. */
    public GraphLayout layout() {
        return layout;
    }

    public double zoom() {
        return zoom;
    }

    public Combo colouring() {
        return colouring;
    }

    public Canvas canvas() {
        return canvas;
    }

    public int selected() {
        return selected;
    }
}
