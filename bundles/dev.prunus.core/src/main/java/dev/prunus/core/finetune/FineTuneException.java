package dev.prunus.core.finetune;

import dev.prunus.core.PrunusException;

/** Fine-tuning cannot proceed: an operator the float shadow does not model, bad options or records. */
public class FineTuneException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public FineTuneException(String message) {
        super(message);
    }
}
