package dev.prunus.core.ir;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale[c] * (q - zeroPoint[c])}, where {@code c} is the index
 * along {@link #quantizedDimension()} when the tensor is quantized per channel, and 0 otherwise.
 * {@link #min()} and {@link #max()} are the optional float ranges some converters also record (kept so that a
 * written model equals the model read). Arrays are copied in and out; an empty array means "absent".
 *
 * @param scales             one scale per tensor or per channel (empty when the tensor is not quantized)
 * @param zeroPoints         one zero point per scale (may be empty for a scale-only quantization)
 * @param quantizedDimension axis of the per-channel scales (the file's value is kept even for per-tensor)
 * @param min                recorded float minimums, usually empty
 * @param max                recorded float maximums, usually empty
 */
public record Quantization(float[] scales, long[] zeroPoints, int quantizedDimension, float[] min, float[] max) {

    /** No quantization: a float tensor, or an integer tensor without scale (shapes, indices). */
    public static final Quantization NONE = new Quantization(new float[0], new long[0], 0);

    public Quantization {
        scales = scales == null ? new float[0] : scales.clone();
        zeroPoints = zeroPoints == null ? new long[0] : zeroPoints.clone();
        min = min == null ? new float[0] : min.clone();
        max = max == null ? new float[0] : max.clone();
        if (quantizedDimension < 0) {
            throw new IllegalArgumentException("quantized dimension must not be negative, was " + quantizedDimension);
        }
    }

    /** Scales, zero points and axis, without recorded float ranges. */
    public Quantization(float[] scales, long[] zeroPoints, int quantizedDimension) {
        this(scales, zeroPoints, quantizedDimension, null, null);
    }

    /** Per-tensor quantization with one scale and one zero point. */
    public static Quantization perTensor(float scale, long zeroPoint) {
        return new Quantization(new float[] {scale}, new long[] {zeroPoint}, 0);
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public long[] zeroPoints() {
        return zeroPoints.clone();
    }

    @Override
    public float[] min() {
        return min.clone();
    }

    @Override
    public float[] max() {
        return max.clone();
    }

    /** Whether there is at least one scale. */
    public boolean isQuantized() {
        return scales.length > 0;
    }

    /** Whether there is more than one scale (one per index of {@link #quantizedDimension()}). */
    public boolean perChannel() {
        return scales.length > 1;
    }

    /** Number of scales. */
    public int channelCount() {
        return scales.length;
    }

    /** The scale of channel {@code ch}; a per-tensor quantization answers its single scale for every channel. */
    public float scale(int ch) {
        if (scales.length == 0) {
            throw new IllegalStateException("tensor is not quantized: it has no scale");
        }
        return scales.length == 1 ? scales[0] : scales[ch];
    }

    /** The zero point of channel {@code ch}; 0 when no zero points are recorded. */
    public long zeroPoint(int ch) {
        if (zeroPoints.length == 0) {
            return 0;
        }
        return zeroPoints.length == 1 ? zeroPoints[0] : zeroPoints[ch];
    }

    /** This quantization keeping only the given channels, in the given order (for channel removal). */
    public Quantization selectChannels(int[] channels) {
        if (!perChannel()) {
            return this;
        }
        float[] s = new float[channels.length];
        long[] z = new long[zeroPoints.length == 0 ? 0 : channels.length];
        for (int i = 0; i < channels.length; i++) {
            s[i] = scales[channels[i]];
            if (z.length > 0) {
                z[i] = zeroPoint(channels[i]);
            }
        }
        float[] mn = min.length == scales.length ? pick(min, channels) : min;
        float[] mx = max.length == scales.length ? pick(max, channels) : max;
        return new Quantization(s, z, quantizedDimension, mn, mx);
    }

    private static float[] pick(float[] values, int[] channels) {
        float[] out = new float[channels.length];
        for (int i = 0; i < channels.length; i++) {
            out[i] = values[channels[i]];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q && quantizedDimension == q.quantizedDimension
                && Arrays.equals(scales, q.scales) && Arrays.equals(zeroPoints, q.zeroPoints)
                && Arrays.equals(min, q.min) && Arrays.equals(max, q.max);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(scales) * 31 + Arrays.hashCode(zeroPoints)) * 31 + quantizedDimension) * 31
                + Arrays.hashCode(min) * 7 + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        if (!isQuantized()) {
            return "none";
        }
        if (!perChannel()) {
            return "s=" + scales[0] + " zp=" + zeroPoint(0);
        }
        return scales.length + " channels on axis " + quantizedDimension;
    }
}
