/*
 * Prunus runtime: int8 fully connected layer, per-unit quantization, batch >= 1.
 *
 * Batch rows are widened to int16 with the input offset added, in chunks of PN_FC_CHUNK values, then multiplied
 * by the weight rows (pn_gemm_s8_fc: 4 units per pass, SMLAD on the DSP path), each output requantized as soon
 * as its sum is complete.
 * A non-zero filter offset (asymmetric weights, unusual for int8) takes a plain loop.
 */
#include "pn_kernels.h"
#include "pn_gemm_s8.h"

pn_status pn_fully_connected_s8_per_channel(const pn_fc_params *params, const pn_per_channel_quant *quant, const pn_dims *input_dims,
    const int8_t *input, const pn_dims *filter_dims, const int8_t *filter, const int32_t *bias,
    const pn_dims *output_dims, int8_t *output, void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        (!buffer && filter_dims->c > 0) || input_dims->h * input_dims->w * input_dims->c != filter_dims->c ||
        output_dims->c != filter_dims->n || output_dims->n != input_dims->n) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t k = filter_dims->c;
    const int32_t units = filter_dims->n;
    const int32_t batches = input_dims->n;
    const int32_t *multiplier = quant->multiplier;
    const int32_t *shift = quant->shift;
    if (params->filter_offset != 0) {
        for (int32_t b = 0; b < batches; b++) {
            const int8_t *row = input + b * k;
            for (int32_t u = 0; u < units; u++) {
                const int8_t *w = filter + u * k;
                int32_t acc = bias ? bias[u] : 0;
                for (int32_t i = 0; i < k; i++) {
                    acc += (row[i] + params->input_offset) * (w[i] + params->filter_offset);
                }
                acc = pn_requantize(acc, multiplier[u * 1], shift[u * 1]) + params->output_offset;
                acc = PN_MAX(acc, params->activation.min);
                acc = PN_MIN(acc, params->activation.max);
                output[b * units + u] = (int8_t)acc;
            }
        }
        return PN_OK;
    }
    pn_gemm_epilogue e = {bias, multiplier, shift, 1, params->output_offset, params->activation, 0, NULL};
    pn_gemm_s8_fc(input, batches, k, params->input_offset, filter, units, &e, buffer, output);
    return PN_OK;
}
