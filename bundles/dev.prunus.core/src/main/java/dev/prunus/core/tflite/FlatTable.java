package dev.prunus.core.tflite;

import com.google.flatbuffers.Table;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked access to one flatbuffer table. Java's flatbuffers runtime has no verifier, so every access here
 * first checks the table's vtable, the field's extent inside the table, and every offset, vector length and string
 * against the file size; any inconsistency becomes a {@link ModelFormatException} naming table, field and offset.
 * {@link TfliteSchema.Tbl} is the concrete accessor; {@link TfliteSchema} holds the field ids of each table.
 */
abstract class FlatTable extends Table {

    /** A vector's position and length, both checked. */
    record Vec(int start, int length) {
    }

    final ReadContext ctx;
    final String tableName;
    private final int vtable;
    private final int vtableSize;
    private final int inlineSize;

    FlatTable(ReadContext ctx, int pos, String tableName) {
        this.ctx = ctx;
        this.tableName = tableName;
        ctx.require(pos, 4, tableName, "", "table");
        long vt = (long) pos - ctx.bb.getInt(pos);
        if (vt < 0 || vt + 4 > ctx.limit) {
            throw new ModelFormatException(tableName, "", pos, "vtable offset points to byte " + vt
                    + ", outside the file");
        }
        int vsize = ctx.bb.getShort((int) vt) & 0xFFFF;
        int isize = ctx.bb.getShort((int) vt + 2) & 0xFFFF;
        if (vsize < 4 || (vsize & 1) != 0 || vt + vsize > ctx.limit) {
            throw new ModelFormatException(tableName, "", pos, "vtable at byte " + vt + " has invalid size " + vsize);
        }
        if (isize < 4 || (long) pos + isize > ctx.limit) {
            throw new ModelFormatException(tableName, "", pos, "table size " + isize + " runs outside the file");
        }
        this.vtable = (int) vt;
        this.vtableSize = vsize;
        this.inlineSize = isize;
        ctx.charge(1, tableName, "", pos);
        if (ctx.tablePositions != null) {
            ctx.tablePositions.add(pos);
        }
        __reset(pos, ctx.bb);
    }

    /** Byte position of the table in the file. */
    int position() {
        return bb_pos;
    }

    /** Offset of field {@code id} inside the table, 0 when absent; checks that {@code width} bytes fit. */
    private int fieldOffset(int id, int width, String field) {
        int slot = 4 + 2 * id;
        if (slot + 2 > vtableSize) {
            return 0;
        }
        int off = ctx.bb.getShort(vtable + slot) & 0xFFFF;
        if (off != 0 && (off < 4 || off + width > inlineSize)) {
            throw new ModelFormatException(tableName, field, bb_pos, "field offset " + off + " (+" + width
                    + " bytes) lies outside the table's " + inlineSize + " bytes");
        }
        return off;
    }

    boolean has(int id, String field) {
        return fieldOffset(id, 1, field) != 0;
    }

    /** Whether any field of the table is present. */
    boolean hasAnyField() {
        for (int slot = 4; slot + 2 <= vtableSize; slot += 2) {
            if (ctx.bb.getShort(vtable + slot) != 0) {
                return true;
            }
        }
        return false;
    }

    byte getByte(int id, String field, int dflt) {
        int o = fieldOffset(id, 1, field);
        return o == 0 ? (byte) dflt : ctx.bb.get(bb_pos + o);
    }

    int getUbyte(int id, String field, int dflt) {
        return getByte(id, field, dflt) & 0xFF;
    }

    boolean getBool(int id, String field, boolean dflt) {
        int o = fieldOffset(id, 1, field);
        return o == 0 ? dflt : ctx.bb.get(bb_pos + o) != 0;
    }

    int getInt(int id, String field, int dflt) {
        int o = fieldOffset(id, 4, field);
        return o == 0 ? dflt : ctx.bb.getInt(bb_pos + o);
    }

    /** An unsigned 32-bit field as a long. */
    long getUint(int id, String field, long dflt) {
        int o = fieldOffset(id, 4, field);
        return o == 0 ? dflt : ctx.bb.getInt(bb_pos + o) & 0xFFFFFFFFL;
    }

    long getLong(int id, String field, long dflt) {
        int o = fieldOffset(id, 8, field);
        return o == 0 ? dflt : ctx.bb.getLong(bb_pos + o);
    }

    float getFloat(int id, String field, float dflt) {
        int o = fieldOffset(id, 4, field);
        return o == 0 ? dflt : ctx.bb.getFloat(bb_pos + o);
    }

    /** Position of the sub-table referenced by field {@code id}, or -1 when absent. */
    int table(int id, String field) {
        int o = fieldOffset(id, 4, field);
        return o == 0 ? -1 : ctx.follow(bb_pos + o, tableName, field);
    }

    /** The vector referenced by field {@code id} with elements of {@code elemSize} bytes, or null when absent. */
    Vec vector(int id, int elemSize, String field) {
        int o = fieldOffset(id, 4, field);
        if (o == 0) {
            return null;
        }
        int start = ctx.follow(bb_pos + o, tableName, field);
        long len = ctx.bb.getInt(start) & 0xFFFFFFFFL;
        long end = start + 4L + len * elemSize;
        if (end > ctx.limit) {
            throw new ModelFormatException(tableName, field, start, "vector of " + len + " elements of " + elemSize
                    + " bytes runs outside the file (" + ctx.limit + " bytes)");
        }
        ctx.charge(elemSize <= 1 ? (len >> 4) : len, tableName, field, start);
        return new Vec(start + 4, (int) len);
    }

    /** Element {@code i} of a vector of tables: the position of the table. */
    int tableAt(Vec v, int i, String field) {
        return ctx.follow(v.start() + 4 * i, tableName, field + "[" + i + "]");
    }

    int[] intVector(int id, String field) {
        Vec v = vector(id, 4, field);
        if (v == null) {
            return null;
        }
        int[] out = new int[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ctx.bb.getInt(v.start() + 4 * i);
        }
        return out;
    }

    long[] longVector(int id, String field) {
        Vec v = vector(id, 8, field);
        if (v == null) {
            return null;
        }
        long[] out = new long[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ctx.bb.getLong(v.start() + 8 * i);
        }
        return out;
    }

    float[] floatVector(int id, String field) {
        Vec v = vector(id, 4, field);
        if (v == null) {
            return null;
        }
        float[] out = new float[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ctx.bb.getFloat(v.start() + 4 * i);
        }
        return out;
    }

    boolean[] boolVector(int id, String field) {
        Vec v = vector(id, 1, field);
        if (v == null) {
            return null;
        }
        boolean[] out = new boolean[v.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ctx.bytes[v.start() + i] != 0;
        }
        return out;
    }

    byte[] byteVector(int id, String field) {
        Vec v = vector(id, 1, field);
        if (v == null) {
            return null;
        }
        ctx.charge(v.length(), tableName, field, v.start());
        byte[] out = new byte[v.length()];
        System.arraycopy(ctx.bytes, v.start(), out, 0, v.length());
        return out;
    }

    /** The string of field {@code id} (UTF-8, malformed sequences replaced), or null when absent. */
    String string(int id, String field) {
        Vec v = vector(id, 1, field);
        if (v == null) {
            return null;
        }
        ctx.charge(v.length(), tableName, field, v.start());
        return new String(ctx.bytes, v.start(), v.length(), StandardCharsets.UTF_8);
    }
}
