package dev.prunus.core.quantize;

import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.quantize.floatops.FloatOps;
import dev.prunus.core.quantize.floatops.FloatStep;

/**
 * Float32 reference evaluation of the main graph of a float model, with TFLite's float semantics per operator
 * ({@link FloatOps}). Weights stored as quantized integers (a "hybrid" export) are dequantized once and used as
 * floats. Prepared once; each run copies the inputs in and executes the steps. Not thread-safe.
 */
public final class FloatEvaluator {

    private final Graph graph;
    private final float[][] values;
    private final List<FloatStep> steps = new ArrayList<>();
    private final List<Operator> stepOps = new ArrayList<>();
    private final int[] inputs;
    private final int[] outputs;

    private FloatEvaluator(Graph graph) {
        this.graph = graph;
        this.values = new float[graph.tensors().size()][];
        this.inputs = graph.inputs();
        this.outputs = graph.outputs();
        for (int t : inputs) {
            allocate(graph.tensor(t));
        }
        for (Operator op : graph.operators()) {
            for (int t : op.outputs()) {
                allocate(graph.tensor(t));
            }
            steps.add(FloatOps.prepare(graph, op));
            stepOps.add(op);
        }
    }

    private void allocate(Tensor t) {
        if (values[t.index()] == null) {
            values[t.index()] = new float[t.elementCount()];
        }
    }

    /**
     * Validates and prepares a float model.
     *
     * @throws QuantizeException naming the first operator or tensor that has no float evaluation
     */
    public static FloatEvaluator create(Model model) {
        Graph g = model.main();
        if (g.orderProblem().isPresent()) {
            throw new QuantizeException("the operators are not in an executable order: " + g.orderProblem().get());
        }
        for (int t : g.inputs()) {
            requireFloat(g.tensor(t), "input");
        }
        for (int t : g.outputs()) {
            requireFloat(g.tensor(t), "output");
        }
        return new FloatEvaluator(g);
    }

    /**
     * Whether a model is a float32 model (graph inputs and every operator output FLOAT32), which this evaluator
     * runs; a model with float edges and int8 inside is for the int8 interpreter.
     */
    public static boolean isFloatModel(Model model) {
        Graph g = model.main();
        for (int t : g.inputs()) {
            if (g.tensor(t).type() != TensorType.FLOAT32) {
                return false;
            }
        }
        for (Operator op : g.operators()) {
            for (int t : op.outputs()) {
                if (g.tensor(t).type() != TensorType.FLOAT32) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void requireFloat(Tensor t, String what) {
        if (t.type() != TensorType.FLOAT32) {
            throw new QuantizeException("graph " + what + " " + t + " has type " + t.type()
                    + "; float evaluation needs FLOAT32 graph inputs and outputs");
        }
    }

    public Graph graph() {
        return graph;
    }

    /** Element count of graph input {@code i}. */
    public int inputSize(int i) {
        return graph.tensor(inputs[i]).elementCount();
    }

    /** Runs one sample: one array per graph input; returns one array per graph output (fresh copies). */
    public float[][] run(float[]... inputValues) {
        return run(inputValues, null);
    }

    /** Runs one sample and shows every activation to {@code observer} (may be null). */
    public float[][] run(float[][] inputValues, TensorObserver observer) {
        if (inputValues.length != inputs.length) {
            throw new IllegalArgumentException("the model has " + inputs.length + " inputs, got " + inputValues.length);
        }
        for (int i = 0; i < inputs.length; i++) {
            float[] dst = values[inputs[i]];
            if (inputValues[i].length != dst.length) {
                throw new IllegalArgumentException("input " + i + " (" + graph.tensor(inputs[i]) + ") needs "
                        + dst.length + " values, got " + inputValues[i].length);
            }
            System.arraycopy(inputValues[i], 0, dst, 0, dst.length);
            if (observer != null) {
                observer.observe(inputs[i], dst);
            }
        }
        for (int k = 0; k < steps.size(); k++) {
            steps.get(k).run(values);
            if (observer != null) {
                for (int t : stepOps.get(k).outputs()) {
                    observer.observe(t, values[t]);
                }
            }
        }
        float[][] result = new float[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            result[i] = values[outputs[i]].clone();
        }
        return result;
    }
}
