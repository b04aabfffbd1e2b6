/*
 * Prunus runtime: block-sparse int8 1x1 convolution (docs/sparse-format.md, section 2). Four output pixels at
 * a time are widened into the scratch buffer; the shared block core (pn_block_gemm_s8.c) then reads each kept
 * weight block once for all four pixels.
 */
#include "pn_convolve_1x1_block_s8.h"
#include "pn_block_gemm_s8.h"

int32_t pn_convolve_1x1_block_s8_get_buffer_size(const pn_dims *filter_dims, int32_t block_size)
{
    if (filter_dims == NULL || filter_dims->c < 1 || (block_size != 4 && block_size != 8)) {
        return -1;
    }
    return 8 * ((filter_dims->c + block_size - 1) / block_size) * block_size
        + (int32_t)sizeof(pn_sp_fast_quant) * filter_dims->n;
}

pn_status pn_convolve_1x1_block_s8(const pn_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   int32_t block_size, const uint32_t *mask, const int8_t *weights,
                                   const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer)
{
    pn_block_gemm_args g;
    int32_t cin;
    int32_t len;
    int32_t pixels;
    int32_t p;
    int16_t *cols = (int16_t *)buffer;
    if (params == NULL || quant == NULL || quant->multiplier == NULL || quant->shift == NULL || input_dims == NULL
        || input == NULL || filter_dims == NULL || mask == NULL || output_dims == NULL || output == NULL
        || buffer == NULL || (block_size != 4 && block_size != 8)) {
        return PN_ERROR_ARGUMENT;
    }
    cin = input_dims->c;
    if (input_dims->n < 1 || input_dims->h < 1 || input_dims->w < 1 || cin < 1 || filter_dims->h != 1
        || filter_dims->w != 1 || filter_dims->c != cin || filter_dims->n < 1 || output_dims->n != input_dims->n
        || output_dims->c != filter_dims->n || params->stride.h < 1 || params->stride.w < 1
        || params->padding.h != 0 || params->padding.w != 0 || params->dilation.h != 1 || params->dilation.w != 1
        || output_dims->h != (input_dims->h + params->stride.h - 1) / params->stride.h
        || output_dims->w != (input_dims->w + params->stride.w - 1) / params->stride.w
        || params->activation.min > params->activation.max || params->input_offset < -127
        || params->input_offset > 128) {
        return PN_ERROR_ARGUMENT;
    }
    g.cout = filter_dims->n;
    g.block_size = block_size;
    g.blocks = (cin + block_size - 1) / block_size;
    g.mask_words = (g.blocks + 31) / 32;
    g.mask = mask;
    g.weights = weights;
    g.bias = bias;
    g.multiplier = quant->multiplier;
    g.shift = quant->shift;
    g.per_channel = 1;
    g.output_offset = params->output_offset;
    g.act_min = params->activation.min;
    g.act_max = params->activation.max;
    g.chan = NULL;
    len = g.blocks * block_size;
    pn_block_gemm_s8_prepare(&g, (pn_sp_fast_quant *)(void *)(cols + 4 * len));
    pixels = output_dims->n * output_dims->h * output_dims->w;
    for (p = 0; p < pixels; p += 4) {
        const int32_t rows = pixels - p < 4 ? pixels - p : 4;
        const int8_t *src[4];
        int32_t r;
        for (r = 0; r < rows; r++) {
            const int32_t q = p + r;
            const int32_t n = q / (output_dims->h * output_dims->w);
            const int32_t y = (q / output_dims->w) % output_dims->h;
            const int32_t x = q % output_dims->w;
            src[r] = input + ((n * input_dims->h + y * params->stride.h) * input_dims->w + x * params->stride.w) * cin;
        }
        pn_block_gemm_s8_widen4(src, rows, cin, params->input_offset, len, cols);
        pn_block_gemm_s8(&g, cols, rows, 1, output + p * g.cout, g.cout);
    }
    return PN_OK;
}
