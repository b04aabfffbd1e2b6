package dev.prunus.core.progress;

import dev.prunus.core.PrunusException;

/** The user canceled; nothing was written. */
public class CanceledException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public CanceledException() {
        super("canceled");
    }
}
