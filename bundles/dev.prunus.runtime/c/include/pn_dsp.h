/*
 * Prunus runtime: helpers shared by the dense kernels (SIMD data preparation and a cheap exact requantization).
 *
 * Column layout used by the matrix kernels ("permuted int16 columns"): a column of k int8 values v[0..k-1] with
 * the input offset added is stored as int16; each full group of four values is stored in the order
 * v0 v2 v1 v3, which is what SXTB16 produces from a little-endian int8 weight word (even bytes, then odd bytes
 * after a rotation by 8), so one SMLAD multiplies two matching pairs. The last k % 4 values follow in natural
 * order. Two columns may be interleaved group by group (group stride 8 int16 instead of 4).
 */
#ifndef PN_DSP_H
#define PN_DSP_H

#include <string.h>
#include "pn_common.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Rotate right by 8 (GCC folds it into the operand of SXTB16). */
PN_INLINE uint32_t pn_ror8(uint32_t v)
{
    return (v >> 8) | (v << 24);
}

/** SXTB16 of the value rotated right by 8 (bytes 1 and 3), as one instruction on the DSP path. */
PN_INLINE int32_t pn_sxtb16_ror8(int32_t v)
{
#if defined(__ARM_FEATURE_DSP)
    int32_t r;
    __asm("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
    return r;
#else
    const int32_t lo = (int8_t)(((uint32_t)v >> 8) & 0xFFu);
    const int32_t hi = (int8_t)(((uint32_t)v >> 24) & 0xFFu);
    return (int32_t)(((uint32_t)lo & 0xFFFFu) | ((uint32_t)hi << 16));
#endif
}

/** Reads 4 bytes at any alignment (a single LDR on Cortex-M4/M7). */
PN_INLINE int32_t pn_read_s32(const void *p)
{
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/** Writes 4 bytes at any alignment. */
PN_INLINE void pn_write_s32(void *p, int32_t v)
{
    memcpy(p, &v, 4);
}

/**
 * Converts k int8 values to int16 with an offset added, in the permuted column layout (see above).
 * @param group_stride int16 elements between the starts of consecutive groups: 4 for a single column,
 *        8 for two interleaved columns; the tail (k % 4 values, natural order) starts at the next group slot.
 * @return pointer just after the tail slot of this column (group slot granularity).
 */
PN_INLINE int16_t *pn_s8_to_s16_perm(const int8_t *src, int32_t k, int32_t offset, int16_t *dst,
                                     int32_t group_stride)
{
    int32_t groups = k >> 2;
#if defined(__ARM_FEATURE_DSP)
    const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) | ((uint32_t)offset << 16));
    while (groups-- > 0) {
        const int32_t v = pn_read_s32(src);
        src += 4;
        const int32_t even = __sadd16(__sxtb16(v), offset2);
        const int32_t odd = __sadd16(pn_sxtb16_ror8(v), offset2);
        int32_t *d = (int32_t *)(void *)dst;
        d[0] = even;
        d[1] = odd;
        dst += group_stride;
    }
#else
    while (groups-- > 0) {
        dst[0] = (int16_t)(src[0] + offset);
        dst[1] = (int16_t)(src[2] + offset);
        dst[2] = (int16_t)(src[1] + offset);
        dst[3] = (int16_t)(src[3] + offset);
        src += 4;
        dst += group_stride;
    }
#endif
    const int32_t tail = k & 3;
    for (int32_t i = 0; i < tail; i++) {
        dst[i] = (int16_t)(src[i] + offset);
    }
    return dst + (tail ? group_stride : 0);
}

/**
 * Per-channel constants of the fast requantization, output offset included. Valid only when
 * |x << left| < 2^29 for every value x requantized with them and right <= 21 (checked once per call with
 * pn_fast_quant_ok): then TFLM's double rounding
 *   RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x << left, m), right) + offset
 * equals
 *   t = SMMULR(x << (left + 1), m)    -- (x' * m + 2^30) >> 31, exactly the doubling high multiply
 *   y = (2t + (t >> 31) + 2^right + offset * 2^(right + 1)) >> (right + 1)
 * The rounding divide is done on 2t with one more bit of shift, which makes right == 0 need no special case
 * (round half away from zero = add half, minus one for negative values, then shift), and adding a multiple
 * of 2^(right + 1) before the arithmetic shift adds the output offset exactly after it.
 */
typedef struct {
    int32_t multiplier;
    int32_t lshift; /**< left + 1 */
    int32_t half;   /**< 2^right + output_offset * 2^(right + 1) */
    int32_t rshift; /**< right + 1 */
} pn_fast_quant;

PN_INLINE pn_fast_quant pn_fast_quant_make(int32_t multiplier, int32_t shift, int32_t output_offset)
{
    pn_fast_quant q;
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    if (right > 21 || left > 28) { /* outside the fast range (pn_fast_quant_ok rejects it): inert entry */
        q.multiplier = 0;
        q.lshift = 1;
        q.half = 0;
        q.rshift = 1;
        return q;
    }
    q.multiplier = multiplier;
    q.lshift = left + 1;
    q.half = (int32_t)((1u << right) + (uint32_t)output_offset * (1u << (right + 1)));
    q.rshift = right + 1;
    return q;
}

/** Requantizes x and adds the output offset (see pn_fast_quant); the caller clamps. */
PN_INLINE int32_t pn_fast_requantize(int32_t x, pn_fast_quant q)
{
    const int32_t xs = (int32_t)((uint32_t)x << q.lshift);
#if defined(__ARM_FEATURE_DSP)
    int32_t t;
    __asm("smmulr %0, %1, %2" : "=r"(t) : "r"(xs), "r"(q.multiplier));
#else
    const int32_t t = (int32_t)(((int64_t)xs * q.multiplier + (1LL << 31)) >> 32);
#endif
    return (int32_t)(((uint32_t)t << 1) + (uint32_t)q.half + (uint32_t)(t >> 31)) >> q.rshift;
}

/**
 * Whether pn_fast_requantize is exact for a channel: |acc| <= k * max_abs_product + |bias| (int8 weights times
 * int8 inputs plus an offset in [-127, 128] give at most 255 * 128 per product) shifted left stays below 2^29,
 * and the right shift is at most 21 (so that no intermediate overflows with an output offset in [-128, 127]).
 */
PN_INLINE int pn_fast_quant_ok(int32_t k, int32_t bias, int32_t shift, int32_t max_abs_product)
{
    const int64_t b = bias < 0 ? -(int64_t)bias : (int64_t)bias;
    const int64_t bound = (int64_t)k * max_abs_product + b;
    const int32_t left = shift > 0 ? shift : 0;
    if (shift < -21 || left > 28) {
        return 0;
    }
    return bound < ((int64_t)1 << (29 - left));
}

/**
 * Output-stage entry of one output channel, in a caller-owned table (28 bytes, 4-byte aligned): the fast
 * requantization constants, raw accumulators of up to two output pixels, and the bias the accumulators start
 * from. Kernels fill q and bias once per call, accumulate into acc, then run pn_output_fast_1/2.
 */
typedef struct {
    pn_fast_quant q;
    int32_t acc[2];
    int32_t bias;
} pn_out_channel;

/**
 * Requantizes acc[0] and acc[1] of n >= 1 consecutive channels with the fast constants, clamps to
 * [act_min, act_max] and stores the bytes to out0[0..n-1] and out1[0..n-1].
 */
PN_INLINE void pn_output_fast_2(const pn_out_channel *t, int32_t n, int32_t act_min, int32_t act_max, int8_t *out0,
                                int8_t *out1)
{
#if defined(__ARM_FEATURE_DSP)
    const pn_out_channel *p = t;
    int32_t m, l, h, r, a0, a1, u;
    __asm volatile("sub %[p], %[p], #28\n"
                   "1:\n\t"
                   "ldrd %[m], %[l], [%[p], #28]!\n\t"
                   "ldrd %[a0], %[a1], [%[p], #16]\n\t"
                   "lsl %[a0], %[a0], %[l]\n\t"
                   "lsl %[a1], %[a1], %[l]\n\t"
                   "ldrd %[h], %[r], [%[p], #8]\n\t"
                   "smmulr %[a0], %[a0], %[m]\n\t"
                   "smmulr %[a1], %[a1], %[m]\n\t"
                   "add %[u], %[h], %[a0], lsl #1\n\t"
                   "add %[a0], %[u], %[a0], asr #31\n\t"
                   "add %[u], %[h], %[a1], lsl #1\n\t"
                   "add %[a1], %[u], %[a1], asr #31\n\t"
                   "asr %[a0], %[a0], %[r]\n\t"
                   "asr %[a1], %[a1], %[r]\n\t"
                   "cmp %[a0], %[lo]\n\t"
                   "it lt\n\t"
                   "movlt %[a0], %[lo]\n\t"
                   "cmp %[a0], %[hi]\n\t"
                   "it gt\n\t"
                   "movgt %[a0], %[hi]\n\t"
                   "cmp %[a1], %[lo]\n\t"
                   "it lt\n\t"
                   "movlt %[a1], %[lo]\n\t"
                   "cmp %[a1], %[hi]\n\t"
                   "it gt\n\t"
                   "movgt %[a1], %[hi]\n\t"
                   "strb %[a0], [%[o0]], #1\n\t"
                   "strb %[a1], [%[o1]], #1\n\t"
                   "subs %[n], %[n], #1\n\t"
                   "bne 1b\n\t"
                   : [p] "+r"(p), [n] "+r"(n), [o0] "+r"(out0), [o1] "+r"(out1), [m] "=&r"(m), [l] "=&r"(l),
                     [h] "=&r"(h), [r] "=&r"(r), [a0] "=&r"(a0), [a1] "=&r"(a1), [u] "=&r"(u)
                   : [lo] "r"(act_min), [hi] "r"(act_max)
                   : "cc", "memory");
#else
    for (int32_t c = 0; c < n; c++) {
        int32_t y0 = pn_fast_requantize(t[c].acc[0], t[c].q);
        int32_t y1 = pn_fast_requantize(t[c].acc[1], t[c].q);
        y0 = PN_MAX(y0, act_min);
        y1 = PN_MAX(y1, act_min);
        out0[c] = (int8_t)PN_MIN(y0, act_max);
        out1[c] = (int8_t)PN_MIN(y1, act_max);
    }
#endif
}

/** As pn_output_fast_2 for one pixel: acc[0] of n >= 1 channels to out[0..n-1]. */
PN_INLINE void pn_output_fast_1(const pn_out_channel *t, int32_t n, int32_t act_min, int32_t act_max, int8_t *out)
{
#if defined(__ARM_FEATURE_DSP)
    const pn_out_channel *p = t;
    int32_t m, l, h, r, a0;
    __asm volatile("sub %[p], %[p], #28\n"
                   "1:\n\t"
                   "ldrd %[m], %[l], [%[p], #28]!\n\t"
                   "ldr %[a0], [%[p], #16]\n\t"
                   "ldrd %[h], %[r], [%[p], #8]\n\t"
                   "lsl %[a0], %[a0], %[l]\n\t"
                   "smmulr %[l], %[a0], %[m]\n\t"
                   "add %[a0], %[h], %[l], lsl #1\n\t"
                   "add %[a0], %[a0], %[l], asr #31\n\t"
                   "asr %[a0], %[a0], %[r]\n\t"
                   "cmp %[a0], %[lo]\n\t"
                   "it lt\n\t"
                   "movlt %[a0], %[lo]\n\t"
                   "cmp %[a0], %[hi]\n\t"
                   "it gt\n\t"
                   "movgt %[a0], %[hi]\n\t"
                   "strb %[a0], [%[o]], #1\n\t"
                   "subs %[n], %[n], #1\n\t"
                   "bne 1b\n\t"
                   : [p] "+r"(p), [n] "+r"(n), [o] "+r"(out), [m] "=&r"(m), [l] "=&r"(l), [h] "=&r"(h),
                     [r] "=&r"(r), [a0] "=&r"(a0)
                   : [lo] "r"(act_min), [hi] "r"(act_max)
                   : "cc", "memory");
#else
    for (int32_t c = 0; c < n; c++) {
        const int32_t y = pn_fast_requantize(t[c].acc[0], t[c].q);
        out[c] = (int8_t)PN_MIN(PN_MAX(y, act_min), act_max);
    }
#endif
}

#ifdef __cplusplus
}
#endif

#endif /* PN_DSP_H */
