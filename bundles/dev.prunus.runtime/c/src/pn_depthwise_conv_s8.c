/*
 * Prunus runtime: generic int8 depthwise convolution (any depth multiplier, stride, padding, dilation).
 *
 * Loop order: output pixel, then the clipped filter window, then input channel and multiplier, accumulating
 * into a per-pixel set of output channels held in registers four at a time. On the DSP path the four input
 * channels' values are widened with SXTB16 and multiplied with SMLABB/SMLATT (ch_mult == 1); other
 * multipliers use the portable loop. The filter window is clipped once per pixel, so no padded tap is visited.
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

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
    int8_t *out = output;
    for (int32_t b = 0; b < output_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * input_dims->h * input_dims->w * cin;
        for (int32_t oy = 0; oy < output_dims->h; oy++) {
            const int32_t y0 = oy * params->stride.h - params->padding.h;
            for (int32_t ox = 0; ox < output_dims->w; ox++) {
                const int32_t x0 = ox * params->stride.w - params->padding.w;
                int32_t oc = 0;
#if defined(__ARM_FEATURE_DSP)
                if (mult == 1) {
                    for (; oc + 3 < cout; oc += 4) {
                        int32_t a0 = bias ? bias[oc] : 0, a1 = bias ? bias[oc + 1] : 0;
                        int32_t a2 = bias ? bias[oc + 2] : 0, a3 = bias ? bias[oc + 3] : 0;
                        const int32_t io2 = (int32_t)(((uint32_t)io & 0xFFFFu) | ((uint32_t)io << 16));
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
                                const int32_t x = pn_read_s32(in_b + ((size_t)iy * input_dims->w + ix) * cin + oc);
                                const int32_t w = pn_read_s32(filter + ((size_t)ky * filter_dims->w + kx) * cout + oc);
                                const int32_t xe = __sadd16(__sxtb16(x), io2);
                                const int32_t xo = __sadd16(pn_sxtb16_ror8(x), io2);
                                const int32_t we = __sxtb16(w);
                                const int32_t wo = pn_sxtb16_ror8(w);
                                a0 = __smlabb(xe, we, a0);
                                a2 = __smlatt(xe, we, a2);
                                a1 = __smlabb(xo, wo, a1);
                                a3 = __smlatt(xo, wo, a3);
                            }
                        }
                        out[oc] = pn_dw_finish(a0, oc, params, quant);
                        out[oc + 1] = pn_dw_finish(a1, oc + 1, params, quant);
                        out[oc + 2] = pn_dw_finish(a2, oc + 2, params, quant);
                        out[oc + 3] = pn_dw_finish(a3, oc + 3, params, quant);
                    }
                }
#endif
                for (; oc < cout; oc++) {
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
                            const int32_t x = in_b[((size_t)iy * input_dims->w + ix) * cin + ic];
                            const int32_t w = filter[((size_t)ky * filter_dims->w + kx) * cout + oc];
                            acc += (x + io) * w;
                        }
                    }
                    out[oc] = pn_dw_finish(acc, oc, params, quant);
                }
                out += cout;
            }
        }
    }
    return PN_OK;
}
