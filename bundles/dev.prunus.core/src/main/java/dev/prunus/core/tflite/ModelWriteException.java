package dev.prunus.core.tflite;

import dev.prunus.core.PrunusException;

/** The model holds something the writer cannot reproduce in a TFLite file (named in the message). */
public class ModelWriteException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public ModelWriteException(String message) {
        super(message);
    }
}
