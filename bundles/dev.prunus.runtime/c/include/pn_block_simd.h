/*
 * Prunus runtime: helpers shared by the sparse kernels (pn_convolve_filterlet_s8, pn_convolve_1x1_block_s8,
 * pn_fully_connected_block_s8): SIMD primitives, input widening, and an exact requantization epilogue.
 *
 * SIMD path selection: the SXTB16/SMLAD path is compiled when __ARM_FEATURE_DSP is defined (Cortex-M4/M7/M33
 * with DSP), or when PN_SPARSE_FORCE_SIMD is defined (host tests: the primitives are then emulated in C, so
 * the same code is checked under sanitizers). PN_SPARSE_FORCE_PORTABLE selects the plain C path everywhere.
 * Both paths give identical results.
 */
#ifndef PN_BLOCK_SIMD_H
#define PN_BLOCK_SIMD_H

#include <string.h>

#include "pn_common.h"

#if !defined(PN_SPARSE_FORCE_PORTABLE) && (defined(__ARM_FEATURE_DSP) || defined(PN_SPARSE_FORCE_SIMD))
#define PN_SPARSE_SIMD 1
#else
#define PN_SPARSE_SIMD 0
#endif

#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Reads 4 bytes at any alignment (one LDR on Cortex-M4/M7). */
PN_INLINE int32_t pn_sp_read32(const void *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
/** Bytes 0 and 2 of v sign-extended into the low and high halfwords. */
PN_INLINE int32_t pn_sp_sxtb16(int32_t v)
{
    return (int32_t)__sxtb16((uint32_t)v);
}
/** Bytes 1 and 3 of v sign-extended into the low and high halfwords (SXTB16 with ROR #8). */
PN_INLINE int32_t pn_sp_sxtb16_ror8(int32_t v)
{
    int32_t r;
    __asm("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v)); /* GCC does not fold the rotation of __sxtb16 */
    return r;
}
/** acc + lo(a) * lo(b) + hi(a) * hi(b), halfwords signed. */
PN_INLINE int32_t pn_sp_smlad(int32_t a, int32_t b, int32_t acc)
{
    return (int32_t)__smlad((uint32_t)a, (uint32_t)b, (uint32_t)acc);
}
#else
PN_INLINE int32_t pn_sp_pack16(int32_t lo, int32_t hi)
{
    return (int32_t)(((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16));
}
PN_INLINE int32_t pn_sp_sxtb16(int32_t v)
{
    return pn_sp_pack16((int8_t)(v & 0xFF), (int8_t)((v >> 16) & 0xFF));
}
PN_INLINE int32_t pn_sp_sxtb16_ror8(int32_t v)
{
    return pn_sp_pack16((int8_t)((v >> 8) & 0xFF), (int8_t)((uint32_t)v >> 24));
}
PN_INLINE int32_t pn_sp_smlad(int32_t a, int32_t b, int32_t acc)
{
    const int32_t lo = (int32_t)(int16_t)(a & 0xFFFF) * (int32_t)(int16_t)(b & 0xFFFF);
    const int32_t hi = (int32_t)(int16_t)((uint32_t)a >> 16) * (int32_t)(int16_t)((uint32_t)b >> 16);
    return (int32_t)((uint32_t)acc + (uint32_t)lo + (uint32_t)hi);
}
#endif

/** Loads two consecutive 32-bit words (p 4-byte aligned) and advances p by two words (one LDRD). */
#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
typedef struct {
    int32_t w[2];
} pn_sp_pair;
#define PN_SP_LOAD2(p, lo, hi) \
    __asm("ldrd %0, %1, [%2], #8" : "=r"(lo), "=r"(hi), "+r"(p) : "m"(*(const pn_sp_pair *)(const void *)(p)))
#else
#define PN_SP_LOAD2(p, lo, hi) \
    do {                        \
        (lo) = (p)[0];          \
        (hi) = (p)[1];          \
        (p) += 2;               \
    } while (0)
#endif

/** Loads the two words at byte offset off (a constant) from p without moving p (one LDRD). */
#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
#define PN_SP_LOAD2_AT(p, off, lo, hi)                                                                 \
    __asm("ldrd %0, %1, [%2, %3]"                                                                      \
          : "=r"(lo), "=r"(hi)                                                                         \
          : "r"(p), "i"(off), "m"(*(const pn_sp_pair *)(const void *)((const char *)(p) + (off))))
#else
#define PN_SP_LOAD2_AT(p, off, lo, hi)                                                     \
    do {                                                                                   \
        const int32_t *q_ = (const int32_t *)(const void *)((const char *)(p) + (off));    \
        (lo) = q_[0];                                                                      \
        (hi) = q_[1];                                                                      \
    } while (0)
#endif

/**
 * Widens n int8 values to int16 with offset added, in the permuted order used by the SIMD paths: each full
 * group of four values v0 v1 v2 v3 is stored v0 v2 v1 v3 (the order SXTB16 / SXTB16 ROR 8 produce from a weight
 * word), the n % 4 remaining values in natural order, then zeros up to padded_n (>= n).
 */
PN_INLINE void pn_sp_widen(const int8_t *src, int32_t n, int32_t offset, int16_t *dst, int32_t padded_n)
{
    int32_t i = 0;
    for (; i + 4 <= n; i += 4) {
        dst[i] = (int16_t)(src[i] + offset);
        dst[i + 1] = (int16_t)(src[i + 2] + offset);
        dst[i + 2] = (int16_t)(src[i + 1] + offset);
        dst[i + 3] = (int16_t)(src[i + 3] + offset);
    }
    for (; i < n; i++) {
        dst[i] = (int16_t)(src[i] + offset);
    }
    for (; i < padded_n; i++) {
        dst[i] = 0;
    }
}

/**
 * Exact form of pn_requantize() for one output channel, with the two roundings folded into one 64-bit
 * multiply-accumulate. With P = x * m + 2^30, TFLM's doubling high multiply is floor(P / 2^31) and its
 * rounding right shift by r >= 1 is floor((v + 2^(r-1) - [v < 0]) / 2^r); combined:
 *   result = floor((x * m + 2^30 + 2^(30 + r) - [x < 0] * 2^31) / 2^(31 + r))
 *          = (int32)(high word of that sum) >> (r - 1).
 * ([x < 0] may replace [v < 0]: when they differ v is 0 and both give 0.) For shifts >= 0 (r = 0), x is first
 * shifted left (wrapping, as pn_requantize) and the result is floor(P / 2^31). Valid for every int32 x.
 */
typedef struct {
    int32_t multiplier;
    int32_t left;      /**< left shift (shift > 0), else 0 */
    int32_t right_m1;  /**< right shift - 1 when the shift is negative, else -1 */
    int64_t constant;  /**< 2^30 + 2^(30 + right) for right >= 1, else 2^30 */
} pn_sp_requant;

PN_INLINE pn_sp_requant pn_sp_requant_make(int32_t multiplier, int32_t shift)
{
    pn_sp_requant q;
    q.multiplier = multiplier;
    if (shift > 0) {
        q.left = shift;
        q.right_m1 = -1;
        q.constant = (int64_t)1 << 30;
    } else if (shift == 0) {
        q.left = 0;
        q.right_m1 = -1;
        q.constant = (int64_t)1 << 30;
    } else {
        q.left = 0;
        q.right_m1 = -shift - 1;
        q.constant = ((int64_t)1 << 30) + ((int64_t)1 << (30 - shift));
    }
    return q;
}

PN_INLINE int32_t pn_sp_requantize(int32_t x, const pn_sp_requant *q)
{
    if (q->right_m1 >= 0) {
        const int64_t p = (int64_t)x * q->multiplier + q->constant - (x < 0 ? ((int64_t)1 << 31) : 0);
        return (int32_t)(p >> 32) >> q->right_m1;
    } else {
        const int32_t xs = (int32_t)((uint32_t)x << q->left);
        const int64_t p = (int64_t)xs * q->multiplier + q->constant;
        return (int32_t)(p >> 31);
    }
}

/**
 * Cheaper exact requantization for bounded accumulators (|x| < 2^29), shift in [-21, 0]:
 *   t = SMMULR(2x, m) = floor((x * m + 2^30) / 2^31)       -- TFLM's doubling high multiply
 *   y = (2t + 2^r + zp * 2^(r+1) + (t >> 31)) >> (r + 1)    -- its rounding shift by r, plus the output offset zp
 * (the second line is floor((t + 2^(r-1) - [t < 0]/2) / 2^r) + zp, equal to round-half-away-from-zero).
 * pn_sp_fast_ok() tells whether a channel qualifies.
 */
typedef struct {
    int32_t multiplier;
    int32_t half;   /**< 2^r + output_offset * 2^(r+1) */
    int32_t rshift; /**< r + 1 */
    int32_t bias;
} pn_sp_fast_quant;

PN_INLINE int pn_sp_fast_ok(int32_t shift, int32_t bias, int64_t max_abs_sum)
{
    const int64_t b = bias < 0 ? -(int64_t)bias : (int64_t)bias;
    return shift <= 0 && shift >= -21 && b + max_abs_sum < ((int64_t)1 << 29);
}

PN_INLINE pn_sp_fast_quant pn_sp_fast_make(int32_t multiplier, int32_t shift, int32_t bias, int32_t output_offset)
{
    pn_sp_fast_quant q;
    q.multiplier = multiplier;
    q.half = (int32_t)(((uint32_t)1 << -shift) + ((uint32_t)output_offset << (1 - shift)));
    q.rshift = 1 - shift;
    q.bias = bias;
    return q;
}

/** Requantized value plus output offset (before the clamp). */
PN_INLINE int32_t pn_sp_fast_requantize(int32_t x, const pn_sp_fast_quant *q)
{
    int32_t t;
#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
    __asm("smmulr %0, %1, %2" : "=r"(t) : "r"(x << 1), "r"(q->multiplier));
#else
    t = (int32_t)(((int64_t)(x * 2) * q->multiplier + ((int64_t)1 << 31)) >> 32);
#endif
    return (int32_t)((uint32_t)t * 2u + (uint32_t)q->half + (uint32_t)(t >> 31)) >> q->rshift;
}

#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
/* Cheap exact requantization (pn_sp_fast_requantize), clamp and store of one output: 13 instructions. */
#define PN_SP_STORE(acc, dst, q, act_min, act_max)                                                                               \
    do {                                                                                                    \
        int32_t t_;                                                                                         \
        int32_t v_;                                                                                         \
        __asm("lsl %[t], %[a], #1\n\t"                                                                       \
              "smmulr %[t], %[t], %[m]\n\t"                                                                 \
              "add %[v], %[h], %[t], asr #31\n\t"                                                           \
              "add %[v], %[v], %[t], lsl #1\n\t"                                                            \
              "asr %[v], %[v], %[r]\n\t"                                                                    \
              "cmp %[v], %[lo]\n\t"                                                                         \
              "it lt\n\t"                                                                                   \
              "movlt %[v], %[lo]\n\t"                                                                       \
              "cmp %[v], %[hi]\n\t"                                                                         \
              "it gt\n\t"                                                                                   \
              "movgt %[v], %[hi]"                                                                           \
              : [t] "=&r"(t_), [v] "=&r"(v_)                                                                \
              : [a] "r"(acc), [m] "r"(q.multiplier), [h] "r"(q.half), [r] "r"(q.rshift), [lo] "r"(act_min), \
                [hi] "r"(act_max)                                                                           \
              : "cc");                                                                                      \
        *(dst) = (int8_t)v_;                                                                                \
    } while (0)
#else
#define PN_SP_STORE(acc, dst, q, act_min, act_max)                                   \
    do {                                                        \
        int32_t v_ = pn_sp_fast_requantize((acc), &(q));          \
        v_ = v_ < act_min ? act_min : v_;                       \
        *(dst) = (int8_t)(v_ > act_max ? act_max : v_);         \
    } while (0)
#endif

/** Requantize, add the output offset, clamp, as every int8 conv / fully connected output. */
PN_INLINE int8_t pn_sp_output(int32_t acc, const pn_sp_requant *q, int32_t output_offset, int32_t act_min,
                              int32_t act_max)
{
    int32_t v = pn_sp_requantize(acc, q) + output_offset;
    v = v < act_min ? act_min : v;
    v = v > act_max ? act_max : v;
    return (int8_t)v;
}

#ifdef __cplusplus
}
#endif

#endif /* PN_BLOCK_SIMD_H */
