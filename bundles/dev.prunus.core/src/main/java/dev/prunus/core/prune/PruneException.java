package dev.prunus.core.prune;

import dev.prunus.core.PrunusException;

/** Pruning cannot proceed: bad options, calibration data that does not fit the model, and similar. */
public class PruneException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public PruneException(String message) {
        super(message);
    }
}
