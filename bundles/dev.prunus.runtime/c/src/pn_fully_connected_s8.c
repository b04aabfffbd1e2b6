/*
 * Prunus runtime: int8 fully connected layer, per-tensor quantization, batch >= 1.
 *
 * Batch rows are widened to int16 with the input offset added once, then multiplied by the weight rows
 * (pn_gemm_s8: 4 units x 1 row, or 2 units x 2 rows when two batch rows are available, SMLAD on the DSP path).
 * A non-zero filter offset (asymmetric weights, unusual for int8) takes a plain loop.
 */
#include "pn_kernels.h"
#include "pn_gemm_s8.h"

int32_t pn_fully_connected_s8_get_buffer_size(const pn_dims *filter_dims)
{
    return PN_GEMM_QUANT_BYTES(filter_dims->n) + 2 * PN_COL_S16_LEN(filter_dims->c) * (int32_t)sizeof(int16_t);
}

pn_status pn_fully_connected_s8(const pn_fc_params *params, const pn_quant *quant, const pn_dims *input_dims,
    const int8_t *input, const pn_dims *filter_dims, const int8_t *filter, const int32_t *bias,
    const pn_dims *output_dims, int8_t *output, void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || input_dims->h * input_dims->w * input_dims->c != filter_dims->c ||
        output_dims->c != filter_dims->n || output_dims->n != input_dims->n) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t k = filter_dims->c;
    const int32_t units = filter_dims->n;
    const int32_t batches = input_dims->n;
    const int32_t *multiplier = &quant->multiplier;
    const int32_t *shift = &quant->shift;
    if (params->filter_offset != 0) {
        for (int32_t b = 0; b < batches; b++) {
            const int8_t *row = input + b * k;
            for (int32_t u = 0; u < units; u++) {
                const int8_t *w = filter + u * k;
                int32_t acc = bias ? bias[u] : 0;
                for (int32_t i = 0; i < k; i++) {
                    acc += (row[i] + params->input_offset) * (w[i] + params->filter_offset);
                }
                acc = pn_requantize(acc, multiplier[u * 0], shift[u * 0]) + params->output_offset;
                acc = PN_MAX(acc, params->activation.min);
                acc = PN_MIN(acc, params->activation.max);
                output[b * units + u] = (int8_t)acc;
            }
        }
        return PN_OK;
    }
    pn_gemm_epilogue e = {bias, multiplier, shift, 0, params->output_offset, params->activation, 0, NULL};
    pn_gemm_s8_prepare(&e, units, k, 255 * 128, buffer);
    pn_gemm_s8_rows(input, batches, k, params->input_offset, filter, units, &e,
                    (int16_t *)((int8_t *)buffer + PN_GEMM_QUANT_BYTES(units)), output);
    return PN_OK;
}
