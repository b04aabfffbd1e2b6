package dev.prunus.core.quant;

import static dev.prunus.core.quant.QuantMath.rdivPot;
import static dev.prunus.core.quant.QuantMath.saturatingRoundingDoublingHighMul;
import static dev.prunus.core.quant.QuantMath.saturatingRoundingMultiplyByPOT;

/**
 * Fixed-point transcendental functions used by TFLM's integer reference kernels, on raw int32 values.
 *
 * <p>A value with {@code I} integer bits is a raw int32 {@code r} meaning {@code r / 2^(31 - I)} (gemmlowp's
 * {@code FixedPoint<int32_t, I>}). Products add integer bits ({@code Qa * Qb -> Q(a+b)}, computed with
 * {@link QuantMath#saturatingRoundingDoublingHighMul}); sums wrap. The polynomial and Newton-Raphson constants are
 * the gemmlowp ones, needed for bit-exactness.
 *
 * <p>The int16 sigmoid/tanh (used by the integer LSTM) interpolate a 256-entry table of sigmoid in unsigned
 * 0.16 format on a grid of 1/24, the table TFLM and CMSIS-NN share: its values are reproduced as data because
 * they were tuned and do not follow a closed formula.
 */
public final class FixedPointMath {

    private static final int ONE_F0 = Integer.MAX_VALUE; // "one" with 0 integer bits saturates to the maximum

    /** Interpolation table of the int16 logistic/tanh: sigmoid(i / 24) in 0.16 fixed point, i = 0..255. */
    private static final int[] SIGMOID_TABLE_U16 = {
            32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
            40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
            47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
            53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
            57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
            60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
            62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
            63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
            64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
            64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
            65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
            65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
            65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
            65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
            65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
            65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
            65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
            65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
            65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
            65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
            65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
            65534, 65534, 65534, 65535
    };

    private FixedPointMath() {
    }

    /** exp(a) for a in [-1/4, 0), a and the result with 0 integer bits (a Taylor series around -1/8). */
    public static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        final int constantTerm = 1895147668; // exp(-1/8)
        final int constantOneThird = 715827883; // 1/3
        int x = a + (1 << 28); // a + 1/8
        int x2 = saturatingRoundingDoublingHighMul(x, x);
        int x3 = saturatingRoundingDoublingHighMul(x2, x);
        int x4 = saturatingRoundingDoublingHighMul(x2, x2);
        int x4Over4 = rdivPot(x4, 2);
        int poly = rdivPot(saturatingRoundingDoublingHighMul(x4Over4 + x3, constantOneThird) + x2, 1);
        return constantTerm + saturatingRoundingDoublingHighMul(constantTerm, x + poly);
    }

    /**
     * exp(a) for a &lt;= 0; {@code a} has {@code integerBits} integer bits, the result 0 integer bits
     * (gemmlowp exp_on_negative_values: the remainder modulo 1/4 by series, the rest by a barrel of constants).
     */
    public static int expOnNegativeValues(int a, int integerBits) {
        final int fractionalBits = 31 - integerBits;
        final int oneQuarter = 1 << (fractionalBits - 2);
        final int mask = oneQuarter - 1;
        final int aModQuarterMinusQuarter = (a & mask) - oneQuarter;
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
                saturatingRoundingMultiplyByPOT(aModQuarterMinusQuarter, integerBits));
        final int remainder = aModQuarterMinusQuarter - a;
        result = barrel(result, remainder, integerBits, fractionalBits, -2, 1672461947);
        result = barrel(result, remainder, integerBits, fractionalBits, -1, 1302514674);
        result = barrel(result, remainder, integerBits, fractionalBits, 0, 790015084);
        result = barrel(result, remainder, integerBits, fractionalBits, 1, 290630308);
        result = barrel(result, remainder, integerBits, fractionalBits, 2, 39332535);
        result = barrel(result, remainder, integerBits, fractionalBits, 3, 720401);
        result = barrel(result, remainder, integerBits, fractionalBits, 4, 242);
        if (integerBits > 5) {
            int clamp = -(1 << (36 - integerBits)); // -32
            if (a < clamp) {
                result = 0;
            }
        }
        if (a == 0) {
            result = ONE_F0;
        }
        return result;
    }

    private static int barrel(int result, int remainder, int integerBits, int fractionalBits, int exponent,
            int multiplier) {
        if (integerBits > exponent) {
            int shiftAmount = fractionalBits + exponent;
            if ((remainder & (1 << shiftAmount)) != 0) {
                return saturatingRoundingDoublingHighMul(result, multiplier);
            }
        }
        return result;
    }

    /** 1 / (1 + a) for a in [0, 1), 0 integer bits in and out (Newton-Raphson division, three steps). */
    public static int oneOverOnePlusXForXIn01(int a) {
        int halfDenominator = roundingHalfSum(a, ONE_F0);
        int x = newtonRaphsonReciprocal(halfDenominator);
        return saturatingRoundingMultiplyByPOT(x, 1); // x / 2, from 2 integer bits to 0
    }

    /** (1 - a) / (1 + a) for a in [0, 1), 0 integer bits in and out. */
    public static int oneMinusXOverOnePlusXForXIn01(int a) {
        int halfDenominator = roundingHalfSum(a, ONE_F0);
        int x = newtonRaphsonReciprocal(halfDenominator);
        return saturatingRoundingMultiplyByPOT(x - (1 << 29), 2);
    }

    /** 1 / halfDenominator with 2 integer bits, from 48/17 - 32/17 * d and three Newton-Raphson steps. */
    private static int newtonRaphsonReciprocal(int halfDenominator) {
        final int c48over17 = 1515870810;
        final int cMinus32over17 = -1010580540;
        final int oneF2 = 1 << 29;
        int x = c48over17 + saturatingRoundingDoublingHighMul(halfDenominator, cMinus32over17);
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x);
            int oneMinus = oneF2 - halfDenominatorTimesX;
            x = x + saturatingRoundingMultiplyByPOT(saturatingRoundingDoublingHighMul(x, oneMinus), 2);
        }
        return x;
    }

    /** gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero. */
    public static int roundingHalfSum(int a, int b) {
        long sum = (long) a + (long) b;
        long sign = sum >= 0 ? 1 : -1;
        return (int) ((sum + sign) / 2);
    }

    /** tanh(a); {@code a} has {@code integerBits} integer bits, the result 0. */
    public static int tanh(int a, int integerBits) {
        if (a == 0) {
            return 0;
        }
        boolean negative = a < 0;
        int n = negative ? a : -a;
        int t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(n, integerBits + 1));
        return negative ? -t : t;
    }

    /** logistic(a) = 1 / (1 + exp(-a)); {@code a} has {@code integerBits} integer bits, the result 0. */
    public static int logistic(int a, int integerBits) {
        if (a == 0) {
            return 1 << 30;
        }
        boolean positive = a > 0;
        int abs = positive ? a : -a;
        int resultIfPositive = oneOverOnePlusXForXIn01(expOnNegativeValues(-abs, integerBits));
        return positive ? resultIfPositive : ONE_F0 - resultIfPositive;
    }

    /**
     * The mantissa of TFLM GetReciprocal: {@code x} (with {@code xIntegerDigits} integer bits, positive) is
     * normalised to [1, 2) and 1/x is returned with 0 integer bits; the power of two that was taken out is
     * {@link #reciprocalBitsOverUnit(int, int)}.
     */
    public static int reciprocal(int x, int xIntegerDigits) {
        int headroomPlusOne = Integer.numberOfLeadingZeros(x);
        int shiftedSumMinusOne = (x << headroomPlusOne) - (1 << 31); // wraps as the uint32 arithmetic of TFLM
        return oneOverOnePlusXForXIn01(shiftedSumMinusOne);
    }

    /** The {@code num_bits_over_unit} output of TFLM GetReciprocal. */
    public static int reciprocalBitsOverUnit(int x, int xIntegerDigits) {
        return xIntegerDigits - Integer.numberOfLeadingZeros(x);
    }

    // ---------------------------------------------------------------- int16 (LSTM) activations

    /**
     * The 256-entry sigmoid table linearly interpolated at {@code abs}, whose low {@code fracBits} bits are the
     * fraction between two entries; {@code saturated} past the table's end. Logistic and tanh differ only in these.
     */
    private static int sigmoidTable(int abs, int fracBits, int saturated) {
        int uh = abs >>> fracBits;
        if (uh >= 255) {
            return saturated;
        }
        int ua = SIGMOID_TABLE_U16[uh];
        int ub = SIGMOID_TABLE_U16[uh + 1];
        return (ua << fracBits) + (abs & ((1 << fracBits) - 1)) * (ub - ua);
    }

    /**
     * TFLM's int16 Logistic: input Q3.12 (when {@code inputMultiplier == 0}: scaled by 3 &lt;&lt;
     * {@code inputLeftShift}, the table's 3/4 range expansion), output Q0.15 in [0, 32767].
     */
    public static void logisticInt16(int inputMultiplier, int inputLeftShift, short[] in, int inOff, short[] out,
            int outOff, int size) {
        int mul = inputMultiplier == 0 ? 3 << inputLeftShift : inputMultiplier;
        int shift = inputMultiplier == 0 ? 0 : inputLeftShift;
        int round = shift > 0 ? 1 << (shift - 1) : 0;
        for (int i = 0; i < size; i++) {
            int v = (in[inOff + i] * mul + round) >> shift;
            int result = sigmoidTable(Math.abs(v), 9, 0x7FFF << 10);
            result = v >= 0 ? result + (1 << 9) : (1 << 25) - result + (1 << 9) - 1;
            out[outOff + i] = (short) (result >>> 10);
        }
    }

    /**
     * TFLM's int16 Tanh: input scaled by {@code inputMultiplier} (3 &lt;&lt; {@code inputLeftShift} when 0) and
     * shifted right by {@code inputLeftShift}, output Q0.15 in [-32767, 32767].
     */
    public static void tanhInt16(int inputMultiplier, int inputLeftShift, short[] in, int inOff, short[] out,
            int outOff, int size) {
        int mul = inputMultiplier == 0 ? 3 << inputLeftShift : inputMultiplier;
        int shift = inputMultiplier == 0 ? 0 : inputLeftShift;
        int round = shift > 0 ? 1 << (shift - 1) : 0;
        for (int i = 0; i < size; i++) {
            int v = (in[inOff + i] * mul + round) >> shift;
            int result = sigmoidTable(Math.abs(v), 8, 0xFFFF << 8);
            result = v >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
            out[outOff + i] = (short) (result >> 8);
        }
    }
}
