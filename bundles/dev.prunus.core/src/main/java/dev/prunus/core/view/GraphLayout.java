package dev.prunus.core.view;

import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Operator;

/**
 * A layered drawing of the operator graph, small enough to keep here rather than pull a layout library into both
 * target platforms: each operator goes one layer below the deepest operator it reads from (longest path), the
 * operators of a layer side by side in execution order, centred; an edge joins a producer to each consumer.
 * Coordinates are in abstract units (a box is {@link #BOX_W} x {@link #BOX_H}); the view scales and pans them.
 */
public record GraphLayout(List<Node> nodes, List<Edge> edges, int width, int height) {

    public static final int BOX_W = 160;
    public static final int BOX_H = 36;
    public static final int GAP_X = 30;
    public static final int GAP_Y = 28;

    /** An operator's box: top-left corner. */
    public record Node(int operator, int layer, int x, int y) {
        public boolean contains(int px, int py) {
            return px >= x && px < x + BOX_W && py >= y && py < y + BOX_H;
        }
    }

    /** A tensor flowing from one operator to another. */
    public record Edge(int from, int to) {
    }

    public GraphLayout {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public static GraphLayout of(Graph g) {
        int n = g.operators().size();
        int[] layer = new int[n];
        List<Edge> edges = new ArrayList<>();
        for (Operator op : g.operators()) {
            int l = 0;
            for (int t : op.inputs()) {
                if (t < 0) {
                    continue;
                }
                var producer = g.producerOf(t);
                if (producer.isPresent() && producer.get().index() < op.index()) {
                    l = Math.max(l, layer[producer.get().index()] + 1);
                    Edge e = new Edge(producer.get().index(), op.index());
                    if (!edges.contains(e)) {
                        edges.add(e);
                    }
                }
            }
            layer[op.index()] = l;
        }
        int layers = 0;
        for (int l : layer) {
            layers = Math.max(layers, l + 1);
        }
        int[] count = new int[layers];
        for (int l : layer) {
            count[l]++;
        }
        int widest = 0;
        for (int c : count) {
            widest = Math.max(widest, c);
        }
        int width = widest * (BOX_W + GAP_X) + GAP_X;
        int[] placed = new int[layers];
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int l = layer[i];
            int rowWidth = count[l] * (BOX_W + GAP_X) - GAP_X;
            int x = (width - rowWidth) / 2 + placed[l]++ * (BOX_W + GAP_X);
            nodes.add(new Node(i, l, x, GAP_Y + l * (BOX_H + GAP_Y)));
        }
        return new GraphLayout(nodes, edges, width, layers * (BOX_H + GAP_Y) + GAP_Y);
    }

    /** The operator whose box holds a point, or -1. */
    public int operatorAt(int x, int y) {
        for (Node node : nodes) {
            if (node.contains(x, y)) {
                return node.operator();
            }
        }
        return -1;
    }
}
