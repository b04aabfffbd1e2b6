package dev.prunus.core.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** gemmlowp-style fixed-point functions: exact special values and accuracy against double math. */
class FixedPointMathTest {

    private static final double Q31 = 0x1p31;

    @Test
    void expOfZeroIsOneAndValuesTrackMathExp() {
        assertEquals(Integer.MAX_VALUE, FixedPointMath.expOnNegativeValues(0, 5));
        for (double x = -0.01; x > -16; x *= 1.37) {
            int raw = (int) Math.round(x * (1 << 26)); // Q5.26
            double got = FixedPointMath.expOnNegativeValues(raw, 5) / Q31;
            double want = Math.exp(raw / (double) (1 << 26));
            assertEquals(want, got, 2e-7, "exp(" + x + ")");
        }
    }

    @Test
    void expBelowMinus32IsZeroWhenTheFormatReachesThere() {
        // with 6 integer bits values below -32 are clamped to 0
        int minus40 = -40 << 25;
        assertEquals(0, FixedPointMath.expOnNegativeValues(minus40, 6));
    }

    @Test
    void logisticAndTanhTrackDoubleMath() {
        assertEquals(1 << 30, FixedPointMath.logistic(0, 4));
        assertEquals(0, FixedPointMath.tanh(0, 4));
        for (double x = -7.9; x < 7.9; x += 0.173) {
            int raw = (int) Math.round(x * (1 << 27)); // Q4.27
            double xr = raw / (double) (1 << 27);
            assertEquals(1 / (1 + Math.exp(-xr)), FixedPointMath.logistic(raw, 4) / Q31, 1e-6, "logistic " + x);
            assertEquals(Math.tanh(xr), FixedPointMath.tanh(raw, 4) / Q31, 1e-6, "tanh " + x);
        }
    }

    @Test
    void reciprocalNormalisesAndInverts() {
        int x = 3 << 19; // 3.0 in Q12.19
        assertEquals(1, FixedPointMath.reciprocalBitsOverUnit(x, 12)); // 3 = 1.5 * 2^1
        double mantissa = FixedPointMath.reciprocal(x, 12) / Q31; // 1 / 1.5
        assertEquals(2.0 / 3.0, mantissa, 1e-8);
        assertEquals(0.5, FixedPointMath.oneOverOnePlusXForXIn01(Integer.MAX_VALUE) / Q31, 1e-8);
    }

    @Test
    void roundingHalfSumRoundsAwayFromZero() {
        assertEquals(2, FixedPointMath.roundingHalfSum(1, 2));
        assertEquals(-2, FixedPointMath.roundingHalfSum(-1, -2));
        assertEquals(Integer.MAX_VALUE, FixedPointMath.roundingHalfSum(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void int16SigmoidAndTanhOfTheLstm() {
        short[] in = {0, 4096, -4096, Short.MAX_VALUE, Short.MIN_VALUE, 1024};
        short[] sig = new short[in.length];
        short[] th = new short[in.length];
        FixedPointMath.logisticInt16(0, 0, in, 0, sig, 0, in.length);
        FixedPointMath.tanhInt16(0, 0, in, 0, th, 0, in.length);
        assertEquals(16384, sig[0]); // 0.5 in Q0.15
        assertEquals(0, th[0]);
        assertEquals(32767, th[3]); // |3 * x| >> 8 beyond the table: saturated
        assertEquals(-32767, th[4]);
        short[] sat = new short[2];
        FixedPointMath.logisticInt16(0, 1, new short[] {Short.MAX_VALUE, Short.MIN_VALUE}, 0, sat, 0, 2);
        assertEquals(32767, sat[0]); // 6 * x >> 9 beyond the table
        assertEquals(1, sat[1]);
        for (int i = 1; i < in.length; i++) {
            double x = in[i] / 4096.0; // Q3.12 input
            if (Math.abs(x) < 7.5) {
                assertEquals(1 / (1 + Math.exp(-x)), sig[i] / 32768.0, 2e-4, "sigmoid " + x);
                assertEquals(Math.tanh(x), th[i] / 32768.0, 2e-4, "tanh " + x);
            }
        }
        // symmetric: sigmoid(-x) = 1 - sigmoid(x) up to one LSB
        assertTrue(Math.abs(sig[1] + sig[2] - 32768) <= 1);
    }
}
