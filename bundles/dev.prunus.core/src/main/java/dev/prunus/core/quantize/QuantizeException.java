package dev.prunus.core.quantize;

import dev.prunus.core.PrunusException;

/**
 * Post-training quantization or float evaluation cannot proceed: the model is not float, an operator has no float
 * reference or no int8 form, the calibration data does not fit the model. The message names the operator or tensor
 * and says what to change.
 */
public class QuantizeException extends PrunusException {

    private static final long serialVersionUID = 1L;

    public QuantizeException(String message) {
        super(message);
    }

    public QuantizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
