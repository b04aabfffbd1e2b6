/*
 * Prunus runtime: generic int8 depthwise convolution (any depth multiplier, stride, padding, dilation).
 *
 * Depth multiplier 1 with at most PN_DW_MAX_TAPS filter taps (3x3, 5x5...), the common case, runs channel
 * group by channel group: for 4 channels at a time the weights are widened once into a small stack table
 * (int16 pairs in SXTB16 order) together with the biases and the requantization constants, then every output
 * pixel is computed for those 4 channels. Interior pixels start from the bias with the input offset folded in
 * (bias + input_offset * sum of weights) and read raw inputs; a pixel whose window crosses the border reads
 * a word of input zero points for each padded tap, whose contribution -input_offset * weight cancels the
 * folded term. Per tap and 4 channels: one LDR of inputs, one LDRD of weights, two SXTB16, four single MACs
 * (SMLABB/SMLATT) on the DSP path; the portable path does the same arithmetic in plain C.
 *
 * Output stage: when every channel of the group passes pn_dw_fast_ok (right shift in [1, 23], small sums), the
 * weights and the bias are doubled and the exact fast requantization of pn_depthwise_conv_s8_3x3.c is used
 * (SMMLAR with the rounding constant and output offset, a sign correction, one shift); otherwise the
 * accumulators go through pn_requantize. Remaining channels (count not a multiple of 4), other depth
 * multipliers and larger filters use a plain loop over the filter window clipped to the input.
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

/** Largest filter (taps = h * w) of the grouped path; its stack table takes 8 bytes per tap. */
#define PN_DW_MAX_TAPS 25

int32_t pn_depthwise_conv_s8_get_buffer_size(const pn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

PN_INLINE int8_t pn_dw_finish(int32_t acc, int32_t oc, const pn_dw_conv_params *p, const pn_per_channel_quant *q)
{
    acc = pn_requantize(acc, q->multiplier[oc], q->shift[oc]) + p->output_offset;
    acc = PN_MAX(acc, p->activation.min);
    acc = PN_MIN(acc, p->activation.max);
    return (int8_t)acc;
}

/**
 * Whether the fast output stage is exact for a channel: right shift in [1, 23] and |accumulator| < 2^29 for
 * taps products of at most 255 * 128 plus the bias (then the doubled accumulator, the high product t and
 * t + rounding constant + output offset * 2^right all stay inside int32).
 */
PN_INLINE int pn_dw_fast_ok(int32_t taps, int32_t bias, int32_t shift)
{
    const int64_t b = bias < 0 ? -(int64_t)bias : (int64_t)bias;
    return shift <= -1 && shift >= -23 && (int64_t)taps * (255 * 128) + b < ((int64_t)1 << 29);
}

/** Per-group state of the grouped path. */
typedef struct {
    int32_t w[2 * PN_DW_MAX_TAPS]; /* per tap: channels 0/2, then 1/3, as int16 pairs (scaled) */
    int32_t bias[4];               /* (bias + input_offset * sum of weights) * scale */
    int32_t m[4], h[4], right[4];  /* fast requantization constants */
    int fast;
} pn_dw_group;

/* acc(0..3) += the 4 int8 inputs of word xw times the weight pairs we (channels 0/2) and wo (1/3). */
#if defined(__ARM_FEATURE_DSP)
#define PN_DW_MAC(X, WE, WO)                                                                                    \
    do {                                                                                                         \
        int32_t e_, o_;                                                                                          \
        __asm("sxtb16 %[e], %[x]\n\t"                                                                            \
              "sxtb16 %[o], %[x], ror #8\n\t"                                                                    \
              "smlabb %[a0], %[e], %[we], %[a0]\n\t"                                                             \
              "smlatt %[a2], %[e], %[we], %[a2]\n\t"                                                             \
              "smlabb %[a1], %[o], %[wo], %[a1]\n\t"                                                             \
              "smlatt %[a3], %[o], %[wo], %[a3]\n\t"                                                             \
              : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [e] "=&r"(e_), [o] "=&r"(o_)          \
              : [x] "r"(X), [we] "r"(WE), [wo] "r"(WO));                                                         \
    } while (0)
#else
#define PN_DW_MAC(xw, we, wo)                                                                                    \
    do {                                                                                                         \
        const uint32_t xu_ = (uint32_t)(xw);                                                                     \
        const uint32_t weu_ = (uint32_t)(we);                                                                    \
        const uint32_t wou_ = (uint32_t)(wo);                                                                    \
        a0 += (int8_t)(xu_ & 0xFFu) * (int16_t)(weu_ & 0xFFFFu);                                                 \
        a2 += (int8_t)((xu_ >> 16) & 0xFFu) * (int16_t)(weu_ >> 16);                                             \
        a1 += (int8_t)((xu_ >> 8) & 0xFFu) * (int16_t)(wou_ & 0xFFFFu);                                          \
        a3 += (int8_t)(xu_ >> 24) * (int16_t)(wou_ >> 16);                                                       \
    } while (0)
#endif

/** Fills the group table of channels c..c+3. */
static void pn_dw_group_setup(pn_dw_group *g, const pn_dw_conv_params *p, const pn_per_channel_quant *q,
                              const int8_t *filter, int32_t taps, int32_t cout, const int32_t *bias, int32_t c)
{
    g->fast = 1;
    for (int32_t k = 0; k < 4; k++) {
        g->fast = g->fast && pn_dw_fast_ok(taps, bias ? bias[c + k] : 0, q->shift[c + k]);
    }
    const int32_t scale = g->fast ? 2 : 1;
    for (int32_t t = 0; t < 2 * taps; t++) {
        g->w[t] = 0;
    }
    for (int32_t k = 0; k < 4; k++) {
        int32_t sum = 0;
        for (int32_t t = 0; t < taps; t++) {
            const int32_t w = filter[t * cout + c + k];
            sum += w;
            uint32_t *word = (uint32_t *)&g->w[2 * t + (k & 1)];
            *word |= ((uint32_t)(w * scale) & 0xFFFFu) << (k >> 1 ? 16 : 0);
        }
        const uint32_t b = (uint32_t)(bias ? bias[c + k] : 0) + (uint32_t)(p->input_offset * sum);
        g->bias[k] = (int32_t)(b * (uint32_t)scale);
        const int32_t right = -q->shift[c + k];
        g->m[k] = q->multiplier[c + k];
        g->right[k] = g->fast ? right : 0;
        g->h[k] = g->fast ? (int32_t)((1u << (right - 1)) + (uint32_t)p->output_offset * (1u << right)) : 0;
    }
}

/** Output byte of channel k of the group (c = its first channel). */
PN_INLINE int8_t pn_dw_group_out(const pn_dw_group *g, int fast, int32_t k, int32_t acc, int32_t c,
                                 const pn_dw_conv_params *p, const pn_per_channel_quant *q, int32_t act_min,
                                 int32_t act_max)
{
    if (!fast) {
        return pn_dw_finish(acc, c + k, p, q);
    }
#if defined(__ARM_FEATURE_DSP)
    int32_t v;
    __asm("smmlar %0, %1, %2, %3" : "=r"(v) : "r"(acc), "r"(g->m[k]), "r"(g->h[k]));
#else
    const int32_t v = (int32_t)(((int64_t)g->h[k] * 4294967296LL + (int64_t)acc * g->m[k] + 2147483648LL) >> 32);
#endif
    int32_t y = (v + (acc >> 31)) >> g->right[k];
    y = PN_MAX(y, act_min);
    return (int8_t)PN_MIN(y, act_max);
}

/** Channels c..c+3 of every output pixel (depth multiplier 1); fast = g->fast as a compile-time constant. */
PN_INLINE void pn_dw_group_run(const pn_dw_group *g, int fast, const pn_dw_conv_params *p,
                               const pn_per_channel_quant *q, const pn_dims *in_d, const int8_t *input,
                               const pn_dims *f_d, const pn_dims *out_d, int8_t *output, int32_t c)
{
    const int32_t ch = in_d->c;
    const int32_t kh = f_d->h, kw = f_d->w;
    const int32_t dh = p->dilation.h, dw = p->dilation.w;
    const int32_t in_h = in_d->h, in_w = in_d->w;
    const int32_t col_step = dw * ch;
    const int32_t row_step = dh * in_w * ch;
    const int32_t zp = (int32_t)((uint32_t)(uint8_t)(int8_t)(-p->input_offset) * 0x01010101u);
    const int32_t act_min = p->activation.min, act_max = p->activation.max;
    int8_t *out = output + c;
    for (int32_t b = 0; b < out_d->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)ch + (size_t)c;
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            const int32_t y0 = oy * p->stride.h - p->padding.h;
            const int rows_inside = y0 >= 0 && y0 + (kh - 1) * dh < in_h;
            for (int32_t ox = 0; ox < out_d->w; ox++, out += ch) {
                const int32_t x0 = ox * p->stride.w - p->padding.w;
                int32_t a0 = g->bias[0], a1 = g->bias[1], a2 = g->bias[2], a3 = g->bias[3];
                const int32_t *wp = g->w;
                if (rows_inside && x0 >= 0 && x0 + (kw - 1) * dw < in_w) {
                    const int8_t *row = in_b + ((size_t)y0 * (size_t)in_w + (size_t)x0) * (size_t)ch;
                    if (kw == 3) { /* the common case, unrolled along the row */
                        for (int32_t ky = 0; ky < kh; ky++, row += row_step, wp += 6) {
                            PN_DW_MAC(pn_read_s32(row), wp[0], wp[1]);
                            PN_DW_MAC(pn_read_s32(row + col_step), wp[2], wp[3]);
                            PN_DW_MAC(pn_read_s32(row + 2 * col_step), wp[4], wp[5]);
                        }
                    } else {
                        for (int32_t ky = 0; ky < kh; ky++, row += row_step) {
                            const int8_t *px = row;
                            for (int32_t kx = 0; kx < kw; kx++, px += col_step, wp += 2) {
                                PN_DW_MAC(pn_read_s32(px), wp[0], wp[1]);
                            }
                        }
                    }
                } else {
                    for (int32_t ky = 0; ky < kh; ky++) {
                        const int32_t iy = y0 + ky * dh;
                        const int row_ok = iy >= 0 && iy < in_h;
                        for (int32_t kx = 0; kx < kw; kx++, wp += 2) {
                            const int32_t ix = x0 + kx * dw;
                            const int32_t xw = row_ok && ix >= 0 && ix < in_w
                                                   ? pn_read_s32(in_b + ((size_t)iy * (size_t)in_w + (size_t)ix) * (size_t)ch)
                                                   : zp;
                            PN_DW_MAC(xw, wp[0], wp[1]);
                        }
                    }
                }
                out[0] = pn_dw_group_out(g, fast, 0, a0, c, p, q, act_min, act_max);
                out[1] = pn_dw_group_out(g, fast, 1, a1, c, p, q, act_min, act_max);
                out[2] = pn_dw_group_out(g, fast, 2, a2, c, p, q, act_min, act_max);
                out[3] = pn_dw_group_out(g, fast, 3, a3, c, p, q, act_min, act_max);
            }
        }
    }
}

pn_status pn_depthwise_conv_s8(const pn_dw_conv_params *params, const pn_per_channel_quant *quant,
                               const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                               const int8_t *filter, const int32_t *bias, const pn_dims *output_dims,
                               int8_t *output, void *buffer)
{
    (void)buffer;
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        params->ch_mult < 1 || filter_dims->c != input_dims->c * params->ch_mult ||
        output_dims->c != filter_dims->c || output_dims->n != input_dims->n || params->stride.w < 1 ||
        params->stride.h < 1 || params->dilation.w < 1 || params->dilation.h < 1 || params->padding.w < 0 ||
        params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t cin = input_dims->c;
    const int32_t cout = output_dims->c;
    const int32_t mult = params->ch_mult;
    const int32_t io = params->input_offset;
    const int32_t taps = filter_dims->h * filter_dims->w;
    int32_t oc_first = 0; /* channels below it are done by the grouped path */
    if (mult == 1 && taps <= PN_DW_MAX_TAPS) {
        pn_dw_group g;
        for (; oc_first + 3 < cout; oc_first += 4) {
            pn_dw_group_setup(&g, params, quant, filter, taps, cout, bias, oc_first);
            if (g.fast) {
                pn_dw_group_run(&g, 1, params, quant, input_dims, input, filter_dims, output_dims, output, oc_first);
            } else {
                pn_dw_group_run(&g, 0, params, quant, input_dims, input, filter_dims, output_dims, output, oc_first);
            }
        }
        if (oc_first == cout) {
            return PN_OK;
        }
    }
    int8_t *out = output;
    for (int32_t b = 0; b < output_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)input_dims->h * (size_t)input_dims->w * (size_t)cin;
        for (int32_t oy = 0; oy < output_dims->h; oy++) {
            const int32_t y0 = oy * params->stride.h - params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ox++, out += cout) {
                const int32_t x0 = ox * params->stride.w - params->padding.w;
                for (int32_t oc = oc_first; oc < cout; oc++) {
                    const int32_t ic = oc / mult;
                    int32_t acc = bias ? bias[oc] : 0;
                    for (int32_t ky = 0; ky < filter_dims->h; ky++) {
                        const int32_t iy = y0 + ky * params->dilation.h;
                        if (iy < 0 || iy >= input_dims->h) {
                            continue;
                        }
                        for (int32_t kx = 0; kx < filter_dims->w; kx++) {
                            const int32_t ix = x0 + kx * params->dilation.w;
                            if (ix < 0 || ix >= input_dims->w) {
                                continue;
                            }
                            const int32_t x = in_b[((size_t)iy * (size_t)input_dims->w + (size_t)ix) * (size_t)cin + (size_t)ic];
                            const int32_t w = filter[((size_t)ky * (size_t)filter_dims->w + (size_t)kx) * (size_t)cout + (size_t)oc];
                            acc += (x + io) * w;
                        }
                    }
                    out[oc] = pn_dw_finish(acc, oc, params, quant);
                }
            }
        }
    }
    return PN_OK;
}
