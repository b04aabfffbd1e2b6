/*
 * Prunus runtime: generic int8 2-D convolution (per-channel quantization, stride, padding, dilation).
 *
 * Method: im2col of two output pixels at a time. The receptive field of a pixel is gathered into an int8 patch
 * (padded taps filled with the input zero point, so that with the input offset added they contribute 0), then
 * widened to int16 with the offset added once, and multiplied by all filters (pn_gemm_s8: 2 channels x 2
 * pixels per inner loop with SMLAD on the DSP path).
 */
#include "pn_kernels.h"
#include "pn_gemm_s8.h"
#include "pn_dsp.h"

int32_t pn_conv_s8_get_buffer_size(const pn_dims *filter_dims)
{
    const int32_t k = PN_COL_S16_LEN(filter_dims->h * filter_dims->w * filter_dims->c);
    return PN_GEMM_QUANT_BYTES(filter_dims->n) + 2 * k * (int32_t)sizeof(int16_t) + k;
}

/* Copies the receptive field of output pixel (oy, ox) of batch b into patch (k int8 values, OHWI tap order). */
static void pn_conv_gather(const pn_conv_params *p, const pn_dims *in_d, const int8_t *in, int32_t kh, int32_t kw,
                           int32_t b, int32_t oy, int32_t ox, int8_t *patch)
{
    const int32_t cin = in_d->c;
    const int8_t pad_value = (int8_t)(-p->input_offset);
    const int32_t y0 = oy * p->stride.h - p->padding.h;
    const int32_t x0 = ox * p->stride.w - p->padding.w;
    for (int32_t ky = 0; ky < kh; ky++) {
        const int32_t iy = y0 + ky * p->dilation.h;
        for (int32_t kx = 0; kx < kw; kx++) {
            const int32_t ix = x0 + kx * p->dilation.w;
            if (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w) {
                memset(patch, pad_value, (size_t)cin);
            } else {
                memcpy(patch, in + (((size_t)b * (size_t)in_d->h + (size_t)iy) * (size_t)in_d->w + (size_t)ix) * (size_t)cin, (size_t)cin);
            }
            patch += cin;
        }
    }
}

pn_status pn_conv_s8(const pn_conv_params *params, const pn_per_channel_quant *quant, const pn_dims *input_dims,
                     const int8_t *input, const pn_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                     const pn_dims *output_dims, int8_t *output, void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || input_dims->c != filter_dims->c || output_dims->c != filter_dims->n ||
        output_dims->n != input_dims->n || params->stride.w < 1 || params->stride.h < 1 ||
        params->dilation.w < 1 || params->dilation.h < 1 || params->padding.w < 0 || params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t kh = filter_dims->h;
    const int32_t kw = filter_dims->w;
    const int32_t k = kh * kw * input_dims->c;
    const int32_t cout = output_dims->c;
    pn_gemm_epilogue e = {bias, quant->multiplier, quant->shift, 1, params->output_offset, params->activation, 0, NULL};
    pn_gemm_s8_prepare(&e, cout, k, 255 * 128, buffer);

    int16_t *cols = (int16_t *)((int8_t *)buffer + PN_GEMM_QUANT_BYTES(cout));
    int8_t *patch = (int8_t *)(cols + 2 * PN_COL_S16_LEN(k));
    int8_t *pending_out = NULL;
    int8_t *out = output;
    for (int32_t b = 0; b < output_dims->n; b++) {
        for (int32_t oy = 0; oy < output_dims->h; oy++) {
            for (int32_t ox = 0; ox < output_dims->w; ox++) {
                pn_conv_gather(params, input_dims, input, kh, kw, b, oy, ox, patch);
                if (pending_out == NULL) {
                    pn_s8_to_s16_perm(patch, k, params->input_offset, cols, 8);
                    pending_out = out;
                } else {
                    pn_s8_to_s16_perm(patch, k, params->input_offset, cols + 4, 8);
                    pn_gemm_s8_2col(cols, k, filter, cout, &e, pending_out, out);
                    pending_out = NULL;
                }
                out += cout;
            }
        }
    }
    if (pending_out != NULL) {
        /* The patch still holds the last pixel: redo it as a single column. */
        pn_s8_to_s16_perm(patch, k, params->input_offset, cols, 4);
        pn_gemm_s8_1col(cols, k, filter, cout, &e, pending_out);
    }
    return PN_OK;
}
