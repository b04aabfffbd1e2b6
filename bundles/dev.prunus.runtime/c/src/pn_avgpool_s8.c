/*
 * Prunus runtime: int8 average pooling (TFLM semantics: the window is clipped to the input, the sum is divided
 * by the number of valid elements rounding half away from zero, then clamped).
 *
 * DSP path: four channels per pass, their sums kept as int16 pairs (SXTAB16), exact while the clipped window
 * has at most 256 elements (|sum| <= 256 * 128); larger windows use the portable loop.
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

PN_INLINE int8_t pn_avg_finish(int32_t sum, int32_t count, const pn_activation *act)
{
    int32_t avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
    avg = PN_MAX(avg, act->min);
    avg = PN_MIN(avg, act->max);
    return (int8_t)avg;
}

pn_status pn_avgpool_s8(const pn_pool_params *params, const pn_dims *input_dims, const int8_t *input,
                        const pn_dims *output_dims, int8_t *output)
{
    if (!params || !input_dims || !input || !output_dims || !output || output_dims->c != input_dims->c ||
        output_dims->n != input_dims->n || params->stride.w < 1 || params->stride.h < 1 ||
        params->filter.w < 1 || params->filter.h < 1 || params->padding.w < 0 || params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t ch = input_dims->c;
    int8_t *out = output;
    for (int32_t b = 0; b < output_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)input_dims->h * (size_t)input_dims->w * (size_t)ch;
        for (int32_t oy = 0; oy < output_dims->h; oy++) {
            const int32_t y0 = oy * params->stride.h - params->padding.h;
            const int32_t ys = PN_MAX(0, -y0);
            const int32_t ye = PN_MIN(params->filter.h, input_dims->h - y0);
            for (int32_t ox = 0; ox < output_dims->w; ox++) {
                const int32_t x0 = ox * params->stride.w - params->padding.w;
                const int32_t xs = PN_MAX(0, -x0);
                const int32_t xe = PN_MIN(params->filter.w, input_dims->w - x0);
                const int32_t count = (ye - ys) * (xe - xs);
                if (ye <= ys || xe <= xs) {
                    return PN_ERROR_ARGUMENT; /* a window entirely in the padding: TFLM rejects it too */
                }
                int32_t c = 0;
#if defined(__ARM_FEATURE_DSP)
                if (count <= 256) {
                    for (; c + 3 < ch; c += 4) {
                        uint32_t even = 0, odd = 0;
                        for (int32_t fy = ys; fy < ye; fy++) {
                            const int8_t *p = in_b + ((size_t)(y0 + fy) * (size_t)input_dims->w + (size_t)(x0 + xs)) * (size_t)ch + (size_t)c;
                            for (int32_t fx = xs; fx < xe; fx++) {
                                const uint32_t v = (uint32_t)pn_read_s32(p);
                                even = __sxtab16(even, v);
                                odd = __sxtab16(odd, pn_ror8(v));
                                p += ch;
                            }
                        }
                        out[c] = pn_avg_finish((int16_t)(even & 0xFFFFu), count, &params->activation);
                        out[c + 1] = pn_avg_finish((int16_t)(odd & 0xFFFFu), count, &params->activation);
                        out[c + 2] = pn_avg_finish((int16_t)(even >> 16), count, &params->activation);
                        out[c + 3] = pn_avg_finish((int16_t)(odd >> 16), count, &params->activation);
                    }
                }
#endif
                for (; c < ch; c++) {
                    int32_t sum = 0;
                    for (int32_t fy = ys; fy < ye; fy++) {
                        const int8_t *p = in_b + ((size_t)(y0 + fy) * (size_t)input_dims->w + (size_t)(x0 + xs)) * (size_t)ch + (size_t)c;
                        for (int32_t fx = xs; fx < xe; fx++) {
                            sum += *p;
                            p += ch;
                        }
                    }
                    out[c] = pn_avg_finish(sum, count, &params->activation);
                }
                out += ch;
            }
        }
    }
    return PN_OK;
}
