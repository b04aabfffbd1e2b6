package dev.prunus.core.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The file being read, with the bounds every access is checked against and a work budget. Flatbuffers may share
 * tables and vectors, so a small malicious file could make a naive reader visit the same large vector millions of
 * times; every element the reader visits or copies is charged here, and the budget is proportional to the file
 * size, so reading always ends quickly.
 */
final class ReadContext {

    /** Visits allowed per file byte, plus a fixed allowance for tiny files. */
    private static final long WORK_PER_BYTE = 8;
    private static final long WORK_BASE = 1 << 20;

    final byte[] bytes;
    final ByteBuffer bb;
    final int limit;
    private final long budget;
    private long work;
    /** When non-null, receives the position of every table read (used by tests to aim corruptions). */
    java.util.List<Integer> tablePositions;

    ReadContext(byte[] bytes) {
        this.bytes = bytes;
        this.bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.limit = bytes.length;
        this.budget = WORK_BASE + WORK_PER_BYTE * (long) bytes.length;
    }

    /** Charges {@code units} of work (elements visited or bytes copied). */
    void charge(long units, String table, String field, long offset) {
        work += Math.max(units, 1);
        if (work > budget) {
            throw new ModelFormatException(table, field, offset, "the file refers to the same data so many times that"
                    + " reading it would copy more than " + budget + " elements; shared tables or vectors are malformed");
        }
    }

    /** Checks that {@code [pos, pos+size)} lies in the file. */
    void require(long pos, long size, String table, String field, String what) {
        if (pos < 0 || size < 0 || pos > limit || size > limit - pos) {
            throw new ModelFormatException(table, field, pos, what + " of " + size + " bytes at " + pos
                    + " runs outside the file (" + limit + " bytes)");
        }
    }

    /** Follows the unsigned 32-bit offset stored at {@code pos}, checking that the target lies in the file. */
    int follow(int pos, String table, String field) {
        require(pos, 4, table, field, "offset");
        long target = pos + (bb.getInt(pos) & 0xFFFFFFFFL);
        if (target + 4 > limit) {
            throw new ModelFormatException(table, field, pos, "offset points to byte " + target
                    + ", outside the file (" + limit + " bytes)");
        }
        return (int) target;
    }
}
