package dev.prunus.core.ir;

/** Spatial padding of convolutions and pools, with the TFLite schema codes ({@code enum Padding : byte}). */
public enum Padding {
    SAME(0),
    VALID(1);

    private final int code;

    Padding(int code) {
        this.code = code;
    }

    public int tfliteCode() {
        return code;
    }

    /** @throws IllegalArgumentException naming the code when it is not a schema value */
    public static Padding fromTflite(int code) {
        for (Padding p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown TFLite padding code " + code + " (known: 0 SAME, 1 VALID)");
    }
}
