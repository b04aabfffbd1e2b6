package dev.prunus.core.train;

import dev.prunus.core.PrunusException;

/** Training cannot start or go on: an operator the engine does not model, mismatching data, bad options. */
public class TrainingException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public TrainingException(String message) {
        super(message);
    }
}
