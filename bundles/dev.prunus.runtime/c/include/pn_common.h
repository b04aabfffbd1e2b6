/*
 * Prunus runtime: shared types and fixed-point arithmetic.
 *
 * The arithmetic here defines the rounding of every kernel. It follows TensorFlow Lite Micro's reference
 * integer kernels (double rounding: a saturating rounding doubling high multiply, then a rounding right
 * shift), so that generated code is bit-exact with TFLM and with Prunus' Java interpreter.
 */
#ifndef PN_COMMON_H
#define PN_COMMON_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Status returned by kernels and by generated <name>_invoke(). */
typedef enum {
    PN_OK = 0,
    PN_ERROR_ARGUMENT = -1 /**< a parameter is outside the documented range */
} pn_status;

#if defined(__GNUC__)
#define PN_INLINE static inline __attribute__((always_inline))
#else
#define PN_INLINE static inline
#endif

#define PN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define PN_MAX(a, b) ((a) > (b) ? (a) : (b))
#define PN_CLAMP(x, lo, hi) PN_MAX(PN_MIN((x), (hi)), (lo))

/** Per-tensor requantization: real multiplier = multiplier * 2^(shift - 31). */
typedef struct {
    int32_t multiplier; /**< Q31, in [2^30, 2^31) or 0 */
    int32_t shift;      /**< left shift if > 0, right shift if < 0; range [-31, 30] */
} pn_quant;

/** Per-output-channel requantization arrays (length = output channels). */
typedef struct {
    const int32_t *multiplier;
    const int32_t *shift;
} pn_per_channel_quant;

/** Inclusive clamp range applied after requantization (fused activation folded in). */
typedef struct {
    int32_t min;
    int32_t max;
} pn_activation;

/** gemmlowp SaturatingRoundingDoublingHighMul. */
PN_INLINE int32_t pn_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    const int64_t ab = (int64_t)a * (int64_t)b;
    const int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
    return (int32_t)((ab + nudge) / (1LL << 31)); /* C division truncates toward zero, as required */
}

/** gemmlowp RoundingDivideByPOT: round half away from zero. exponent in [0, 31]. */
PN_INLINE int32_t pn_rounding_divide_by_pot(int32_t x, int32_t exponent)
{
    const int32_t mask = (int32_t)((1LL << exponent) - 1);
    const int32_t remainder = x & mask;
    const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** TFLM MultiplyByQuantizedMultiplier (double rounding). */
PN_INLINE int32_t pn_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    return pn_rounding_divide_by_pot(pn_doubling_high_mul((int32_t)((uint32_t)x << left), multiplier), right);
}

#ifdef __cplusplus
}
#endif

#endif /* PN_COMMON_H */
