package dev.prunus.core.pack;

import dev.prunus.core.PrunusException;

/** A layer cannot be packed or planned as asked (unknown target core, a weight layout the formats do not cover). */
public class PackException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public PackException(String message) {
        super(message);
    }
}
