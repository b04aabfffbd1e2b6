package dev.prunus.core.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One subgraph: its tensors, its operators in execution order, and its input and output tensor indices.
 * Immutable; construction checks that every index refers to an existing tensor and that list positions match the
 * tensors' and operators' own indices. Producer and consumer look-ups are precomputed.
 */
public final class Graph {

    private final String name;
    private final List<Tensor> tensors;
    private final List<Operator> operators;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] producer;
    private final List<List<Operator>> consumers;

    /**
     * @throws InvalidGraphException when an index is out of range or a list position does not match an index
     */
    public Graph(String name, List<Tensor> tensors, List<Operator> operators, int[] inputs, int[] outputs) {
        this.name = name == null ? "" : name;
        this.tensors = List.copyOf(tensors);
        this.operators = List.copyOf(operators);
        this.inputs = inputs.clone();
        this.outputs = outputs.clone();
        int n = this.tensors.size();
        for (int i = 0; i < n; i++) {
            if (this.tensors.get(i).index() != i) {
                throw new InvalidGraphException("graph '" + this.name + "': tensor at position " + i + " has index "
                        + this.tensors.get(i).index());
            }
        }
        checkIndices(this.inputs, "graph input", false);
        checkIndices(this.outputs, "graph output", false);
        this.producer = new int[n];
        Arrays.fill(producer, -1);
        List<List<Operator>> cons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cons.add(new ArrayList<>(2));
        }
        for (int k = 0; k < this.operators.size(); k++) {
            Operator op = this.operators.get(k);
            if (op.index() != k) {
                throw new InvalidGraphException("graph '" + this.name + "': operator at position " + k + " has index "
                        + op.index());
            }
            String where = "operator " + k + " (" + op.displayName() + ")";
            checkIndices(op.inputs(), where + " input", true);
            checkIndices(op.outputs(), where + " output", false);
            checkIndices(op.intermediates(), where + " intermediate", false);
            for (int t : op.inputs()) {
                if (t >= 0) {
                    List<Operator> c = cons.get(t);
                    if (c.isEmpty() || c.get(c.size() - 1) != op) {
                        c.add(op);
                    }
                }
            }
            for (int t : op.outputs()) {
                if (producer[t] < 0) {
                    producer[t] = k;
                }
            }
        }
        List<List<Operator>> frozen = new ArrayList<>(n);
        for (List<Operator> c : cons) {
            frozen.add(c.isEmpty() ? List.of() : Collections.unmodifiableList(c));
        }
        this.consumers = Collections.unmodifiableList(frozen);
    }

    private void checkIndices(int[] indices, String what, boolean allowAbsent) {
        for (int i = 0; i < indices.length; i++) {
            int t = indices[i];
            if ((t < 0 && !(allowAbsent && t == Operator.ABSENT)) || t >= tensors.size()) {
                throw new InvalidGraphException("graph '" + name + "': " + what + " " + i + " refers to tensor " + t
                        + ", but the graph has " + tensors.size() + " tensors");
            }
        }
    }

    public String name() {
        return name;
    }

    /** All tensors, indexed by tensor index (unmodifiable). */
    public List<Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(int index) {
        return tensors.get(index);
    }

    /** Operators in execution order (unmodifiable). */
    public List<Operator> operators() {
        return operators;
    }

    public Operator operator(int index) {
        return operators.get(index);
    }

    /** Graph input tensor indices (a copy). */
    public int[] inputs() {
        return inputs.clone();
    }

    /** Graph output tensor indices (a copy). */
    public int[] outputs() {
        return outputs.clone();
    }

    public Tensor input(int i) {
        return tensors.get(inputs[i]);
    }

    public Tensor output(int i) {
        return tensors.get(outputs[i]);
    }

    public boolean isGraphInput(int tensorIndex) {
        for (int t : inputs) {
            if (t == tensorIndex) {
                return true;
            }
        }
        return false;
    }

    public boolean isGraphOutput(int tensorIndex) {
        for (int t : outputs) {
            if (t == tensorIndex) {
                return true;
            }
        }
        return false;
    }

    /** The first operator (in execution order) that writes the tensor, if any. */
    public Optional<Operator> producerOf(int tensorIndex) {
        int k = producer[tensorIndex];
        return k < 0 ? Optional.empty() : Optional.of(operators.get(k));
    }

    /** The operators that read the tensor, in execution order, each once (unmodifiable). */
    public List<Operator> consumersOf(int tensorIndex) {
        return consumers.get(tensorIndex);
    }

    /**
     * The first ordering problem, or empty when the operators are in a valid execution order: every input of an
     * operator is a graph input, holds data (constant or variable), is a variable, or is written by an earlier
     * operator; and every graph output is written by some operator or is a graph input.
     */
    public Optional<String> orderProblem() {
        boolean[] ready = new boolean[tensors.size()];
        for (Tensor t : tensors) {
            ready[t.index()] = t.hasData() || t.isVariable();
        }
        for (int t : inputs) {
            ready[t] = true;
        }
        for (Operator op : operators) {
            int[] in = op.inputs();
            for (int i = 0; i < in.length; i++) {
                if (in[i] >= 0 && !ready[in[i]]) {
                    return Optional.of("operator " + op.index() + " (" + op.displayName() + ") reads input " + i + " "
                            + tensors.get(in[i]) + " before any operator writes it");
                }
            }
            for (int t : op.outputs()) {
                ready[t] = true;
            }
        }
        for (int t : outputs) {
            if (!ready[t]) {
                return Optional.of("graph output " + tensors.get(t) + " is never written");
            }
        }
        return Optional.empty();
    }

    public boolean isTopologicallyOrdered() {
        return orderProblem().isEmpty();
    }

    /** @throws InvalidGraphException naming the operator and tensor when the order is not executable */
    public void requireTopologicalOrder() {
        Optional<String> problem = orderProblem();
        if (problem.isPresent()) {
            throw new InvalidGraphException("graph '" + name + "': " + problem.get());
        }
    }

    /** A copy with one tensor replaced (the tensor's index says which). */
    public Graph withTensor(Tensor tensor) {
        List<Tensor> list = new ArrayList<>(tensors);
        list.set(tensor.index(), tensor);
        return new Graph(name, list, operators, inputs, outputs);
    }

    /** A copy with a new tensor list (positions must match indices). */
    public Graph withTensors(List<Tensor> newTensors) {
        return new Graph(name, newTensors, operators, inputs, outputs);
    }

    /** A copy with one operator replaced (the operator's index says which). */
    public Graph withOperator(Operator operator) {
        List<Operator> list = new ArrayList<>(operators);
        list.set(operator.index(), operator);
        return new Graph(name, tensors, list, inputs, outputs);
    }

    /** A copy with a new operator list (positions must match indices). */
    public Graph withOperators(List<Operator> newOperators) {
        return new Graph(name, tensors, newOperators, inputs, outputs);
    }

    public Graph withInputs(int[] newInputs) {
        return new Graph(name, tensors, operators, newInputs, outputs);
    }

    public Graph withOutputs(int[] newOutputs) {
        return new Graph(name, tensors, operators, inputs, newOutputs);
    }

    public Graph withName(String newName) {
        return new Graph(newName, tensors, operators, inputs, outputs);
    }

    /**
     * A copy without the tensors that no operator, graph input or output refers to, with the remaining tensors
     * renumbered in their original order. The mapping (old index to new index, -1 when removed) is written into {@code oldToNew} when that is
     * non-null and at least as long as the tensor list.
     */
    public Graph withoutUnusedTensors(int[] oldToNew) {
        int n = tensors.size();
        boolean[] used = new boolean[n];
        for (int t : inputs) {
            used[t] = true;
        }
        for (int t : outputs) {
            used[t] = true;
        }
        for (Operator op : operators) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    used[t] = true;
                }
            }
            for (int t : op.outputs()) {
                used[t] = true;
            }
            for (int t : op.intermediates()) {
                used[t] = true;
            }
        }
        int[] map = new int[n];
        List<Tensor> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (used[i]) {
                map[i] = kept.size();
                kept.add(tensors.get(i).withIndex(kept.size()));
            } else {
                map[i] = -1;
            }
        }
        List<Operator> ops = new ArrayList<>(operators.size());
        for (Operator op : operators) {
            Operator changed = op.withInputs(remap(op.inputs(), map)).withOutputs(remap(op.outputs(), map));
            if (op.intermediates().length > 0) {
                changed = new Operator(changed.index(), changed.builtinCode(), changed.customCode(), changed.version(),
                        changed.inputs(), changed.outputs(), remap(op.intermediates(), map), changed.options(),
                        changed.customOptions(), changed.mutatingVariableInputs());
            }
            ops.add(changed);
        }
        if (oldToNew != null && oldToNew.length >= n) {
            System.arraycopy(map, 0, oldToNew, 0, n);
        }
        return new Graph(name, kept, ops, remap(inputs, map), remap(outputs, map));
    }

    private static int[] remap(int[] indices, int[] map) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = indices[i] < 0 ? indices[i] : map[indices[i]];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && name.equals(g.name) && tensors.equals(g.tensors) && operators.equals(g.operators)
                && Arrays.equals(inputs, g.inputs) && Arrays.equals(outputs, g.outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tensors, operators, Arrays.hashCode(inputs), Arrays.hashCode(outputs));
    }

    @Override
    public String toString() {
        return "graph '" + name + "' (" + tensors.size() + " tensors, " + operators.size() + " operators)";
    }
}
