package dev.prunus.core.interp;

import dev.prunus.core.PrunusException;

/**
 * The reference interpreter cannot run a model: an operator outside the supported set, a tensor type or
 * quantization the int8 kernels do not handle, or inconsistent shapes. Thrown by {@link Interpreter#create}
 * before anything runs; the message names the operator index and name, the offending tensor and what is
 * supported.
 */
public class UnsupportedModelException extends PrunusException {

    private static final long serialVersionUID = 1L;

    private final int operatorIndex;
    private final String operatorName;
    private final int tensorIndex;

    public UnsupportedModelException(int operatorIndex, String operatorName, int tensorIndex, String message) {
        super(message);
        this.operatorIndex = operatorIndex;
        this.operatorName = operatorName;
        this.tensorIndex = tensorIndex;
    }

    /** Index of the operator that cannot run, or -1 when the problem is not tied to one operator. */
    public int operatorIndex() {
        return operatorIndex;
    }

    /** Name of that operator (e.g. {@code CONV_2D}), or null. */
    public String operatorName() {
        return operatorName;
    }

    /** Index of the offending tensor, or -1. */
    public int tensorIndex() {
        return tensorIndex;
    }
}
