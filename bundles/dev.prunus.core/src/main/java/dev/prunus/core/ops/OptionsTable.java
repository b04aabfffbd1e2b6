package dev.prunus.core.ops;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Padding;

/**
 * Read access to one builtin options table of a model file, by the schema's field ids. The file format supplies
 * it (bounds-checked); an operator's {@link OptionsCodec} decodes its own table through it, so the operator class
 * holds its options' field layout. A malformed value throws {@link IllegalArgumentException}, which the reader
 * turns into a format error naming the table.
 */
public interface OptionsTable {

    byte getByte(int field, String name, int dflt);

    boolean getBool(int field, String name, boolean dflt);

    int getInt(int field, String name, int dflt);

    float getFloat(int field, String name, float dflt);

    /** Whether any field of the table is present. */
    boolean hasAnyField();

    /** The int vector of a field, or null when absent. */
    int[] intVector(int field, String name);

    default int getUbyte(int field, String name, int dflt) {
        return getByte(field, name, dflt) & 0xFF;
    }

    /** A {@code Padding} byte field (schema default SAME). */
    default Padding padding(int field) {
        return Padding.fromTflite(getByte(field, "padding", 0));
    }

    /** A {@code fused_activation_function} byte field (schema default NONE). */
    default Activation activation(int field) {
        return Activation.fromTflite(getByte(field, "fused_activation_function", 0));
    }
}
