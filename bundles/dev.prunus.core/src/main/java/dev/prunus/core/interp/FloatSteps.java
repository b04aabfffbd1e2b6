package dev.prunus.core.interp;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.floatops.FloatOps;
import dev.prunus.core.quantize.floatops.FloatStep;

/**
 * The float32 operators of a mixed model (a float front end, such as KWT-1's audio features up to its LOG, that enters
 * the int8 graph through QUANTIZE): run with the float evaluator's kernels ({@link FloatOps}), on the interpreter's
 * float buffers. TFLite Micro runs such operators with its float reference kernels; the float results agree with
 * desktop TFLite within the tolerance docs/quantization.md states, not bit for bit.
 */
public final class FloatSteps {

    private FloatSteps() {
    }

    /**
     * Whether a graph is a mixed model: a QUANTIZE reads a FLOAT32 result of an operator (a float front end). Only
     * such graphs get float steps; a model that is float throughout is for {@code quantize.FloatEvaluator}.
     */
    public static boolean hasFloatFrontEnd(Graph g) {
        for (Operator op : g.operators()) {
            if (op.type() == OpType.QUANTIZE && op.inputCount() > 0 && op.inputIndex(0) >= 0
                    && g.tensor(op.inputIndex(0)).type() == TensorType.FLOAT32
                    && g.producerOf(op.inputIndex(0)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an operator is a float step: it has a float kernel, writes FLOAT32 and reads only FLOAT32 activations.
     * QUANTIZE and DEQUANTIZE, which change type, stay with the int8 catalogue.
     */
    public static boolean isFloatStep(Graph g, Operator op) {
        if (op.type() == OpType.QUANTIZE || op.type() == OpType.DEQUANTIZE || !FloatOps.SUPPORTED.contains(op.type())
                || op.outputCount() == 0) {
            return false;
        }
        for (int t : op.outputs()) {
            if (g.tensor(t).type() != TensorType.FLOAT32) {
                return false;
            }
        }
        for (int t : op.inputs()) {
            if (t >= 0 && !g.tensor(t).isConstant() && g.tensor(t).type() != TensorType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /**
     * Prepares a float step over {@code views}, the interpreter's per-tensor float buffers (filled here for the
     * operator's activations).
     *
     * @param buffers gives a tensor's buffer (a float[] for FLOAT32 tensors)
     */
    static Runnable prepare(Graph g, Operator op, float[][] views, java.util.function.IntFunction<Object> buffers) {
        FloatStep step = FloatOps.prepare(g, op);
        for (int[] list : new int[][] {op.inputs(), op.outputs()}) {
            for (int t : list) {
                Tensor tensor = t < 0 ? null : g.tensor(t);
                if (tensor != null && !tensor.isConstant()) {
                    views[t] = (float[]) buffers.apply(t);
                }
            }
        }
        return () -> step.run(views);
    }
}
