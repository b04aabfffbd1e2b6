package dev.prunus.core.ops;

/**
 * Write access for one builtin options table, by the schema's field ids; the file format supplies it. Vectors
 * are created before {@link #start}; a field equal to its schema default is left out, as the converter does.
 */
public interface OptionsBuilder {

    /** Writes an int vector (before {@link #start}) and answers its offset for {@link #addOffset}. */
    int intVector(int[] values);

    /** Starts the table with room for {@code fieldCount} fields. */
    void start(int fieldCount);

    void addByte(int field, int value, int dflt);

    void addBool(int field, boolean value, boolean dflt);

    void addInt(int field, int value, int dflt);

    /** Adds a float unless its bits equal the default's (so -0.0 and NaN are kept bit for bit). */
    void addFloat(int field, float value, float dflt);

    void addOffset(int field, int offset);

    /** Ends the table and answers its offset. */
    int end();
}
