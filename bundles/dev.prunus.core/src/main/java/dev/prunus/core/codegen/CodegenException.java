package dev.prunus.core.codegen;

import dev.prunus.core.PrunusException;

/**
 * The model cannot be turned into C: an operator without a C kernel, a tensor type or shape the runtime does not
 * cover. {@link #operatorIndex()} is -1 when the problem is not tied to one operator.
 */
public class CodegenException extends PrunusException {

    private static final long serialVersionUID = 1L;

    private final int operatorIndex;

    public CodegenException(int operatorIndex, String message) {
        super(message);
        this.operatorIndex = operatorIndex;
    }

    public int operatorIndex() {
        return operatorIndex;
    }
}
