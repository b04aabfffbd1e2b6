/*
 * Prunus runtime: int8 3x3 depthwise convolution, depth multiplier 1, any stride and padding, dilation 1.
 *
 * Once per call the input offset is folded into the bias (bias + input_offset * sum of the channel's 9
 * weights) and, on the DSP path, the weights are widened to int16 pairs laid out group by group (4 channels,
 * 9 taps, 2 words). Per output pixel the 9 tap addresses are computed once; a padded tap points at a row of
 * input zero points, which contributes exactly -input_offset * weight and cancels the folded term, so edge
 * pixels run the same code as interior ones. Per 4 channels and tap: one LDR of inputs, one LDRD of weights,
 * two SXTB16 and four single MACs (SMLABB/SMLATT), then a cheap exact requantization (pn_dsp.h).
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

int32_t pn_depthwise_conv_s8_3x3_get_buffer_size(const pn_dims *filter_dims)
{
    const int32_t c = filter_dims->c;
    return 28 * c + 72 * (c / 4) + ((c + 3) & ~3);
}

#if defined(__ARM_FEATURE_DSP)
#define PN_DW3_TAP(t)                                                                                            \
    do {                                                                                                         \
        const int32_t x = pn_read_s32(tap[t] + c);                                                               \
        const int32_t xe = __sxtb16(x);                                                                          \
        const int32_t xo = pn_sxtb16_ror8(x);                                                       \
        const int32_t we = wp[2 * (t)];                                                                          \
        const int32_t wo = wp[2 * (t) + 1];                                                                      \
        a0 = __smlabb(xe, we, a0);                                                                               \
        a2 = __smlatt(xe, we, a2);                                                                               \
        a1 = __smlabb(xo, wo, a1);                                                                               \
        a3 = __smlatt(xo, wo, a3);                                                                               \
    } while (0)
#endif

static void pn_dw3_run(const pn_dw_conv_params *p, const pn_per_channel_quant *q, const pn_dims *in_d,
                       const int8_t *input, const int8_t *filter, const pn_dims *out_d, int8_t *out,
                       pn_out_channel *table, const int32_t *wq, const int8_t *zrow, int fast)
{
    const int32_t ch = in_d->c;
    const int32_t out_offset = p->output_offset;
    const int32_t act_min = p->activation.min;
    const int32_t act_max = p->activation.max;
    const int8_t *tap[9];
    (void)wq;
    for (int32_t b = 0; b < out_d->n; b++) {
        const int8_t *in_b = input + (size_t)b * in_d->h * in_d->w * ch;
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            const int32_t y0 = oy * p->stride.h - p->padding.h;
            for (int32_t ox = 0; ox < out_d->w; ox++) {
                const int32_t x0 = ox * p->stride.w - p->padding.w;
                for (int32_t ky = 0; ky < 3; ky++) {
                    const int32_t iy = y0 + ky;
                    for (int32_t kx = 0; kx < 3; kx++) {
                        const int32_t ix = x0 + kx;
                        tap[ky * 3 + kx] = (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w)
                                               ? zrow
                                               : in_b + ((size_t)iy * in_d->w + ix) * ch;
                    }
                }
                int32_t c = 0;
#if defined(__ARM_FEATURE_DSP)
                const int32_t *wp = wq;
                for (; c + 3 < ch; c += 4) {
                    int32_t a0 = table[c].bias, a1 = table[c + 1].bias;
                    int32_t a2 = table[c + 2].bias, a3 = table[c + 3].bias;
                    PN_DW3_TAP(0);
                    PN_DW3_TAP(1);
                    PN_DW3_TAP(2);
                    PN_DW3_TAP(3);
                    PN_DW3_TAP(4);
                    PN_DW3_TAP(5);
                    PN_DW3_TAP(6);
                    PN_DW3_TAP(7);
                    PN_DW3_TAP(8);
                    wp += 18;
                    table[c].acc[0] = a0;
                    table[c + 1].acc[0] = a1;
                    table[c + 2].acc[0] = a2;
                    table[c + 3].acc[0] = a3;
                }
#endif
                for (; c < ch; c++) {
                    int32_t sum = table[c].bias;
                    for (int32_t t = 0; t < 9; t++) {
                        sum += tap[t][c] * filter[t * ch + c];
                    }
                    table[c].acc[0] = sum;
                }
                if (fast) {
                    pn_output_fast_1(table, ch, act_min, act_max, out);
                } else {
                    for (c = 0; c < ch; c++) {
                        int32_t y = pn_requantize(table[c].acc[0], q->multiplier[c], q->shift[c]) + out_offset;
                        y = PN_MAX(y, act_min);
                        out[c] = (int8_t)PN_MIN(y, act_max);
                    }
                }
                out += ch;
            }
        }
    }
}

pn_status pn_depthwise_conv_s8_3x3(const pn_dw_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const int8_t *filter, const int32_t *bias, const pn_dims *output_dims,
                                   int8_t *output, void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || input_dims->c < 1 || params->ch_mult != 1 || filter_dims->h != 3 || filter_dims->w != 3 ||
        filter_dims->c != input_dims->c || output_dims->c != input_dims->c || output_dims->n != input_dims->n ||
        params->stride.w < 1 || params->stride.h < 1 || params->dilation.w != 1 || params->dilation.h != 1 ||
        params->padding.w < 0 || params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t ch = input_dims->c;
    const int32_t groups = ch / 4;
    pn_out_channel *table = (pn_out_channel *)buffer;
    int32_t *wq = (int32_t *)(table + ch);
    int8_t *zrow = (int8_t *)(wq + 18 * groups);
    int fast = 1;
    for (int32_t c = 0; c < ch; c++) {
        int32_t sum = 0;
        for (int32_t t = 0; t < 9; t++) {
            sum += filter[t * ch + c];
        }
        const int32_t b = bias ? bias[c] : 0;
        table[c].bias = (int32_t)((uint32_t)b + (uint32_t)(params->input_offset * sum));
        fast = fast && pn_fast_quant_ok(9, b, quant->shift[c], 255 * 128);
        table[c].q = pn_fast_quant_make(quant->multiplier[c], quant->shift[c], params->output_offset);
    }
    memset(zrow, (int8_t)(-params->input_offset), (size_t)ch);
#if defined(__ARM_FEATURE_DSP)
    for (int32_t g = 0; g < groups; g++) {
        for (int32_t t = 0; t < 9; t++) {
            const int32_t w = pn_read_s32(filter + t * ch + 4 * g);
            wq[(g * 9 + t) * 2] = __sxtb16(w);
            wq[(g * 9 + t) * 2 + 1] = pn_sxtb16_ror8(w);
        }
    }
#endif
    pn_dw3_run(params, quant, input_dims, input, filter, output_dims, output, table, wq, zrow, fast);
    return PN_OK;
}
