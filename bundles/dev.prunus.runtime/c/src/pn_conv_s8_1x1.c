/*
 * Prunus runtime: int8 1x1 convolution, stride 1, no padding: a matrix product of the [pixels x cin] input
 * with the [cout x cin] filter (pn_gemm_s8_rows: pixels widened two at a time, 2 channels x 2 pixels per inner
 * loop on the DSP path).
 */
#include "pn_kernels.h"
#include "pn_gemm_s8.h"

int32_t pn_conv_s8_1x1_get_buffer_size(const pn_dims *filter_dims)
{
    return PN_GEMM_QUANT_BYTES(filter_dims->n) + 2 * PN_COL_S16_LEN(filter_dims->c) * (int32_t)sizeof(int16_t);
}

pn_status pn_conv_s8_1x1(const pn_conv_params *params, const pn_per_channel_quant *quant,
                         const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                         const int8_t *filter, const int32_t *bias, const pn_dims *output_dims, int8_t *output,
                         void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || filter_dims->h != 1 || filter_dims->w != 1 || input_dims->c != filter_dims->c ||
        output_dims->c != filter_dims->n || output_dims->n != input_dims->n || output_dims->h != input_dims->h ||
        output_dims->w != input_dims->w || params->stride.w != 1 || params->stride.h != 1 ||
        params->padding.w != 0 || params->padding.h != 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t k = input_dims->c;
    const int32_t cout = output_dims->c;
    pn_gemm_epilogue e = {bias, quant->multiplier, quant->shift, 1, params->output_offset, params->activation, 0, NULL};
    pn_gemm_s8_prepare(&e, cout, k, 255 * 128, buffer);
    pn_gemm_s8_rows(input, input_dims->n * input_dims->h * input_dims->w, k, params->input_offset, filter, cout, &e,
                    (int16_t *)((int8_t *)buffer + PN_GEMM_QUANT_BYTES(cout)), output);
    return PN_OK;
}
