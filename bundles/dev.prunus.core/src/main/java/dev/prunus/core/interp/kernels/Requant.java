package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * Per-channel requantization parameters of an int8 kernel: Q31 multipliers and shifts (TFLM convention:
 * positive = left), the output zero point and the clamp range with the fused activation folded in.
 *
 * @param multipliers one per output channel (or length 1 for per-tensor)
 * @param shifts      one per output channel (or length 1)
 * @param outputOffset output zero point
 * @param actMin      lower clamp
 * @param actMax      upper clamp
 */
public record Requant(int[] multipliers, int[] shifts, int outputOffset, int actMin, int actMax) {

    public Requant {
        if (multipliers.length != shifts.length || multipliers.length == 0) {
            throw new IllegalArgumentException("need as many shifts as multipliers (at least one)");
        }
        if (actMin > actMax) {
            throw new IllegalArgumentException("empty activation range [" + actMin + ", " + actMax + "]");
        }
    }

    /** From TFLM multipliers. */
    public static Requant of(QuantMath.Multiplier[] ms, int outputOffset, QuantMath.ActivationRange range) {
        int[] m = new int[ms.length];
        int[] s = new int[ms.length];
        for (int i = 0; i < ms.length; i++) {
            m[i] = ms[i].multiplier();
            s[i] = ms[i].shift();
        }
        return new Requant(m, s, outputOffset, range.min(), range.max());
    }

    /** Requantizes the accumulator of channel {@code c} and clamps it. */
    public int apply(int acc, int c) {
        int i = multipliers.length == 1 ? 0 : c;
        int v = QuantMath.multiplyByQuantizedMultiplier(acc, multipliers[i], shifts[i]) + outputOffset;
        return v < actMin ? actMin : (v > actMax ? actMax : v);
    }
}
