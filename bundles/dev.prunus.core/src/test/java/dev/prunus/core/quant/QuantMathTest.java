package dev.prunus.core.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prunus.core.ir.Activation;

import org.junit.jupiter.api.Test;

/** Hand-derived values of the TFLM/gemmlowp fixed-point primitives. */
class QuantMathTest {

    @Test
    void roundingDivideByPotRoundsHalvesAwayFromZero() {
        assertEquals(3, QuantMath.roundingDivideByPOT(5, 1)); // 2.5
        assertEquals(-3, QuantMath.roundingDivideByPOT(-5, 1)); // -2.5
        assertEquals(1, QuantMath.roundingDivideByPOT(1, 1)); // 0.5
        assertEquals(-1, QuantMath.roundingDivideByPOT(-1, 1)); // -0.5
        assertEquals(-1, QuantMath.roundingDivideByPOT(-2, 2)); // -0.5
        assertEquals(-2, QuantMath.roundingDivideByPOT(-6, 2)); // -1.5
        assertEquals(-1, QuantMath.roundingDivideByPOT(-3, 2)); // -0.75
        assertEquals(0, QuantMath.roundingDivideByPOT(-1, 2)); // -0.25
        assertEquals(7, QuantMath.roundingDivideByPOT(7, 0));
        assertEquals(-1, QuantMath.roundingDivideByPOT(Integer.MIN_VALUE, 31));
        assertEquals(1, QuantMath.roundingDivideByPOT(Integer.MAX_VALUE, 31));
        assertThrows(IllegalArgumentException.class, () -> QuantMath.roundingDivideByPOT(1, 32));
    }

    @Test
    void doublingHighMulRoundsAndSaturates() {
        assertEquals(Integer.MAX_VALUE,
                QuantMath.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(1 << 29, QuantMath.saturatingRoundingDoublingHighMul(1 << 30, 1 << 30));
        assertEquals(-(1 << 29), QuantMath.saturatingRoundingDoublingHighMul(-(1 << 30), 1 << 30));
        // 1 * 0.5 = 0.5 rounds up; -1 * 0.5 = -0.5 truncates toward zero (the negative nudge is 1 - 2^30)
        assertEquals(1, QuantMath.saturatingRoundingDoublingHighMul(1, 1 << 30));
        assertEquals(0, QuantMath.saturatingRoundingDoublingHighMul(-1, 1 << 30));
        assertEquals(-1, QuantMath.saturatingRoundingDoublingHighMul(-3, 1 << 30)); // -1.5
        assertEquals(2, QuantMath.saturatingRoundingDoublingHighMul(3, 1 << 30)); // 1.5
        assertEquals(Integer.MIN_VALUE + 1,
                QuantMath.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void multiplyByQuantizedMultiplierRoundsTwice() {
        int half = 1 << 30; // 0.5 in Q31
        assertEquals(50, QuantMath.multiplyByQuantizedMultiplier(100, half, 0));
        assertEquals(25, QuantMath.multiplyByQuantizedMultiplier(100, half, -1));
        assertEquals(13, QuantMath.multiplyByQuantizedMultiplier(100, half, -2)); // 12.5
        assertEquals(-6, QuantMath.multiplyByQuantizedMultiplier(-50, half, -2)); // -6.25
        assertEquals(100, QuantMath.multiplyByQuantizedMultiplier(100, half, 1));
        // 45 * 0.25 = 11.25, but double rounding gives 45/2 -> 23, 23/2 -> 12
        assertEquals(12, QuantMath.multiplyByQuantizedMultiplier(45, half, -1));
        // a large left shift wraps as the C code does
        assertEquals(QuantMath.saturatingRoundingDoublingHighMul(3 << 30, half),
                QuantMath.multiplyByQuantizedMultiplier(3, half, 30));
    }

    @Test
    void quantizeMultiplierMatchesFrexpRounding() {
        assertEquals(new QuantMath.Multiplier(1 << 30, 0), QuantMath.quantizeMultiplier(0.5));
        assertEquals(new QuantMath.Multiplier(1 << 30, 1), QuantMath.quantizeMultiplier(1.0));
        assertEquals(new QuantMath.Multiplier(1610612736, 0), QuantMath.quantizeMultiplier(0.75));
        assertEquals(new QuantMath.Multiplier(1 << 30, -2), QuantMath.quantizeMultiplier(0.125));
        assertEquals(new QuantMath.Multiplier(0, 0), QuantMath.quantizeMultiplier(0.0));
        assertEquals(new QuantMath.Multiplier(-(1 << 30), 0), QuantMath.quantizeMultiplier(-0.5));
    }

    @Test
    void quantizeMultiplierEdgeCases() {
        // the fraction rounds up to 2^31: halved, shift incremented
        assertEquals(new QuantMath.Multiplier(1 << 30, 1), QuantMath.quantizeMultiplier(1.0 - 0x1p-40));
        // ties round away from zero (std::round), also for negative multipliers
        assertEquals(new QuantMath.Multiplier((1 << 30) + 1, 0), QuantMath.quantizeMultiplier(0.5 + 0x1p-32));
        assertEquals(new QuantMath.Multiplier(-(1 << 30) - 1, 0), QuantMath.quantizeMultiplier(-0.5 - 0x1p-32));
        // shift -31 is kept, below it the multiplier is flushed to zero
        assertEquals(new QuantMath.Multiplier(1 << 30, -31), QuantMath.quantizeMultiplier(0x1p-32));
        assertEquals(new QuantMath.Multiplier(0, 0), QuantMath.quantizeMultiplier(0x1p-33));
        assertEquals(new QuantMath.Multiplier(0, 0), QuantMath.quantizeMultiplier(Double.MIN_VALUE));
        // large multipliers give positive shifts
        assertEquals(new QuantMath.Multiplier(1 << 30, 11), QuantMath.quantizeMultiplier(1024.0));
        assertThrows(IllegalArgumentException.class, () -> QuantMath.quantizeMultiplier(Double.NaN));
    }

    @Test
    void smallerAndGreaterThanOneVariantsCheckTheirRange() {
        assertEquals(new QuantMath.Multiplier(1 << 30, -1), QuantMath.quantizeMultiplierSmallerThanOneExp(0.25));
        assertThrows(IllegalArgumentException.class, () -> QuantMath.quantizeMultiplierSmallerThanOneExp(1.0));
        assertThrows(IllegalArgumentException.class, () -> QuantMath.quantizeMultiplierSmallerThanOneExp(0.0));
        assertEquals(new QuantMath.Multiplier(1610612736, 2), QuantMath.quantizeMultiplierGreaterThanOne(3.0));
        assertThrows(IllegalArgumentException.class, () -> QuantMath.quantizeMultiplierGreaterThanOne(0.5));
    }

    @Test
    void roundIsHalfAwayFromZero() {
        assertEquals(3.0, QuantMath.round(2.5));
        assertEquals(-3.0, QuantMath.round(-2.5));
        assertEquals(0.0, QuantMath.round(0.49999999999999994));
        assertEquals(-1.0f, QuantMath.round(-0.5f));
        assertEquals(2.0f, QuantMath.round(1.5f));
    }

    @Test
    void activationRangeQuantizesTheBoundsInFloat() {
        assertEquals(new QuantMath.ActivationRange(-128, 127),
                QuantMath.activationRangeInt8(Activation.NONE, 0.05f, -10));
        assertEquals(new QuantMath.ActivationRange(-10, 127),
                QuantMath.activationRangeInt8(Activation.RELU, 0.05f, -10));
        assertEquals(new QuantMath.ActivationRange(-10, 110),
                QuantMath.activationRangeInt8(Activation.RELU6, 0.05f, -10));
        assertEquals(new QuantMath.ActivationRange(-30, 10),
                QuantMath.activationRangeInt8(Activation.RELU_N1_TO_1, 0.05f, -10));
        // bounds beyond int8 are cut to the type's range
        assertEquals(new QuantMath.ActivationRange(100, 127),
                QuantMath.activationRangeInt8(Activation.RELU6, 0.05f, 100));
        assertEquals(new QuantMath.ActivationRange(-128, 127),
                QuantMath.activationRangeInt8(Activation.RELU, 0.05f, -200));
    }

    @Test
    void perChannelAndFullyConnectedMultipliersFollowTflmPrecision() {
        float in = 0.1f;
        float[] w = {0.2f, 0.4f};
        float out = 0.3f;
        QuantMath.Multiplier[] pc = QuantMath.perChannelMultipliers(in, w, out, 2);
        assertEquals(QuantMath.quantizeMultiplier((double) in * (double) w[0] / (double) out), pc[0]);
        assertEquals(QuantMath.quantizeMultiplier((double) in * (double) w[1] / (double) out), pc[1]);
        QuantMath.Multiplier[] broadcast = QuantMath.perChannelMultipliers(in, new float[] {0.2f}, out, 3);
        assertEquals(pc[0], broadcast[2]);
        // FULLY_CONNECTED per tensor forms the scale product in float first
        assertEquals(QuantMath.quantizeMultiplier((double) (in * w[0]) / (double) out),
                QuantMath.fullyConnectedMultiplier(in, w[0], out));
    }

    @Test
    void softmaxScalingAndInputRadius() {
        // beta 1, input scale 1/16: 2^26 / 16 = 2^22 -> (2^30, 23)
        QuantMath.Multiplier m = QuantMath.preprocessSoftmaxScaling(1.0, 1.0 / 16, 5);
        assertEquals(new QuantMath.Multiplier(1 << 30, 23), m);
        // (2^5 - 1) * 2^26 / 2^23 = 248
        assertEquals(248, QuantMath.calculateInputRadius(5, 23));
        // capped at 2^31 - 1 for huge input scales
        assertEquals(QuantMath.quantizeMultiplier((double) ((1L << 31) - 1)),
                QuantMath.preprocessSoftmaxScaling(1.0, 1000.0, 5));
    }

    @Test
    void saturatingMultiplyByPot() {
        assertEquals(Integer.MAX_VALUE, QuantMath.saturatingRoundingMultiplyByPOT(1 << 30, 1));
        assertEquals(Integer.MIN_VALUE, QuantMath.saturatingRoundingMultiplyByPOT(-(1 << 30) - 1, 1));
        assertEquals(Integer.MIN_VALUE + 2, QuantMath.saturatingRoundingMultiplyByPOT(-(1 << 30) + 1, 1));
        assertEquals(Integer.MIN_VALUE, QuantMath.saturatingRoundingMultiplyByPOT(-(1 << 30), 1));
        assertEquals(12, QuantMath.saturatingRoundingMultiplyByPOT(3, 2));
        assertEquals(2, QuantMath.saturatingRoundingMultiplyByPOT(3, -1)); // 1.5 -> 2
    }
}
