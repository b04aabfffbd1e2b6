/*
 * Prunus runtime: gemmlowp-style fixed-point helpers used by the int8 SOFTMAX, LOGISTIC and TANH kernels.
 *
 * A "Qn" value below is an int32 raw value with n integer bits and 31 - n fractional bits (gemmlowp's
 * FixedPoint<int32_t, n>). The functions reproduce the integer arithmetic of gemmlowp's fixedpoint.h, which
 * TensorFlow Lite Micro's reference kernels use, so results are bit-exact with TFLM:
 *  - a Qa * Qb product is pn_doubling_high_mul() of the raws and is Q(a + b);
 *  - sums and differences of raws wrap (two's complement), as gemmlowp's int32 Add/Sub do;
 *  - a rescale from Qa to Qb is a saturating rounding multiply by 2^(a - b).
 */
#ifndef PN_FIXEDPOINT_H
#define PN_FIXEDPOINT_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Wrapping int32 addition (gemmlowp's Add on int32 raws). */
PN_INLINE int32_t pn_fp_add(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

/** Wrapping int32 subtraction. */
PN_INLINE int32_t pn_fp_sub(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a - (uint32_t)b);
}

/** Saturating rounding multiply by 2^exponent: a saturating left shift for exponent > 0, a rounding
 *  (half away from zero) right shift for exponent < 0. exponent in [-31, 30]. */
PN_INLINE int32_t pn_fp_mul_pot(int32_t x, int32_t exponent)
{
    if (exponent > 0) {
        const int32_t threshold = (int32_t)((1LL << (31 - exponent)) - 1);
        if (x > threshold) {
            return INT32_MAX;
        }
        if (x < -threshold) {
            return INT32_MIN;
        }
        return (int32_t)((uint32_t)x << exponent);
    }
    if (exponent < 0) {
        return pn_rounding_divide_by_pot(x, -exponent);
    }
    return x;
}

/** gemmlowp RoundingHalfSum: (a + b) / 2 rounded half away from zero, computed in 64 bits. */
PN_INLINE int32_t pn_fp_rounding_half_sum(int32_t a, int32_t b)
{
    const int64_t sum = (int64_t)a + (int64_t)b;
    const int64_t sign = sum >= 0 ? 1 : -1;
    return (int32_t)((sum + sign) / 2);
}

/** exp(a) for a Q0 value a in [-1/4, 0): Q0 result (Taylor expansion around -1/8). */
PN_INLINE int32_t pn_fp_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a)
{
    const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0 */
    const int32_t one_third = 715827883;             /* 1/3 in Q0 */
    const int32_t x = pn_fp_add(a, 1 << 28);         /* a + 1/8 */
    const int32_t x2 = pn_doubling_high_mul(x, x);
    const int32_t x3 = pn_doubling_high_mul(x2, x);
    const int32_t x4 = pn_doubling_high_mul(x2, x2);
    const int32_t x4_over_4 = pn_fp_mul_pot(x4, -2);
    const int32_t poly = pn_fp_mul_pot(
        pn_fp_add(pn_doubling_high_mul(pn_fp_add(x4_over_4, x3), one_third), x2), -1);
    return pn_fp_add(exp_minus_one_eighth,
                     pn_doubling_high_mul(exp_minus_one_eighth, pn_fp_add(x, poly)));
}

/**
 * exp(a) for a <= 0 given as a Q(integer_bits) raw; Q0 result (INT32_MAX stands for 1.0).
 * integer_bits in [0, 30].
 */
PN_INLINE int32_t pn_fp_exp_on_negative_values(int32_t a, int32_t integer_bits)
{
    static const int32_t barrel[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int32_t fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = (int32_t)(1LL << (fractional_bits - 2));
    const int32_t mask = one_quarter - 1;
    const int32_t a_mod_quarter_minus_one_quarter = pn_fp_sub(a & mask, one_quarter);
    int32_t result = pn_fp_exp_on_interval_between_negative_one_quarter_and_0_excl(
        pn_fp_mul_pot(a_mod_quarter_minus_one_quarter, integer_bits));
    const int32_t remainder = pn_fp_sub(a_mod_quarter_minus_one_quarter, a);
    int32_t exponent;
    for (exponent = -2; exponent <= 4; exponent++) {
        if (integer_bits > exponent) {
            const int32_t bit = fractional_bits + exponent;
            if (remainder & (int32_t)(1UL << bit)) {
                result = pn_doubling_high_mul(result, barrel[exponent + 2]);
            }
        }
    }
    if (integer_bits > 5) {
        const int32_t clamp = -(int32_t)(1L << (36 - integer_bits)); /* -32.0 */
        if (a < clamp) {
            result = 0;
        }
    }
    if (a == 0) {
        result = INT32_MAX;
    }
    return result;
}

/** Shared part of 1/(1+a) and (1-a)/(1+a) for a Q0 a in [0, 1]: with d = (1+a)/2, three Newton-Raphson
 *  steps from 48/17 - 32/17 * d give 1/d = 2/(1+a) as a Q2 raw. */
PN_INLINE int32_t pn_fp_reciprocal_q2(int32_t a)
{
    const int32_t half_denominator = pn_fp_rounding_half_sum(a, INT32_MAX);
    const int32_t c48_over_17 = 1515870810;     /* 48/17 in Q2 */
    const int32_t cneg32_over_17 = -1010580540; /* -32/17 in Q2 */
    const int32_t one_q2 = 1 << 29;
    int32_t x = pn_fp_add(c48_over_17, pn_doubling_high_mul(half_denominator, cneg32_over_17));
    int i;
    for (i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x = pn_doubling_high_mul(half_denominator, x);
        const int32_t one_minus = pn_fp_sub(one_q2, half_denominator_times_x);
        x = pn_fp_add(x, pn_fp_mul_pot(pn_doubling_high_mul(x, one_minus), 2));
    }
    return x;
}

/** 1/(1+a) for a Q0 a in [0, 1]: Q0 result (gemmlowp one_over_one_plus_x_for_x_in_0_1). */
PN_INLINE int32_t pn_fp_one_over_one_plus_x(int32_t a)
{
    /* the Q2 raw approximates 1/half_denominator; read as Q1 the same raw is 1/(1+a); rescale to Q0 */
    return pn_fp_mul_pot(pn_fp_reciprocal_q2(a), 1);
}

/** (1-a)/(1+a) for a Q0 a in [0, 1]: Q0 result (gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1). */
PN_INLINE int32_t pn_fp_one_minus_x_over_one_plus_x(int32_t a)
{
    return pn_fp_mul_pot(pn_fp_sub(pn_fp_reciprocal_q2(a), 1 << 29), 2);
}

/** logistic(a) for a Q(integer_bits) raw a: Q0 result (gemmlowp logistic). */
PN_INLINE int32_t pn_fp_logistic(int32_t a, int32_t integer_bits)
{
    if (a == 0) {
        return 1 << 30;
    }
    {
        const int32_t abs_a = a > 0 ? a : pn_fp_sub(0, a);
        const int32_t positive = pn_fp_one_over_one_plus_x(
            pn_fp_exp_on_negative_values(pn_fp_sub(0, abs_a), integer_bits));
        return a > 0 ? positive : pn_fp_sub(INT32_MAX, positive);
    }
}

/** tanh(a) for a Q(integer_bits) raw a: Q0 result (gemmlowp tanh). integer_bits in [0, 29]. */
PN_INLINE int32_t pn_fp_tanh(int32_t a, int32_t integer_bits)
{
    if (a == 0) {
        return 0;
    }
    {
        const int32_t n = a < 0 ? a : pn_fp_sub(0, a); /* -|a| */
        /* exp(2n): the raw of n read with one more integer bit is 2n */
        const int32_t t = pn_fp_one_minus_x_over_one_plus_x(pn_fp_exp_on_negative_values(n, integer_bits + 1));
        return a < 0 ? pn_fp_sub(0, t) : t;
    }
}

#ifdef __cplusplus
}
#endif

#endif /* PN_FIXEDPOINT_H */
