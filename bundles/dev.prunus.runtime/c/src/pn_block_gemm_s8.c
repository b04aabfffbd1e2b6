/*
 * Prunus runtime: block-sparse matrix core (docs/sparse-format.md, section 2).
 *
 * Input rows are widened once to int16 with the input offset added. For one row (fully connected) the layout is
 * the row itself (SIMD path: groups of four permuted v0 v2 v1 v3); for four rows (1x1 convolution) the rows are
 * interleaved per group of four channels, so that one pointer reaches the four rows' words of a block.
 * For every output row of the matrix the kept blocks are found from the 32-bit mask words (a
 * count-trailing-zeros loop, or a straight run when a word is all ones); each kept block's weight words are
 * loaded and widened (SXTB16) once and multiplied by SMLAD with the input rows. Pruned blocks cost nothing but
 * their mask bit. The epilogue is the cheap exact requantization when every accumulator is provably below 2^29.
 */
#include "pn_block_gemm_s8.h"

#if defined(__GNUC__)
#define PN_BG_CTZ(x) ((int32_t)__builtin_ctz(x))
#else
static int32_t pn_bg_ctz(uint32_t x)
{
    int32_t n = 0;
    while ((x & 1u) == 0) {
        x >>= 1;
        n++;
    }
    return n;
}
#define PN_BG_CTZ(x) pn_bg_ctz(x)
#endif

/* Value j of an input row as stored (offset added; permuted within groups on the SIMD path, zero padded). */
PN_INLINE int16_t pn_bg_value(const int8_t *src, int32_t cin, int32_t offset, int32_t j)
{
#if PN_SPARSE_SIMD
    static const int8_t perm[4] = {0, 2, 1, 3};
    const int32_t k = (j & ~3) + perm[j & 3];
#else
    const int32_t k = j;
#endif
    return (int16_t)(k < cin ? src[k] + offset : 0);
}

void pn_block_gemm_s8_widen(const int8_t *src, int32_t cin, int32_t offset, int32_t padded, int16_t *dst)
{
    int32_t j;
    for (j = 0; j < padded; j++) {
        dst[j] = pn_bg_value(src, cin, offset, j);
    }
}

void pn_block_gemm_s8_widen4(const int8_t *const *src, int32_t rows, int32_t cin, int32_t offset, int32_t padded,
                             int16_t *dst)
{
    int32_t r;
    for (r = 0; r < 4; r++) {
        int16_t *d = dst + r * 4;
        int32_t j = 0;
        if (r >= rows) {
            for (; j < padded; j += 4, d += 16) {
                d[0] = d[1] = d[2] = d[3] = 0;
            }
            continue;
        }
#if PN_SPARSE_SIMD && defined(__ARM_FEATURE_DSP)
        {
            const int32_t offset2 = (int32_t)(((uint32_t)offset & 0xFFFFu) | ((uint32_t)offset << 16));
            const int8_t *s = src[r];
            for (; j + 4 <= cin; j += 4, d += 16, s += 4) {
                const int32_t v = pn_sp_read32(s);
                int32_t *dw = (int32_t *)(void *)d;
                dw[0] = (int32_t)__sadd16((uint32_t)pn_sp_sxtb16(v), (uint32_t)offset2);
                dw[1] = (int32_t)__sadd16((uint32_t)pn_sp_sxtb16_ror8(v), (uint32_t)offset2);
            }
        }
#endif
        for (; j < padded; j += 4, d += 16) {
            d[0] = pn_bg_value(src[r], cin, offset, j);
            d[1] = pn_bg_value(src[r], cin, offset, j + 1);
            d[2] = pn_bg_value(src[r], cin, offset, j + 2);
            d[3] = pn_bg_value(src[r], cin, offset, j + 3);
        }
    }
}

/* Epilogue constants of output row o. */
typedef struct {
    int fast;
    pn_sp_fast_quant fq;
    pn_sp_requant rq;
} pn_bg_quant;

PN_INLINE void pn_bg_quant_of(const pn_block_gemm_args *g, int32_t o, int64_t max_abs_sum, pn_bg_quant *q)
{
    const int32_t qi = g->per_channel ? o : 0;
    const int32_t b = g->bias != NULL ? g->bias[o] : 0;
    memset(q, 0, sizeof(*q));
    q->fast = pn_sp_fast_ok(g->shift[qi], b, max_abs_sum);
    if (q->fast) {
        q->fq = pn_sp_fast_make(g->multiplier[qi], g->shift[qi], b, g->output_offset);
    } else {
        q->fq.bias = b;
        q->rq = pn_sp_requant_make(g->multiplier[qi], g->shift[qi]);
    }
}

PN_INLINE int8_t pn_bg_out(int32_t acc, const pn_bg_quant *q, const pn_block_gemm_args *g)
{
    int32_t v;
    if (!q->fast) {
        return pn_sp_output(acc, &q->rq, g->output_offset, g->act_min, g->act_max);
    }
    v = pn_sp_fast_requantize(acc, &q->fq);
    v = v < g->act_min ? g->act_min : v;
    return (int8_t)(v > g->act_max ? g->act_max : v);
}

void pn_block_gemm_s8_prepare(pn_block_gemm_args *g, pn_sp_fast_quant *chan)
{
    const int64_t max_abs_sum = (int64_t)g->blocks * g->block_size * 255 * 128;
    int32_t o;
    g->chan = NULL;
    for (o = 0; o < g->cout; o++) {
        const int32_t qi = g->per_channel ? o : 0;
        if (!pn_sp_fast_ok(g->shift[qi], g->bias != NULL ? g->bias[o] : 0, max_abs_sum)) {
            return;
        }
    }
    for (o = 0; o < g->cout; o++) {
        const int32_t qi = g->per_channel ? o : 0;
        chan[o] = pn_sp_fast_make(g->multiplier[qi], g->shift[qi], g->bias != NULL ? g->bias[o] : 0,
                                  g->output_offset);
    }
    g->chan = chan;
}

#if PN_SPARSE_SIMD

/* One row: dot products of the kept blocks (WORDS weight words each) with one widened input row. */
#define PN_BG_ROWS1_FN(name, WORDS)                                                                             \
    static void name(const pn_block_gemm_args *g, const int16_t *cols, int8_t *out, int64_t max_abs_sum)      \
    {                                                                                                         \
        const int8_t *w = g->weights;                                                                         \
        const uint32_t *mask = g->mask;                                                                       \
        int32_t o;                                                                                            \
        for (o = 0; o < g->cout; o++) {                                                                       \
            pn_bg_quant q;                                                                                    \
            int32_t a = 0;                                                                                    \
            int32_t b = 0;                                                                                    \
            int32_t j;                                                                                        \
            pn_bg_quant_of(g, o, max_abs_sum, &q);                                                            \
            for (j = 0; j < g->mask_words; j++) {                                                             \
                uint32_t bits = *mask++;                                                                      \
                const int32_t *base = (const int32_t *)(const void *)cols + j * 64 * (WORDS);                 \
                if (bits == 0xFFFFFFFFu) {                                                                    \
                    const int32_t *p = base;                                                                  \
                    int32_t k;                                                                                \
                    for (k = 0; k < 16 * (WORDS); k++) {                                                      \
                        const int32_t wv = pn_sp_read32(w);                                                   \
                        const int32_t wu = pn_sp_read32(w + 4);                                               \
                        int32_t x0;                                                                           \
                        int32_t x1;                                                                           \
                        w += 8;                                                                               \
                        PN_SP_LOAD2(p, x0, x1);                                                               \
                        a = pn_sp_smlad(pn_sp_sxtb16(wv), x0, a);                                             \
                        b = pn_sp_smlad(pn_sp_sxtb16_ror8(wv), x1, b);                                        \
                        PN_SP_LOAD2(p, x0, x1);                                                               \
                        a = pn_sp_smlad(pn_sp_sxtb16(wu), x0, a);                                             \
                        b = pn_sp_smlad(pn_sp_sxtb16_ror8(wu), x1, b);                                        \
                    }                                                                                         \
                    continue;                                                                                 \
                }                                                                                             \
                while (bits != 0) {                                                                           \
                    const int32_t *p = base + PN_BG_CTZ(bits) * 2 * (WORDS);                                  \
                    int32_t x0;                                                                               \
                    int32_t x1;                                                                               \
                    int32_t wv = pn_sp_read32(w);                                                             \
                    bits &= bits - 1u;                                                                        \
                    PN_SP_LOAD2_AT(p, 0, x0, x1);                                                             \
                    a = pn_sp_smlad(pn_sp_sxtb16(wv), x0, a);                                                 \
                    b = pn_sp_smlad(pn_sp_sxtb16_ror8(wv), x1, b);                                            \
                    if ((WORDS) == 2) {                                                                       \
                        wv = pn_sp_read32(w + 4);                                                             \
                        PN_SP_LOAD2_AT(p, 8, x0, x1);                                                         \
                        a = pn_sp_smlad(pn_sp_sxtb16(wv), x0, a);                                             \
                        b = pn_sp_smlad(pn_sp_sxtb16_ror8(wv), x1, b);                                        \
                    }                                                                                         \
                    w += 4 * (WORDS);                                                                         \
                }                                                                                             \
            }                                                                                                 \
            out[o] = pn_bg_out(a + b + q.fq.bias, &q, g);                                                     \
        }                                                                                                     \
    }

PN_BG_ROWS1_FN(pn_bg_rows1_b4, 1)
PN_BG_ROWS1_FN(pn_bg_rows1_b8, 2)

/* One weight word times the four interleaved rows at byte offset OFF of p. */
#define PN_BG_WORD4(OFF)                                        \
    do {                                                        \
        const int32_t wv_ = pn_sp_read32(w);                    \
        const int32_t w02_ = pn_sp_sxtb16(wv_);                 \
        const int32_t w13_ = pn_sp_sxtb16_ror8(wv_);            \
        int32_t x0_;                                            \
        int32_t x1_;                                            \
        w += 4;                                                 \
        PN_SP_LOAD2_AT(p, (OFF), x0_, x1_);                     \
        a0 = pn_sp_smlad(w02_, x0_, a0);                        \
        a0 = pn_sp_smlad(w13_, x1_, a0);                        \
        PN_SP_LOAD2_AT(p, (OFF) + 8, x0_, x1_);                 \
        a1 = pn_sp_smlad(w02_, x0_, a1);                        \
        a1 = pn_sp_smlad(w13_, x1_, a1);                        \
        PN_SP_LOAD2_AT(p, (OFF) + 16, x0_, x1_);                \
        a2 = pn_sp_smlad(w02_, x0_, a2);                        \
        a2 = pn_sp_smlad(w13_, x1_, a2);                        \
        PN_SP_LOAD2_AT(p, (OFF) + 24, x0_, x1_);                \
        a3 = pn_sp_smlad(w02_, x0_, a3);                        \
        a3 = pn_sp_smlad(w13_, x1_, a3);                        \
    } while (0)

/* Four interleaved rows (pn_block_gemm_s8_widen4): each kept block's weights feed the four rows. */
#define PN_BG_ROWS4_FN(name, WORDS)                                                                             \
    static void name(const pn_block_gemm_args *g, const int16_t *cols, int32_t rows, int8_t *out,             \
                     int32_t out_stride, int64_t max_abs_sum)                                                 \
    {                                                                                                         \
        const int8_t *w = g->weights;                                                                         \
        const uint32_t *mask = g->mask;                                                                       \
        int32_t o;                                                                                            \
        for (o = 0; o < g->cout; o++) {                                                                       \
            pn_bg_quant q;                                                                                    \
            int32_t a0;                                                                                       \
            int32_t a1;                                                                                       \
            int32_t a2;                                                                                       \
            int32_t a3;                                                                                       \
            int32_t j;                                                                                        \
            if (g->chan != NULL) {                                                                            \
                q.fast = 1;                                                                                   \
                q.fq = g->chan[o];                                                                            \
            } else {                                                                                          \
                pn_bg_quant_of(g, o, max_abs_sum, &q);                                                        \
            }                                                                                                 \
            a0 = a1 = a2 = a3 = q.fq.bias;                                                                    \
            for (j = 0; j < g->mask_words; j++) {                                                             \
                uint32_t bits = *mask++;                                                                      \
                const int32_t *base = (const int32_t *)(const void *)cols + j * 256 * (WORDS);                \
                while (bits != 0) {                                                                           \
                    const int32_t *p = base + PN_BG_CTZ(bits) * 8 * (WORDS);                                  \
                    bits &= bits - 1u;                                                                        \
                    PN_BG_WORD4(0);                                                                           \
                    if ((WORDS) == 2) {                                                                       \
                        PN_BG_WORD4(32);                                                                      \
                    }                                                                                         \
                }                                                                                             \
            }                                                                                                 \
            if (g->chan != NULL && rows == 4) {                                                               \
                const pn_sp_fast_quant fq = q.fq;                                                             \
                const int32_t lo = g->act_min;                                                                \
                const int32_t hi = g->act_max;                                                                \
                PN_SP_STORE(a0, out + o, fq, lo, hi);                                                         \
                PN_SP_STORE(a1, out + out_stride + o, fq, lo, hi);                                            \
                PN_SP_STORE(a2, out + 2 * out_stride + o, fq, lo, hi);                                        \
                PN_SP_STORE(a3, out + 3 * out_stride + o, fq, lo, hi);                                        \
                continue;                                                                                     \
            }                                                                                                 \
            out[o] = pn_bg_out(a0, &q, g);                                                                    \
            if (rows > 1) {                                                                                   \
                out[out_stride + o] = pn_bg_out(a1, &q, g);                                                   \
            }                                                                                                 \
            if (rows > 2) {                                                                                   \
                out[2 * out_stride + o] = pn_bg_out(a2, &q, g);                                               \
            }                                                                                                 \
            if (rows > 3) {                                                                                   \
                out[3 * out_stride + o] = pn_bg_out(a3, &q, g);                                               \
            }                                                                                                 \
        }                                                                                                     \
    }

PN_BG_ROWS4_FN(pn_bg_rows4_b4, 1)
PN_BG_ROWS4_FN(pn_bg_rows4_b8, 2)

#endif /* PN_SPARSE_SIMD */

void pn_block_gemm_s8(const pn_block_gemm_args *args, const int16_t *cols, int32_t rows, int32_t interleaved,
                      int8_t *out, int32_t out_stride)
{
    const int32_t len = args->blocks * args->block_size;
    /* |input + offset| <= 255 and |weight| <= 128 bound every accumulator (bias added by pn_sp_fast_ok) */
    const int64_t max_abs_sum = (int64_t)len * 255 * 128;
#if PN_SPARSE_SIMD
    if (!interleaved) {
        if (args->block_size == 4) {
            pn_bg_rows1_b4(args, cols, out, max_abs_sum);
        } else {
            pn_bg_rows1_b8(args, cols, out, max_abs_sum);
        }
    } else if (args->block_size == 4) {
        pn_bg_rows4_b4(args, cols, rows, out, out_stride, max_abs_sum);
    } else {
        pn_bg_rows4_b8(args, cols, rows, out, out_stride, max_abs_sum);
    }
#else
    const int32_t bsz = args->block_size;
    int32_t r;
    for (r = 0; r < rows; r++) {
        const int8_t *w = args->weights;
        const uint32_t *mask = args->mask;
        int32_t o;
        for (o = 0; o < args->cout; o++) {
            pn_bg_quant q;
            int32_t acc;
            int32_t j;
            pn_bg_quant_of(args, o, max_abs_sum, &q);
            acc = q.fq.bias;
            for (j = 0; j < args->mask_words; j++) {
                uint32_t bits = *mask++;
                while (bits != 0) {
                    const int32_t first = (j * 32 + PN_BG_CTZ(bits)) * bsz;
                    int32_t k;
                    bits &= bits - 1u;
                    for (k = 0; k < bsz; k++) {
                        const int32_t idx = first + k;
                        /* one row: plain layout; several rows: interleaved per group of four */
                        const int16_t x = !interleaved ? cols[idx] : cols[(idx >> 2) * 16 + r * 4 + (idx & 3)];
                        acc += w[k] * x;
                    }
                    w += bsz;
                }
            }
            out[r * out_stride + o] = pn_bg_out(acc, &q, args);
        }
    }
    (void)len;
#endif
}
