package dev.prunus.core.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared-sample split the tests and benchmarks use: every 4th record (0, 4, 8, ...) calibrates, the others
 * evaluate. Interleaved, not the first quarter: the sww and mnist sample files are sorted by class, and one class
 * alone is no calibration set.
 */
public final class EveryFourth {

    private final List<byte[]> calibration = new ArrayList<>();
    private final List<byte[]> evaluation = new ArrayList<>();

    private EveryFourth() {
    }

    /** Splits a raw concatenation of {@code recordBytes}-byte records. */
    public static EveryFourth of(byte[] all, int recordBytes) {
        EveryFourth s = new EveryFourth();
        for (int i = 0; i < all.length / recordBytes; i++) {
            byte[] r = Arrays.copyOfRange(all, i * recordBytes, (i + 1) * recordBytes);
            (i % 4 == 0 ? s.calibration : s.evaluation).add(r);
        }
        return s;
    }

    public List<byte[]> calibrationRecords() {
        return calibration;
    }

    public List<byte[]> evaluationRecords() {
        return evaluation;
    }

    /** The calibration records concatenated, as a calibration file holds them. */
    public byte[] calibration() {
        return concat(calibration);
    }

    /** The evaluation records concatenated. */
    public byte[] evaluation() {
        return concat(evaluation);
    }

    private static byte[] concat(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
