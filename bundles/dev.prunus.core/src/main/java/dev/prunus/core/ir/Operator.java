package dev.prunus.core.ir;

import java.util.Arrays;
import java.util.Objects;

/**
 * One operator of a {@link Graph}, in execution order. Inputs and outputs are tensor indices of the graph; an
 * input of -1 marks an optional input that is absent. Immutable; {@code with...} methods return changed copies.
 */
public final class Operator {

    /** Index of an absent optional input. */
    public static final int ABSENT = -1;

    private final int index;
    private final OpType type;
    private final int builtinCode;
    private final String customCode;
    private final int version;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] intermediates;
    private final OpOptions options;
    private final byte[] customOptions;
    private final boolean[] mutatingVariableInputs;

    /**
     * @param index                  position in the graph's operator list (= execution order)
     * @param builtinCode            the effective {@code BuiltinOperator} code (kept raw for unknown operators)
     * @param customCode             custom operator name, or null for builtins
     * @param version                operator version from the operator code table (1 when unset)
     * @param inputs                 input tensor indices, -1 for an absent optional input
     * @param outputs                output tensor indices
     * @param intermediates          internal tensors of the operator (quantized LSTM), may be empty
     * @param options                builtin options, {@link OpOptions.NoOptions#INSTANCE} when none
     * @param customOptions          custom options bytes (flexbuffer) or null
     * @param mutatingVariableInputs the file's per-input mutation flags, empty when absent
     */
    public Operator(int index, int builtinCode, String customCode, int version, int[] inputs, int[] outputs,
            int[] intermediates, OpOptions options, byte[] customOptions, boolean[] mutatingVariableInputs) {
        if (index < 0) {
            throw new IllegalArgumentException("operator index must not be negative, was " + index);
        }
        this.index = index;
        this.builtinCode = builtinCode;
        this.type = OpType.fromBuiltin(builtinCode);
        this.customCode = customCode;
        this.version = version;
        this.inputs = Objects.requireNonNull(inputs, "inputs").clone();
        this.outputs = Objects.requireNonNull(outputs, "outputs").clone();
        this.intermediates = intermediates == null ? new int[0] : intermediates.clone();
        this.options = options == null ? OpOptions.NoOptions.INSTANCE : options;
        this.customOptions = customOptions == null ? null : customOptions.clone();
        this.mutatingVariableInputs = mutatingVariableInputs == null ? new boolean[0] : mutatingVariableInputs.clone();
    }

    /** A builtin operator of version 1 without custom data (convenience for building graphs). */
    public Operator(int index, OpType type, int[] inputs, int[] outputs, OpOptions options) {
        this(index, requireKnown(type), null, 1, inputs, outputs, null, options, null, null);
    }

    private static int requireKnown(OpType type) {
        if (type == OpType.UNKNOWN) {
            throw new IllegalArgumentException("OpType.UNKNOWN has no builtin code: use the raw-code constructor");
        }
        return type.builtinCode();
    }

    public int index() {
        return index;
    }

    public OpType type() {
        return type;
    }

    /** The effective builtin code (the larger of the file's builtin_code and deprecated_builtin_code). */
    public int builtinCode() {
        return builtinCode;
    }

    /** Custom operator name, or null. */
    public String customCode() {
        return customCode;
    }

    /** Operator version from the operator code table. */
    public int version() {
        return version;
    }

    /** Input tensor indices (a copy); -1 marks an absent optional input. */
    public int[] inputs() {
        return inputs.clone();
    }

    public int inputCount() {
        return inputs.length;
    }

    /** Tensor index of input {@code i}, or -1 when absent or beyond the list. */
    public int inputIndex(int i) {
        return i < inputs.length ? inputs[i] : ABSENT;
    }

    /** Output tensor indices (a copy). */
    public int[] outputs() {
        return outputs.clone();
    }

    public int outputCount() {
        return outputs.length;
    }

    public int outputIndex(int i) {
        return outputs[i];
    }

    /** Intermediate tensor indices (a copy), empty for most operators. */
    public int[] intermediates() {
        return intermediates.clone();
    }

    public OpOptions options() {
        return options;
    }

    /** The options cast to the expected record type; a mismatch names the operator. */
    public <T extends OpOptions> T options(Class<T> expected) {
        if (!expected.isInstance(options)) {
            throw new IllegalStateException("operator " + index + " (" + displayName() + ") has options "
                    + options.getClass().getSimpleName() + ", expected " + expected.getSimpleName());
        }
        return expected.cast(options);
    }

    /** Custom options bytes (a copy), or null. */
    public byte[] customOptions() {
        return customOptions == null ? null : customOptions.clone();
    }

    /** The file's mutating_variable_inputs flags (a copy), empty when absent. */
    public boolean[] mutatingVariableInputs() {
        return mutatingVariableInputs.clone();
    }

    /** Input {@code i} as a tensor of {@code graph}, or null when the optional input is absent. */
    public Tensor input(Graph graph, int i) {
        int t = inputIndex(i);
        return t < 0 ? null : graph.tensor(t);
    }

    /** Output {@code i} as a tensor of {@code graph}. */
    public Tensor output(Graph graph, int i) {
        return graph.tensor(outputs[i]);
    }

    /** Operator name for messages: the builtin name, the custom code, or "builtin #code". */
    public String displayName() {
        if (customCode != null) {
            return type == OpType.CUSTOM ? "CUSTOM '" + customCode + "'" : customCode;
        }
        return type == OpType.UNKNOWN ? "builtin #" + builtinCode : type.name();
    }

    public Operator withIndex(int newIndex) {
        return new Operator(newIndex, builtinCode, customCode, version, inputs, outputs, intermediates, options,
                customOptions, mutatingVariableInputs);
    }

    public Operator withInputs(int[] newInputs) {
        boolean[] mutating = mutatingVariableInputs.length == newInputs.length ? mutatingVariableInputs : null;
        return new Operator(index, builtinCode, customCode, version, newInputs, outputs, intermediates, options,
                customOptions, mutating);
    }

    public Operator withOutputs(int[] newOutputs) {
        return new Operator(index, builtinCode, customCode, version, inputs, newOutputs, intermediates, options,
                customOptions, mutatingVariableInputs);
    }

    public Operator withOptions(OpOptions newOptions) {
        return new Operator(index, builtinCode, customCode, version, inputs, outputs, intermediates, newOptions,
                customOptions, mutatingVariableInputs);
    }

    public Operator withVersion(int newVersion) {
        return new Operator(index, builtinCode, customCode, newVersion, inputs, outputs, intermediates, options,
                customOptions, mutatingVariableInputs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operator p && index == p.index && builtinCode == p.builtinCode && version == p.version
                && Objects.equals(customCode, p.customCode) && Arrays.equals(inputs, p.inputs)
                && Arrays.equals(outputs, p.outputs) && Arrays.equals(intermediates, p.intermediates)
                && options.equals(p.options) && Arrays.equals(customOptions, p.customOptions)
                && Arrays.equals(mutatingVariableInputs, p.mutatingVariableInputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, builtinCode, version, customCode, Arrays.hashCode(inputs), Arrays.hashCode(outputs),
                options);
    }

    @Override
    public String toString() {
        return "operator " + index + " " + displayName() + " in=" + Arrays.toString(inputs) + " out="
                + Arrays.toString(outputs);
    }
}
