/*
 * Prunus runtime: int8 SUB and SQUARED_DIFFERENCE, bit-exact with TFLite Micro's SubElementwise and quantized
 * SquaredDifference and their broadcasting forms. Both rescale the inputs as ADD does (pn_add_s8.c) and walk the
 * output the same way; one always-inlined walker serves both, specialised by a constant.
 */
#include "pn_sub_s8.h"
#include "pn_broadcast.h"

PN_INLINE int8_t pn_difference_one(const pn_add_params *p, int32_t a, int32_t b, int32_t squared)
{
    const int32_t sa = pn_requantize((int32_t)((uint32_t)(a + p->input1_offset) << p->left_shift),
                                     p->input1_quant.multiplier, p->input1_quant.shift);
    const int32_t sb = pn_requantize((int32_t)((uint32_t)(b + p->input2_offset) << p->left_shift),
                                     p->input2_quant.multiplier, p->input2_quant.shift);
    const int32_t d = sa - sb;
    const int32_t raw = pn_requantize(squared ? d * d : d, p->output_quant.multiplier, p->output_quant.shift)
        + p->output_offset;
    return (int8_t)PN_CLAMP(raw, p->activation.min, p->activation.max);
}

PN_INLINE pn_status pn_difference_s8(const pn_add_params *params,
                                     const pn_dims *input1_dims, const int8_t *input1,
                                     const pn_dims *input2_dims, const int8_t *input2,
                                     const pn_dims *output_dims, int8_t *output, int32_t squared)
{
    pn_broadcast_strides s1;
    pn_broadcast_strides s2;
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
    if (params == NULL || input1 == NULL || input2 == NULL || output == NULL || input1_dims == NULL
        || input2_dims == NULL || output_dims == NULL || params->left_shift < 0 || params->left_shift > 22
        || params->output_quant.shift > 30
        || pn_broadcast_strides_of(input1_dims, output_dims, &s1) != 0
        || pn_broadcast_strides_of(input2_dims, output_dims, &s2) != 0) {
        return PN_ERROR_ARGUMENT;
    }
    for (n = 0; n < output_dims->n; n++) {
        for (h = 0; h < output_dims->h; h++) {
            for (w = 0; w < output_dims->w; w++) {
                const int8_t *a = input1 + n * s1.n + h * s1.h + w * s1.w;
                const int8_t *b = input2 + n * s2.n + h * s2.h + w * s2.w;
                for (c = 0; c < output_dims->c; c++) {
                    *output++ = pn_difference_one(params, a[c * s1.c], b[c * s2.c], squared);
                }
            }
        }
    }
    return PN_OK;
}

pn_status pn_sub_s8(const pn_add_params *params,
                    const pn_dims *input1_dims, const int8_t *input1,
                    const pn_dims *input2_dims, const int8_t *input2,
                    const pn_dims *output_dims, int8_t *output)
{
    return pn_difference_s8(params, input1_dims, input1, input2_dims, input2, output_dims, output, 0);
}

pn_status pn_squared_difference_s8(const pn_add_params *params,
                                   const pn_dims *input1_dims, const int8_t *input1,
                                   const pn_dims *input2_dims, const int8_t *input2,
                                   const pn_dims *output_dims, int8_t *output)
{
    return pn_difference_s8(params, input1_dims, input1, input2_dims, input2, output_dims, output, 1);
}
