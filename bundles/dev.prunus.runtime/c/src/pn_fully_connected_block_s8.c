/*
 * Prunus runtime: block-sparse int8 fully connected layer (docs/sparse-format.md, section 2). Each input row
 * is widened once, then the shared block core (pn_block_gemm_s8.c) visits the kept blocks only.
 */
#include "pn_fully_connected_block_s8.h"
#include "pn_block_gemm_s8.h"

int32_t pn_fully_connected_block_s8_get_buffer_size(const pn_dims *filter_dims, int32_t block_size)
{
    if (filter_dims == NULL || filter_dims->c < 1 || (block_size != 4 && block_size != 8)) {
        return -1;
    }
    return 2 * ((filter_dims->c + block_size - 1) / block_size) * block_size;
}

pn_status pn_fully_connected_block_s8(const pn_fc_params *params, const pn_per_channel_quant *quant,
                                      int32_t per_channel, const pn_dims *input_dims, const int8_t *input,
                                      const pn_dims *filter_dims, int32_t block_size, const uint32_t *mask,
                                      const int8_t *weights, const int32_t *bias, const pn_dims *output_dims,
                                      int8_t *output, void *buffer)
{
    pn_block_gemm_args g;
    int32_t k;
    int32_t batches;
    int32_t r;
    int16_t *cols = (int16_t *)buffer;
    if (params == NULL || quant == NULL || quant->multiplier == NULL || quant->shift == NULL || input_dims == NULL
        || input == NULL || filter_dims == NULL || mask == NULL || output_dims == NULL || output == NULL
        || buffer == NULL || (block_size != 4 && block_size != 8) || params->filter_offset != 0
        || params->activation.min > params->activation.max || params->input_offset < -127
        || params->input_offset > 128) {
        return PN_ERROR_ARGUMENT;
    }
    k = input_dims->h * input_dims->w * input_dims->c;
    batches = input_dims->n;
    if (batches < 1 || k < 1 || filter_dims->c != k || filter_dims->n < 1 || output_dims->n != batches
        || output_dims->h * output_dims->w * output_dims->c != filter_dims->n) {
        return PN_ERROR_ARGUMENT;
    }
    g.cout = filter_dims->n;
    g.block_size = block_size;
    g.blocks = (k + block_size - 1) / block_size;
    g.mask_words = (g.blocks + 31) / 32;
    g.mask = mask;
    g.weights = weights;
    g.bias = bias;
    g.multiplier = quant->multiplier;
    g.shift = quant->shift;
    g.per_channel = per_channel;
    g.output_offset = params->output_offset;
    g.act_min = params->activation.min;
    g.act_max = params->activation.max;
    g.chan = NULL;
    for (r = 0; r < batches; r++) {
        pn_block_gemm_s8_widen(input + r * k, k, params->input_offset, g.blocks * block_size, cols);
        pn_block_gemm_s8(&g, cols, 1, 0, output + r * g.cout, g.cout);
    }
    return PN_OK;
}
