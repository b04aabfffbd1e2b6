/*
 * Prunus runtime tests: reference arithmetic written independently of pn_common.h, in 64-bit floor
 * divisions, so that the kernels' use of pn_requantize() is checked against a second formulation of TFLM's
 * MultiplyByQuantizedMultiplier:
 *   doubling high multiply = floor((x * m + 2^30) / 2^31)   (TFLM's nudge rounds halves upwards)
 *   rounding divide by 2^e = round half away from zero
 */
#ifndef OPS_REF_H
#define OPS_REF_H

#include <stdint.h>

static inline int64_t ops_floor_div(int64_t n, int64_t d)
{
    int64_t q = n / d;
    if ((n % d) != 0 && ((n < 0) != (d < 0))) {
        q--;
    }
    return q;
}

static inline int32_t ops_ref_requantize(int32_t x, int32_t m, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int32_t xs = (int32_t)((uint32_t)x << left);
    int64_t v;
    if (xs == INT32_MIN && m == INT32_MIN) {
        v = INT32_MAX;
    } else {
        v = ops_floor_div((int64_t)xs * m + ((int64_t)1 << 30), (int64_t)1 << 31);
    }
    if (right == 0) {
        return (int32_t)v;
    }
    if (v >= 0) {
        return (int32_t)((v + ((int64_t)1 << (right - 1))) >> right);
    }
    return (int32_t)-((-v + ((int64_t)1 << (right - 1))) >> right);
}

/* QuantizeMultiplier as TFLM does it (frexp, round, 2^31 fix-up); shift ranges clamp like TFLM's. */
static inline void ops_quantize_multiplier(double real, int32_t *m, int32_t *shift)
{
    int e = 0;
    double q;
    int64_t qf;
    if (real == 0.0) {
        *m = 0;
        *shift = 0;
        return;
    }
    /* frexp without libm: normalise into [0.5, 1) */
    q = real;
    while (q >= 1.0) {
        q /= 2.0;
        e++;
    }
    while (q < 0.5) {
        q *= 2.0;
        e--;
    }
    {
        const double scaled = q * 2147483648.0;
        qf = (int64_t)(scaled + 0.5); /* round half away from zero for positive values */
    }
    if (qf == ((int64_t)1 << 31)) {
        qf /= 2;
        e++;
    }
    if (e < -31) {
        e = 0;
        qf = 0;
    }
    *m = (int32_t)qf;
    *shift = e;
}

#endif /* OPS_REF_H */
