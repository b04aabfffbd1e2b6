/*
 * Prunus runtime: filterlet-sparse KxK int8 convolution (docs/sparse-format.md, section 1).
 *
 * SIMD path (Cortex-M DSP extension): every input row is widened once to int16 (input offset added, groups of
 * four channels permuted v0 v2 v1 v3, padding columns zero) into a ring of KH rows plus one zero row for
 * vertical padding; a ring row is stored channel group by channel group, so that the four output pixels of one
 * tap are reached from one pointer with constant offsets. Per output row and mask group (the G output channels
 * that share one tap mask) the kept taps are decoded once into a list of row pointers; then, for each channel
 * of the group, each group of four output pixels walks the list:
 * each weight word is loaded and widened once (SXTB16, SXTB16 ROR 8) for two SMLADs per pixel (16 instructions
 * per 16 multiply-accumulates, variants unrolled for Cin = 8, 16, 32). The epilogue is the 13-instruction
 * SMMULR form of TFLM's double rounding when every accumulator is provably below 2^29 (pn_block_simd.h), else
 * the general exact 64-bit form.
 *
 * Portable path: direct loops over the kept filterlets and the int8 input.
 */
#include "pn_convolve_filterlet_s8.h"
#include "pn_block_simd.h"

#define PN_FL_MAX_TAPS 32

static int pn_fl_check(const pn_conv_params *params, const pn_per_channel_quant *quant, const pn_dims *input_dims,
                       const int8_t *input, const pn_dims *filter_dims, const uint16_t *mask, int32_t mask_group,
                       const int8_t *weights, const pn_dims *output_dims, const int8_t *output)
{
    int32_t taps;
    if (mask_group < 1 || mask_group > 32 || (mask_group & (mask_group - 1)) != 0) {
        return 0;
    }
    if (params == NULL || quant == NULL || quant->multiplier == NULL || quant->shift == NULL || input == NULL
        || mask == NULL || output == NULL || input_dims == NULL || filter_dims == NULL || output_dims == NULL) {
        return 0;
    }
    taps = filter_dims->h * filter_dims->w;
    if (input_dims->n < 1 || input_dims->h < 1 || input_dims->w < 1 || input_dims->c < 1 || filter_dims->n < 1
        || filter_dims->h < 1 || filter_dims->w < 1 || filter_dims->c != input_dims->c || taps < 2
        || taps > PN_FL_MAX_TAPS || output_dims->n != input_dims->n || output_dims->c != filter_dims->n
        || output_dims->h < 1 || output_dims->w < 1) {
        return 0;
    }
    if (params->stride.h < 1 || params->stride.w < 1 || params->dilation.h != 1 || params->dilation.w != 1
        || params->padding.h < 0 || params->padding.w < 0 || params->activation.min > params->activation.max
        || params->input_offset < -127 || params->input_offset > 128) {
        return 0;
    }
    /* every tap of every output pixel must start inside the padded input as TFLM defines it */
    if ((output_dims->h - 1) * params->stride.h - params->padding.h >= input_dims->h
        || (output_dims->w - 1) * params->stride.w - params->padding.w >= input_dims->w) {
        return 0;
    }
    (void)weights;
    return 1;
}

int32_t pn_convolve_filterlet_s8_get_buffer_size(const pn_conv_params *params, const pn_dims *filter_dims,
                                                 const pn_dims *output_dims)
{
    int32_t cin4;
    int32_t wp;
    if (params == NULL || filter_dims == NULL || output_dims == NULL || params->stride.w < 1 || output_dims->w < 1
        || filter_dims->w < 1 || filter_dims->h < 1 || filter_dims->c < 1) {
        return -1;
    }
    cin4 = (filter_dims->c + 3) & ~3;
    wp = (output_dims->w - 1) * params->stride.w + filter_dims->w;
    return 2 * cin4 * wp * (filter_dims->h + 1) + 16 * filter_dims->n;
}

/* The tap mask of mask group g (channels g * G .. g * G + G - 1 share it). */
static uint32_t pn_fl_mask(const uint16_t *mask, int32_t g, int32_t mask_words)
{
    if (mask_words == 1) {
        return mask[g];
    }
    return (uint32_t)mask[2 * g] | ((uint32_t)mask[2 * g + 1] << 16);
}


#if !PN_SPARSE_SIMD

pn_status pn_convolve_filterlet_s8(const pn_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const uint16_t *mask, int32_t mask_group, const int8_t *weights,
                                   const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer)
{
    const int32_t cin = input_dims != NULL ? input_dims->c : 0;
    int32_t mask_words;
    int32_t batch;
    (void)buffer;
    if (!pn_fl_check(params, quant, input_dims, input, filter_dims, mask, mask_group, weights, output_dims,
                     output)) {
        return PN_ERROR_ARGUMENT;
    }
    mask_words = (filter_dims->h * filter_dims->w + 15) / 16;
    for (batch = 0; batch < output_dims->n; batch++) {
        const int8_t *in_b = input + batch * input_dims->h * input_dims->w * cin;
        int32_t y;
        for (y = 0; y < output_dims->h; y++) {
            int32_t x;
            for (x = 0; x < output_dims->w; x++) {
                const int32_t iy0 = y * params->stride.h - params->padding.h;
                const int32_t ix0 = x * params->stride.w - params->padding.w;
                const int8_t *w = weights;
                int8_t *out = output + ((batch * output_dims->h + y) * output_dims->w + x) * output_dims->c;
                int32_t o;
                for (o = 0; o < output_dims->c; o++) {
                    uint32_t bits = pn_fl_mask(mask, o / mask_group, mask_words);
                    int32_t acc = bias != NULL ? bias[o] : 0;
                    pn_sp_requant rq = pn_sp_requant_make(quant->multiplier[o], quant->shift[o]);
                    while (bits != 0) {
                        int32_t t = 0;
                        while (((bits >> t) & 1u) == 0) {
                            t++;
                        }
                        bits &= bits - 1u;
                        {
                            const int32_t iy = iy0 + t / filter_dims->w;
                            const int32_t ix = ix0 + t % filter_dims->w;
                            if (iy >= 0 && iy < input_dims->h && ix >= 0 && ix < input_dims->w) {
                                const int8_t *px = in_b + (iy * input_dims->w + ix) * cin;
                                int32_t c;
                                for (c = 0; c < cin; c++) {
                                    acc += w[c] * (px[c] + params->input_offset);
                                }
                            }
                        }
                        w += cin;
                    }
                    out[o] = pn_sp_output(acc, &rq, params->output_offset, params->activation.min,
                                          params->activation.max);
                }
            }
        }
    }
    return PN_OK;
}

#else /* PN_SPARSE_SIMD */

#if defined(__GNUC__)
#define PN_FL_CTZ(x) ((int32_t)__builtin_ctz(x))
#else
static int32_t pn_fl_ctz(uint32_t x)
{
    int32_t n = 0;
    while ((x & 1u) == 0) {
        x >>= 1;
        n++;
    }
    return n;
}
#define PN_FL_CTZ(x) pn_fl_ctz(x)
#endif

/* Loads the two words at byte offset off from p (one LDRD, p unchanged). */
#if defined(__ARM_FEATURE_DSP)
#define PN_FL_LOAD2_AT(p, off, lo, hi) \
    __asm("ldrd %0, %1, [%2, %3]" : "=r"(lo), "=r"(hi) : "r"(p), "i"(off), "m"(*(const pn_sp_pair *)(const void *)((const char *)(p) + (off))))
#else
#define PN_FL_LOAD2_AT(p, off, lo, hi)                                       \
    do {                                                                     \
        const int32_t *q_ = (const int32_t *)(const void *)((const char *)(p) + (off)); \
        (lo) = q_[0];                                                        \
        (hi) = q_[1];                                                        \
    } while (0)
#endif

/*
 * Ring row layout: for channel group g (four input channels, permuted v0 v2 v1 v3, the last group zero padded)
 * and padded column c, two words at word index (g * wp + c) * 2. Four output pixels of one tap at stride s then
 * sit at byte offsets 0, 8 s, 16 s, 24 s from one pointer, and the next channel group is wp * 8 bytes further.
 */
static void pn_fl_widen_row(const int8_t *row, const pn_dims *input_dims, int32_t pad_w, int32_t wp,
                            int32_t groups4, int32_t offset, int16_t *dst)
{
    const int32_t cin = input_dims->c;
    int32_t cx;
    for (cx = 0; cx < wp; cx++) {
        const int32_t ix = cx - pad_w;
        int16_t *d = dst + cx * 4;
        int32_t g = 0;
        if (ix < 0 || ix >= input_dims->w) {
            for (; g < groups4; g++, d += wp * 4) {
                d[0] = d[1] = d[2] = d[3] = 0;
            }
            continue;
        }
        {
            const int8_t *src = row + ix * cin;
#if defined(__ARM_FEATURE_DSP)
            const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) | ((uint32_t)offset << 16));
            for (g = 0; g < (cin >> 2); g++, d += wp * 4, src += 4) {
                const int32_t v = pn_sp_read32(src);
                int32_t *dw = (int32_t *)(void *)d;
                dw[0] = (int32_t)__sadd16((uint32_t)pn_sp_sxtb16(v), (uint32_t)offset2);
                dw[1] = (int32_t)__sadd16((uint32_t)pn_sp_sxtb16_ror8(v), (uint32_t)offset2);
            }
#endif
            for (; g < groups4; g++, d += wp * 4, src += 4) {
                const int32_t n = cin - g * 4;
                d[0] = (int16_t)(src[0] + offset);
                d[1] = (int16_t)(n > 2 ? src[2] + offset : 0);
                d[2] = (int16_t)(n > 1 ? src[1] + offset : 0);
                d[3] = (int16_t)(n > 3 ? src[3] + offset : 0);
            }
        }
    }
}

#if defined(__ARM_FEATURE_DSP)
/*
 * One channel group of four pixels at pixel byte step S (8 * stride), weights read from w (advanced by 4), then
 * p moves to the next group: 16 instructions for 16 multiply-accumulates. Written as one asm block because
 * GCC 12 spills the loop's pointers otherwise.
 */
#define PN_FL_GROUP4_W(S)                                                                                   \
    do {                                                                                                    \
        int32_t wv_;                                                                                        \
        int32_t w02_;                                                                                       \
        int32_t x0_;                                                                                        \
        int32_t x1_;                                                                                        \
        __asm("ldr %[wv], [%[w]], #4\n\t"                                                                    \
              "sxtb16 %[w02], %[wv]\n\t"                                                                    \
              "sxtb16 %[wv], %[wv], ror #8\n\t"                                                             \
              "ldrd %[x0], %[x1], [%[p]]\n\t"                                                               \
              "smlad %[a0], %[w02], %[x0], %[a0]\n\t"                                                       \
              "smlad %[a0], %[wv], %[x1], %[a0]\n\t"                                                        \
              "ldrd %[x0], %[x1], [%[p], %[s1]]\n\t"                                                        \
              "smlad %[a1], %[w02], %[x0], %[a1]\n\t"                                                       \
              "smlad %[a1], %[wv], %[x1], %[a1]\n\t"                                                        \
              "ldrd %[x0], %[x1], [%[p], %[s2]]\n\t"                                                        \
              "smlad %[a2], %[w02], %[x0], %[a2]\n\t"                                                       \
              "smlad %[a2], %[wv], %[x1], %[a2]\n\t"                                                        \
              "ldrd %[x0], %[x1], [%[p], %[s3]]\n\t"                                                        \
              "smlad %[a3], %[w02], %[x0], %[a3]\n\t"                                                       \
              "smlad %[a3], %[wv], %[x1], %[a3]\n\t"                                                        \
              "add %[p], %[p], %[gs]"                                                                       \
              : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [p] "+r"(p), [w] "+r"(w),       \
                [wv] "=&r"(wv_), [w02] "=&r"(w02_), [x0] "=&r"(x0_), [x1] "=&r"(x1_)                         \
              : [gs] "r"(gstride), [s1] "i"(S), [s2] "i"(2 * (S)), [s3] "i"(3 * (S))                         \
              : "memory");                                                                                  \
    } while (0)
#else
#define PN_FL_GROUP4_W(S)                          \
    do {                                           \
        const int32_t wv_ = pn_sp_read32(w);       \
        w += 4;                                    \
        PN_FL_GROUP4(wv_, S);                      \
    } while (0)
#endif

/* One channel group of four pixels at pixel byte step S (8 * stride); p then moves to the next group. */
#define PN_FL_GROUP4(wv, S)                                \
    do {                                                   \
        const int32_t w02_ = pn_sp_sxtb16(wv);             \
        const int32_t w13_ = pn_sp_sxtb16_ror8(wv);        \
        int32_t x0_;                                       \
        int32_t x1_;                                       \
        PN_FL_LOAD2_AT(p, 0, x0_, x1_);                    \
        a0 = pn_sp_smlad(w02_, x0_, a0);                   \
        a0 = pn_sp_smlad(w13_, x1_, a0);                   \
        PN_FL_LOAD2_AT(p, (S), x0_, x1_);                  \
        a1 = pn_sp_smlad(w02_, x0_, a1);                   \
        a1 = pn_sp_smlad(w13_, x1_, a1);                   \
        PN_FL_LOAD2_AT(p, 2 * (S), x0_, x1_);              \
        a2 = pn_sp_smlad(w02_, x0_, a2);                   \
        a2 = pn_sp_smlad(w13_, x1_, a2);                   \
        PN_FL_LOAD2_AT(p, 3 * (S), x0_, x1_);              \
        a3 = pn_sp_smlad(w02_, x0_, a3);                   \
        a3 = pn_sp_smlad(w13_, x1_, a3);                   \
        p = (const int32_t *)(const void *)((const char *)p + gstride); \
    } while (0)

/* The partial last channel group as a word whose missing bytes are zero. */
PN_INLINE int32_t pn_fl_tail_word(const int8_t *w, int32_t tail)
{
    uint32_t u = 0;
    int32_t j;
    for (j = 0; j < tail; j++) {
        u |= (uint32_t)(uint8_t)w[j] << (8 * j);
    }
    return (int32_t)u;
}

/* What the per-row, per-channel loop needs (filled once per channel and output row). */
typedef struct {
    const char *const *list; /* the kept taps' first pixel for output x = 0 */
    int32_t n;               /* kept taps */
    const int8_t *w;         /* the channel's first filterlet */
    int32_t groups;          /* cin / 4 */
    int32_t tail;            /* cin % 4 */
    int32_t gstride;         /* bytes from one channel group to the next in a ring row */
    int32_t groups_x;        /* full groups of four output pixels in the row */
    int32_t xstep;           /* bytes from one group of four output pixels to the next (32 * stride) */
    int32_t out_step;        /* output bytes between two pixels (cout) */
    int32_t act_min;
    int32_t act_max;
    pn_sp_fast_quant q;
} pn_fl_row;

/*
 * One output channel over the full four-pixel groups of one output row: accumulation over the kept filterlets
 * (G > 0: cin = 4 G, unrolled; G = 0: any cin), then the cheap exact requantization and the clamp.
 */
#define PN_FL_ROW_FN(name, S, G)                                                                                \
    static void name(const pn_fl_row *r, int8_t *out)                                                         \
    {                                                                                                         \
        const int32_t gstride = r->gstride;                                                                   \
        const int32_t groups = r->groups;                                                                     \
        const int32_t tail = r->tail;                                                                         \
        const pn_sp_fast_quant q = r->q;                                                                      \
        const int32_t act_min = r->act_min;                                                                   \
        const int32_t act_max = r->act_max;                                                                   \
        const int32_t out_step = r->out_step;                                                                 \
        int32_t xoff = 0;                                                                                     \
        int32_t gx;                                                                                           \
        (void)groups;                                                                                         \
        (void)tail;                                                                                           \
        for (gx = 0; gx < r->groups_x; gx++, xoff += r->xstep) {                                              \
            const char *const *list = r->list;                                                                \
            const int8_t *w = r->w;                                                                           \
            int32_t n = r->n;                                                                                 \
            int32_t a0 = q.bias;                                                                              \
            int32_t a1 = q.bias;                                                                              \
            int32_t a2 = q.bias;                                                                              \
            int32_t a3 = q.bias;                                                                              \
            while (n-- > 0) {                                                                                 \
                const int32_t *p = (const int32_t *)(const void *)(*list++ + xoff);                           \
                if ((G) >= 2) {                                                                               \
                    PN_FL_GROUP4_W(S);                                                                        \
                    PN_FL_GROUP4_W(S);                                                                        \
                }                                                                                             \
                if ((G) >= 4) {                                                                               \
                    PN_FL_GROUP4_W(S);                                                                        \
                    PN_FL_GROUP4_W(S);                                                                        \
                }                                                                                             \
                if ((G) >= 8) {                                                                               \
                    PN_FL_GROUP4_W(S);                                                                        \
                    PN_FL_GROUP4_W(S);                                                                        \
                    PN_FL_GROUP4_W(S);                                                                        \
                    PN_FL_GROUP4_W(S);                                                                        \
                }                                                                                             \
                if ((G) == 0) {                                                                               \
                    int32_t g = groups;                                                                       \
                    while (g >= 2) {                                                                          \
                        PN_FL_GROUP4_W(S);                                                                    \
                        PN_FL_GROUP4_W(S);                                                                    \
                        g -= 2;                                                                               \
                    }                                                                                         \
                    if (g != 0) {                                                                             \
                        PN_FL_GROUP4_W(S);                                                                    \
                    }                                                                                         \
                    if (tail != 0) {                                                                          \
                        const int32_t wv = pn_fl_tail_word(w, tail);                                          \
                        w += tail;                                                                            \
                        PN_FL_GROUP4(wv, S);                                                                  \
                    }                                                                                         \
                }                                                                                             \
            }                                                                                                 \
            PN_SP_STORE(a0, out, q, act_min, act_max);                                                                             \
            PN_SP_STORE(a1, out + out_step, q, act_min, act_max);                                                                  \
            PN_SP_STORE(a2, out + 2 * out_step, q, act_min, act_max);                                                              \
            PN_SP_STORE(a3, out + 3 * out_step, q, act_min, act_max);                                                              \
            out += 4 * out_step;                                                                              \
        }                                                                                                     \
    }

PN_FL_ROW_FN(pn_fl_row_s1, 8, 0)
PN_FL_ROW_FN(pn_fl_row_s1_g2, 8, 2)
PN_FL_ROW_FN(pn_fl_row_s1_g4, 8, 4)
PN_FL_ROW_FN(pn_fl_row_s1_g8, 8, 8)
PN_FL_ROW_FN(pn_fl_row_s2, 16, 0)
PN_FL_ROW_FN(pn_fl_row_s2_g2, 16, 2)
PN_FL_ROW_FN(pn_fl_row_s2_g4, 16, 4)
PN_FL_ROW_FN(pn_fl_row_s2_g8, 16, 8)

typedef void (*pn_fl_row_fn)(const pn_fl_row *r, int8_t *out);

/* One output pixel (leftover pixels of a row, and strides > 2). */
static void pn_fl_channel1(const char *const *list, int32_t n, int32_t xoff, const int8_t *w, int32_t groups,
                           int32_t tail, int32_t gstride, int32_t *acc)
{
    int32_t a0 = acc[0];
    while (n-- > 0) {
        const int32_t *p = (const int32_t *)(const void *)(*list++ + xoff);
        int32_t g;
        for (g = 0; g < groups + (tail != 0); g++) {
            const int32_t wv = g < groups ? pn_sp_read32(w) : pn_fl_tail_word(w, tail);
            int32_t x0;
            int32_t x1;
            w += g < groups ? 4 : tail;
            PN_FL_LOAD2_AT(p, 0, x0, x1);
            a0 = pn_sp_smlad(pn_sp_sxtb16(wv), x0, a0);
            a0 = pn_sp_smlad(pn_sp_sxtb16_ror8(wv), x1, a0);
            p = (const int32_t *)(const void *)((const char *)p + gstride);
        }
    }
    acc[0] = a0;
}

pn_status pn_convolve_filterlet_s8(const pn_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const uint16_t *mask, int32_t mask_group, const int8_t *weights,
                                   const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer)
{
    int32_t cin;
    int32_t cin4;
    int32_t groups4;
    int32_t kh;
    int32_t kw;
    int32_t taps;
    int32_t wp;
    int32_t row_len;
    int32_t mask_words;
    int32_t groups;
    int32_t tail;
    int32_t gstride;
    int32_t batch;
    int32_t o;
    int fast = 1;
    pn_fl_row_fn row_fn = NULL;
    int16_t *zero_row;
    int16_t *slots;
    pn_sp_fast_quant *chan;
    const int32_t cout = output_dims != NULL ? output_dims->c : 0;
    const int32_t act_min = params != NULL ? params->activation.min : 0;
    const int32_t act_max = params != NULL ? params->activation.max : 0;
    if (!pn_fl_check(params, quant, input_dims, input, filter_dims, mask, mask_group, weights, output_dims, output)
        || buffer == NULL) {
        return PN_ERROR_ARGUMENT;
    }
    cin = input_dims->c;
    cin4 = (cin + 3) & ~3;
    groups4 = cin4 >> 2;
    kh = filter_dims->h;
    kw = filter_dims->w;
    taps = kh * kw;
    wp = (output_dims->w - 1) * params->stride.w + kw;
    row_len = wp * cin4;
    mask_words = (taps + 15) / 16;
    groups = cin >> 2;
    tail = cin & 3;
    gstride = wp * 8;
    zero_row = (int16_t *)buffer;
    slots = zero_row + row_len;
    chan = (pn_sp_fast_quant *)(void *)(slots + kh * row_len);
    memset(zero_row, 0, (size_t)row_len * sizeof(int16_t));
    /* per-channel epilogue constants, once per call; the cheap form when every channel qualifies */
    for (o = 0; o < cout; o++) {
        const int32_t b = bias != NULL ? bias[o] : 0;
        fast = fast && pn_sp_fast_ok(quant->shift[o], b, (int64_t)taps * cin * 255 * 128);
    }
    for (o = 0; o < cout; o++) {
        const int32_t b = bias != NULL ? bias[o] : 0;
        if (fast) {
            chan[o] = pn_sp_fast_make(quant->multiplier[o], quant->shift[o], b, params->output_offset);
        } else {
            chan[o].bias = b;
        }
    }

    /* the four-pixel path needs the cheap epilogue and stride 1 or 2; other pixels go one at a time */
    if (fast && params->stride.w == 1) {
        row_fn = tail != 0 ? pn_fl_row_s1
            : groups == 2 ? pn_fl_row_s1_g2
            : groups == 4 ? pn_fl_row_s1_g4
            : groups == 8 ? pn_fl_row_s1_g8 : pn_fl_row_s1;
    } else if (fast && params->stride.w == 2) {
        row_fn = tail != 0 ? pn_fl_row_s2
            : groups == 2 ? pn_fl_row_s2_g2
            : groups == 4 ? pn_fl_row_s2_g4
            : groups == 8 ? pn_fl_row_s2_g8 : pn_fl_row_s2;
    }
    for (batch = 0; batch < output_dims->n; batch++) {
        const int8_t *in_b = input + batch * input_dims->h * input_dims->w * cin;
        int32_t slot_row[PN_FL_MAX_TAPS];
        const int16_t *row_ptr[PN_FL_MAX_TAPS];
        const char *tap_ptr[PN_FL_MAX_TAPS];
        int32_t y;
        int32_t i;
        for (i = 0; i < kh; i++) {
            slot_row[i] = -1;
        }
        for (y = 0; y < output_dims->h; y++) {
            int8_t *out_row = output + (batch * output_dims->h + y) * output_dims->w * cout;
            int32_t t;
            /* bring the KH input rows of this output row into the ring (each input row is widened once) */
            for (i = 0; i < kh; i++) {
                const int32_t iy = y * params->stride.h - params->padding.h + i;
                if (iy < 0 || iy >= input_dims->h) {
                    row_ptr[i] = zero_row;
                } else {
                    const int32_t slot = iy % kh;
                    int16_t *dst = slots + slot * row_len;
                    if (slot_row[slot] != iy) {
                        pn_fl_widen_row(in_b + iy * input_dims->w * cin, input_dims, params->padding.w, wp, groups4,
                                        params->input_offset, dst);
                        slot_row[slot] = iy;
                    }
                    row_ptr[i] = dst;
                }
            }
            for (t = 0; t < taps; t++) {
                tap_ptr[t] = (const char *)(const void *)(row_ptr[t / kw] + (t % kw) * 4);
            }
            {
                const int8_t *w = weights;
                pn_fl_row r;
                const char *list[PN_FL_MAX_TAPS];
                r.list = list;
                r.groups = groups;
                r.tail = tail;
                r.gstride = gstride;
                r.groups_x = row_fn != NULL ? output_dims->w / 4 : 0;
                r.xstep = 32 * params->stride.w;
                r.out_step = cout;
                r.act_min = act_min;
                r.act_max = act_max;
                int32_t n = 0;
                for (o = 0; o < cout; o++) {
                    int32_t x0;
                    int8_t *out = out_row + o;
                    /* the group's kept taps, decoded once per output row and mask group */
                    if ((o & (mask_group - 1)) == 0) {
                        uint32_t bits = pn_fl_mask(mask, o / mask_group, mask_words);
                        n = 0;
                        while (bits != 0) {
                            list[n++] = tap_ptr[PN_FL_CTZ(bits)];
                            bits &= bits - 1u;
                        }
                    }
                    r.n = n;
                    r.w = w;
                    r.q = chan[o];
                    if (r.groups_x > 0) {
                        row_fn(&r, out);
                    }
                    for (x0 = 4 * r.groups_x; x0 < output_dims->w; x0++) {
                        int32_t acc = chan[o].bias;
                        pn_fl_channel1(list, n, x0 * params->stride.w * 8, w, groups, tail, gstride, &acc);
                        if (fast) {
                            int32_t v = pn_sp_fast_requantize(acc, &chan[o]);
                            v = v < act_min ? act_min : v;
                            v = v > act_max ? act_max : v;
                            out[x0 * cout] = (int8_t)v;
                        } else {
                            const pn_sp_requant rq = pn_sp_requant_make(quant->multiplier[o], quant->shift[o]);
                            out[x0 * cout] = pn_sp_output(acc, &rq, params->output_offset, act_min, act_max);
                        }
                    }
                    w += n * cin;
                }
            }
        }
    }
    return PN_OK;
}

#endif /* PN_SPARSE_SIMD */
