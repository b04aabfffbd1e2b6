package dev.prunus.core.interp.kernels;

import dev.prunus.core.quant.QuantMath;

/**
 * HARD_SWISH int8 as TFLM's reference HardSwish with HardSwishPrepare's parameters: the input on a "hires" scale
 * (x 2^7), an int16 "relu-ish" factor in [0, 1] from the input rescaled so that 3.0 is 32768 (saturating shifts),
 * multiplied without rounding (SaturatingDoublingHighMul) with the input on the pre-shift output scale, then the
 * output shift, zero point and clamp. All 16-bit fixed point. An int8 input has 256 values, so the function is
 * evaluated once per value into a table that the step (and the C kernel) look up.
 */
public final class HardSwish {

    private HardSwish() {
    }

    /** HardSwishPrepare's int16 multipliers and exponents. */
    public record Params(int inZp, int outZp, short outputMultiplier, int outputExponent, short reluishMultiplier,
            int reluishExponent) {

        /**
         * Float32 scale arithmetic as TFLM: hires = s_in / 128, output multiplier hires / s_out, relu-ish multiplier
         * hires / (3 / 32768), each QuantizeMultiplier'd and rounded down to 16 bits.
         *
         * @throws IllegalArgumentException when the output exponent is positive (TFLM refuses that model)
         */
        public static Params of(float inScale, int inZp, float outScale, int outZp) {
            float hires = (1.0f / 128.0f) * inScale;
            float reluishScale = 3.0f / 32768.0f;
            QuantMath.Multiplier out = QuantMath.quantizeMultiplier((double) (hires / outScale));
            QuantMath.Multiplier relu = QuantMath.quantizeMultiplier((double) (hires / reluishScale));
            if (out.shift() > 0) {
                throw new IllegalArgumentException("output scale " + outScale + " is too small for input scale "
                        + inScale + " (TFLM requires output_multiplier_exponent <= 0)");
            }
            return new Params(inZp, outZp, downScale(out.multiplier()), out.shift(), downScale(relu.multiplier()),
                    relu.shift());
        }
    }

    /** TFLM DownScaleInt32ToInt16Multiplier: rounds a non-negative Q31 multiplier to Q15, saturating. */
    static short downScale(int multiplier) {
        int offset = 1 << 15;
        if (multiplier >= Integer.MAX_VALUE - offset) {
            return Short.MAX_VALUE;
        }
        return (short) ((multiplier + offset) >> 16);
    }

    /** gemmlowp SaturatingRoundingDoublingHighMul on int16. */
    static short roundingHighMul16(short a, short b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        int ab = a * b;
        int nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
        return (short) ((ab + nudge) / (1 << 15)); // truncating division, as C
    }

    /** TFLM SaturatingDoublingHighMul on int16: no rounding. */
    static short highMul16(short a, short b) {
        if (a == b && a == Short.MIN_VALUE) {
            return Short.MAX_VALUE;
        }
        return (short) ((a * b) / (1 << 15));
    }

    /** TFLM SaturatingLeftShift on int16. */
    static short leftShift16(short v, int amount) {
        int r = v * (1 << amount);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    /** gemmlowp RoundingDivideByPOT on int16 (the int32 rule on the sign-extended value). */
    static short divPot16(short v, int exponent) {
        return (short) QuantMath.roundingDivideByPOT(v, exponent);
    }

    /** The TFLM output for one stored input value. */
    public static int apply(Params p, int q) {
        short input = (short) (q - p.inZp());
        short hires = (short) (input * (1 << 7));
        short preshiftOutput = roundingHighMul16(hires, p.outputMultiplier());
        short reluish = hires;
        if (p.reluishExponent() > 0) {
            reluish = leftShift16(reluish, p.reluishExponent() - 1);
        }
        reluish = roundingHighMul16(reluish, p.reluishMultiplier());
        if (p.reluishExponent() > 0) {
            reluish = leftShift16(reluish, 1);
        }
        if (p.reluishExponent() < 0) {
            reluish = divPot16(reluish, -p.reluishExponent());
        }
        reluish = (short) ((reluish + (1 << 15)) >> 1);
        short preshift = highMul16(reluish, preshiftOutput);
        short out = divPot16(preshift, -p.outputExponent());
        int v = out + p.outZp();
        return Math.max(-128, Math.min(127, (short) v));
    }

    /** The output of every stored input value, indexed by {@code q + 128}. */
    public static byte[] table(Params p) {
        byte[] t = new byte[256];
        for (int q = -128; q <= 127; q++) {
            t[q + 128] = (byte) apply(p, q);
        }
        return t;
    }

    /** Looks every input up. */
    public static void lookUp(byte[] table, byte[] input, byte[] output, int n) {
        for (int k = 0; k < n; k++) {
            output[k] = table[input[k] + 128];
        }
    }
}
