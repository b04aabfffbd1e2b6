package dev.prunus.core.quantize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.quantize.floatops.FloatOps;

/**
 * The operators a quantized model keeps in float32: every operator without an int8 form (KWT-1's LOG, which TFLite
 * Micro has no int8 kernel for) and everything that computes its inputs, so that the float part is a front end whose
 * outputs enter the int8 part through QUANTIZE, as converters leave such models. An operator without an int8 form
 * that reads an int8 result (it would need a DEQUANTIZE inside the graph) is refused.
 */
final class FloatFrontEnd {

    /** Per operator index, whether it stays float. */
    final boolean[] floatOp;
    /** Per tensor index, whether it stays float32 (graph inputs read by the front end, front-end outputs). */
    final boolean[] floatTensor;
    /** Operators kept float. */
    final int count;

    private FloatFrontEnd(boolean[] floatOp, boolean[] floatTensor, int count) {
        this.floatOp = floatOp;
        this.floatTensor = floatTensor;
        this.count = count;
    }

    /**
     * @throws QuantizeException when an operator without an int8 form has no float kernel either, or reads a value
     *                           computed by an operator that is quantized
     */
    static FloatFrontEnd of(Graph g) {
        boolean[] floatOp = new boolean[g.operators().size()];
        Deque<Operator> work = new ArrayDeque<>();
        Map<String, int[]> neither = new LinkedHashMap<>();
        for (Operator op : g.operators()) {
            if (OutputRule.of(op.type()) == null) {
                if (!FloatOps.SUPPORTED.contains(op.type())) {
                    neither.computeIfAbsent(op.displayName(), k -> new int[] {op.index(), 0})[1]++;
                }
                floatOp[op.index()] = true;
                work.add(op);
            }
        }
        if (!neither.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            neither.forEach((name, at) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(" (")
                    .append(at[1] == 1 ? "operator " + at[0] : at[1] + " operators, first " + at[0]).append(')'));
            throw new QuantizeException("the model has operators without an int8 form in Prunus: " + sb
                    + "; nor a float kernel to keep them float32. Int8: " + PostTrainingQuantizer.supportedList()
                    + "; float: " + FloatOps.supportedList());
        }
        int roots = work.size();
        // Everything upstream of a float-only operator stays float too.
        while (!work.isEmpty()) {
            Operator op = work.poll();
            for (int t : op.inputs()) {
                if (t < 0) {
                    continue;
                }
                g.producerOf(t).ifPresent(p -> {
                    if (!floatOp[p.index()]) {
                        floatOp[p.index()] = true;
                        work.add(p);
                    }
                });
            }
        }
        boolean[] floatTensor = new boolean[g.tensors().size()];
        int count = 0;
        for (Operator op : g.operators()) {
            if (!floatOp[op.index()]) {
                continue;
            }
            count++;
            for (int t : op.outputs()) {
                floatTensor[t] = true;
                if (g.isGraphOutput(t) && roots > 0) {
                    throw new QuantizeException("operator " + op.index() + " (" + op.displayName() + ") writes the "
                            + "graph output " + g.tensor(t) + " in float32: its part of the model has no int8 form"
                            + " and nothing after it could be quantized");
                }
            }
            for (int t : op.inputs()) {
                if (t >= 0 && g.isGraphInput(t)) {
                    floatTensor[t] = true;
                }
            }
        }
        return new FloatFrontEnd(floatOp, floatTensor, count);
    }
}
