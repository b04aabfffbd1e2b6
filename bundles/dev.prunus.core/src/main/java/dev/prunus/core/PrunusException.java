package dev.prunus.core;

/**
 * Base of every error that Prunus' core reports on purpose (malformed models, unsupported operators, budgets that
 * cannot be met, ...). Unchecked, so that pipeline stages can pass it through lambdas; each subclass carries a
 * message that names what is wrong and where (operator index and name, tensor, byte offset).
 */
public class PrunusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PrunusException(String message) {
        super(message);
    }

    public PrunusException(String message, Throwable cause) {
        super(message, cause);
    }
}
