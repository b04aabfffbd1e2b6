package dev.prunus.core.ir;

/** Fused activation function, with the TFLite schema codes ({@code enum ActivationFunctionType : byte}). */
public enum Activation {
    NONE(0),
    RELU(1),
    RELU_N1_TO_1(2),
    RELU6(3),
    TANH(4),
    SIGN_BIT(5);

    private final int code;

    Activation(int code) {
        this.code = code;
    }

    public int tfliteCode() {
        return code;
    }

    /** @throws IllegalArgumentException naming the code when it is not a schema value */
    public static Activation fromTflite(int code) {
        for (Activation a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown TFLite fused activation code " + code + " (known: 0..5)");
    }
}
