/*
 * Prunus runtime: int8 max pooling over the window clipped to the input, then clamped (TFLM semantics).
 *
 * DSP path: four channels per pass with a byte-wise signed maximum (SSUB8 sets the per-byte GE flags, SEL
 * picks the larger bytes).
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

pn_status pn_maxpool_s8(const pn_pool_params *params, const pn_dims *input_dims, const int8_t *input,
                        const pn_dims *output_dims, int8_t *output)
{
    if (!params || !input_dims || !input || !output_dims || !output || output_dims->c != input_dims->c ||
        output_dims->n != input_dims->n || params->stride.w < 1 || params->stride.h < 1 ||
        params->filter.w < 1 || params->filter.h < 1 || params->padding.w < 0 || params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t ch = input_dims->c;
    const int32_t act_min = params->activation.min;
    const int32_t act_max = params->activation.max;
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
                int32_t c = 0;
#if defined(__ARM_FEATURE_DSP)
                for (; c + 3 < ch; c += 4) {
                    int32_t m = (int32_t)0x80808080u;
                    for (int32_t fy = ys; fy < ye; fy++) {
                        const int8_t *p = in_b + ((size_t)(y0 + fy) * (size_t)input_dims->w + (size_t)(x0 + xs)) * (size_t)ch + (size_t)c;
                        for (int32_t fx = xs; fx < xe; fx++) {
                            const int32_t v = pn_read_s32(p);
                            (void)__ssub8(v, m);
                            m = (int32_t)__sel(v, m);
                            p += ch;
                        }
                    }
                    for (int32_t i = 0; i < 4; i++) {
                        int32_t y = (int8_t)(((uint32_t)m >> (8 * i)) & 0xFFu);
                        y = PN_MAX(y, act_min);
                        y = PN_MIN(y, act_max);
                        out[c + i] = (int8_t)y;
                    }
                }
#endif
                for (; c < ch; c++) {
                    int32_t m = -128;
                    for (int32_t fy = ys; fy < ye; fy++) {
                        const int8_t *p = in_b + ((size_t)(y0 + fy) * (size_t)input_dims->w + (size_t)(x0 + xs)) * (size_t)ch + (size_t)c;
                        for (int32_t fx = xs; fx < xe; fx++) {
                            m = PN_MAX(m, *p);
                            p += ch;
                        }
                    }
                    m = PN_MAX(m, act_min);
                    m = PN_MIN(m, act_max);
                    out[c] = (int8_t)m;
                }
                out += ch;
            }
        }
    }
    return PN_OK;
}
