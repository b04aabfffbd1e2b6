package dev.prunus.core.train;

/**
 * Samples in the model's real-valued input domain (for an int8 input with scale s and zero point zp, the values
 * {@code (q - zp) * s}), NHWC like the input tensor, with optional class labels. Implementations must be safe to
 * read from several threads at once.
 */
public interface TrainingData {

    /** Number of samples. */
    int size();

    /** Floats per sample (the input tensor's element count). */
    int sampleSize();

    /** Writes sample {@code index} into {@code dst} from {@code offset}. */
    void read(int index, float[] dst, int offset);

    /** The class of sample {@code index}, or -1 when the data has no labels. */
    int label(int index);

    /**
     * The indices 0..n-1 in a seeded random order (Fisher-Yates): how the trainer orders an epoch and how callers
     * split samples reproducibly.
     */
    static int[] shuffledOrder(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return p;
    }

    /** In-memory samples. */
    static TrainingData of(float[][] samples, int[] labels) {
        if (samples.length == 0) {
            throw new TrainingException("training data is empty");
        }
        if (labels != null && labels.length != samples.length) {
            throw new TrainingException("training data has " + samples.length + " samples but " + labels.length
                    + " labels");
        }
        int size = samples[0].length;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i].length != size) {
                throw new TrainingException("training sample " + i + " has " + samples[i].length
                        + " values; sample 0 has " + size);
            }
        }
        return new TrainingData() {
            @Override
            public int size() {
                return samples.length;
            }

            @Override
            public int sampleSize() {
                return size;
            }

            @Override
            public void read(int index, float[] dst, int offset) {
                System.arraycopy(samples[index], 0, dst, offset, size);
            }

            @Override
            public int label(int index) {
                return labels == null ? -1 : labels[index];
            }
        };
    }

    /**
     * int8 input records (the input tensor's bytes, one array per sample) seen in the real domain {@code (q - zp)
     * * scale}: a quarter of the memory of floats, so large data sets fit.
     */
    static TrainingData ofInt8(byte[][] records, int[] labels, double scale, int zeroPoint) {
        if (records.length == 0) {
            throw new TrainingException("training data is empty");
        }
        if (labels != null && labels.length != records.length) {
            throw new TrainingException("training data has " + records.length + " samples but " + labels.length
                    + " labels");
        }
        int size = records[0].length;
        for (int i = 0; i < records.length; i++) {
            if (records[i].length != size) {
                throw new TrainingException("training record " + i + " has " + records[i].length
                        + " bytes; record 0 has " + size);
            }
        }
        float[] lut = new float[256];
        for (int q = -128; q < 128; q++) {
            lut[q + 128] = (float) ((q - zeroPoint) * scale);
        }
        return new TrainingData() {
            @Override
            public int size() {
                return records.length;
            }

            @Override
            public int sampleSize() {
                return size;
            }

            @Override
            public void read(int index, float[] dst, int offset) {
                byte[] r = records[index];
                for (int k = 0; k < size; k++) {
                    dst[offset + k] = lut[r[k] + 128];
                }
            }

            @Override
            public int label(int index) {
                return labels == null ? -1 : labels[index];
            }
        };
    }
}
