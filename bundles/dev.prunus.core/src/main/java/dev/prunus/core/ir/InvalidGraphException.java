package dev.prunus.core.ir;

import dev.prunus.core.PrunusException;

/** A graph or model whose parts do not fit together (dangling tensor index, operator out of order, ...). */
public class InvalidGraphException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public InvalidGraphException(String message) {
        super(message);
    }
}
