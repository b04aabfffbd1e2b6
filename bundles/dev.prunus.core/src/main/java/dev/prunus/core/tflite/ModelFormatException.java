package dev.prunus.core.tflite;

import dev.prunus.core.PrunusException;

/**
 * The bytes are not a TFLite model Prunus can read: wrong identifier, an offset or length outside the file, data
 * that does not match its tensor, an index that refers to nothing. The message names the schema table, the field
 * and the byte offset where the problem was found.
 */
public class ModelFormatException extends PrunusException {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String field;
    private final long offset;

    public ModelFormatException(String table, String field, long offset, String problem) {
        super("malformed TFLite model: " + table + (field.isEmpty() ? "" : "." + field) + " at byte " + offset + ": "
                + problem);
        this.table = table;
        this.field = field;
        this.offset = offset;
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
        this.table = "";
        this.field = "";
        this.offset = -1;
    }

    /** Schema table where the problem was found (e.g. "Tensor"), empty when not tied to one. */
    public String table() {
        return table;
    }

    /** Field of the table (e.g. "shape"), empty when the table itself is broken. */
    public String field() {
        return field;
    }

    /** Byte offset in the file, -1 when unknown. */
    public long offset() {
        return offset;
    }
}
