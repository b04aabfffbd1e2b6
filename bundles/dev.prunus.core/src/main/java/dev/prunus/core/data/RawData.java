package dev.prunus.core.data;

import java.util.List;

/**
 * Samples as a reader found them, before any mapping to the model: one flat array of {@code count x length}
 * values in the narrowest type that holds them, the labels (or null) and the class names (or null).
 */
final class RawData {

    /** What the values mean, which decides the inferred mapping to the model's real-valued input. */
    enum Kind {
        /** Pixels 0..255 (images, uint8 arrays and records). */
        PIXELS,
        /** The model's int8 input values themselves (.s8 records, int8 arrays). */
        INT8_INPUT,
        /** 16-bit PCM audio samples (-32768..32767). */
        AUDIO,
        /** Real values that are the model's input as they are (float arrays, CSV). */
        REAL
    }

    final Kind kind;
    final int count;
    final int length;
    private final byte[] bytes;
    private final short[] shorts;
    private final float[] floats;
    private final double[] doubles;
    int[] labels;
    List<String> classNames;
    /** What the reader did, in words for the report (source, counts, conversions). */
    String description;

    private RawData(Kind kind, int count, int length, byte[] bytes, short[] shorts, float[] floats,
            double[] doubles) {
        this.kind = kind;
        this.count = count;
        this.length = length;
        this.bytes = bytes;
        this.shorts = shorts;
        this.floats = floats;
        this.doubles = doubles;
    }

    /** Unsigned pixels (PIXELS) or signed int8 input values (INT8_INPUT). */
    static RawData ofBytes(Kind kind, int count, int length, byte[] values) {
        return new RawData(kind, count, length, values, null, null, null);
    }

    static RawData ofShorts(Kind kind, int count, int length, short[] values) {
        return new RawData(kind, count, length, null, values, null, null);
    }

    static RawData ofFloats(Kind kind, int count, int length, float[] values) {
        return new RawData(kind, count, length, null, null, values, null);
    }

    static RawData ofDoubles(Kind kind, int count, int length, double[] values) {
        return new RawData(kind, count, length, null, null, null, values);
    }

    /** Value {@code i} of sample {@code s}. */
    double value(int s, int i) {
        int at = s * length + i;
        if (bytes != null) {
            return kind == Kind.PIXELS ? bytes[at] & 0xff : bytes[at];
        }
        if (shorts != null) {
            return shorts[at];
        }
        if (floats != null) {
            return floats[at];
        }
        return doubles[at];
    }

    /** The signed byte of an INT8_INPUT sample value, without a detour through double. */
    byte int8(int s, int i) {
        return bytes[s * length + i];
    }

    RawData labelled(int[] newLabels, List<String> names, String text) {
        this.labels = newLabels;
        this.classNames = names;
        this.description = text;
        return this;
    }
}
