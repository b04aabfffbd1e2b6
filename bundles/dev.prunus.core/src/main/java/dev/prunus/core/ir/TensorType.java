package dev.prunus.core.ir;

/** Element type of a tensor, with the code used by the TFLite schema ({@code enum TensorType : byte}). */
public enum TensorType {
    FLOAT32(0, 4),
    FLOAT16(1, 2),
    INT32(2, 4),
    UINT8(3, 1),
    INT64(4, 8),
    /** Variable-length strings: no fixed element size ({@link #byteSize()} is 0). */
    STRING(5, 0),
    BOOL(6, 1),
    INT16(7, 2),
    COMPLEX64(8, 8),
    INT8(9, 1),
    FLOAT64(10, 8),
    COMPLEX128(11, 16),
    UINT64(12, 8),
    /** Opaque handle: no fixed element size. */
    RESOURCE(13, 0),
    /** Opaque handle: no fixed element size. */
    VARIANT(14, 0),
    UINT32(15, 4),
    UINT16(16, 2),
    /** Packed two per byte in constant buffers: no whole-byte element size ({@link #byteSize()} is 0). */
    INT4(17, 0),
    BFLOAT16(18, 2),
    /** Packed four per byte: no whole-byte element size. */
    INT2(19, 0),
    /** Packed two per byte: no whole-byte element size. */
    UINT4(20, 0),
    FLOAT8_E4M3FN(21, 1),
    FLOAT8_E5M2(22, 1);

    private static final TensorType[] BY_CODE = new TensorType[23];

    static {
        for (TensorType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int byteSize;

    TensorType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The value of this type in the TFLite schema. */
    public int tfliteCode() {
        return code;
    }

    /** Bytes per element, or 0 when elements have no fixed whole-byte size (strings, handles, sub-byte types). */
    public int byteSize() {
        return byteSize;
    }

    /** Whether every element occupies {@link #byteSize()} bytes. */
    public boolean hasFixedByteSize() {
        return byteSize > 0;
    }

    /**
     * The type with the given schema code.
     *
     * @throws IllegalArgumentException naming the code when the schema defines no such type
     */
    public static TensorType fromTflite(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown TFLite tensor type code " + code
                    + " (known codes are 0.." + (BY_CODE.length - 1) + ")");
        }
        return BY_CODE[code];
    }
}
