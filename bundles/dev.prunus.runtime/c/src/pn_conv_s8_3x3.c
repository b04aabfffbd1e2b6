/*
 * Prunus runtime: int8 3x3 convolution, any stride and padding, dilation 1.
 *
 * As pn_conv_s8 (im2col of two pixels, then pn_gemm_s8), but with cin % 4 == 0 each of the three kernel rows
 * of an output pixel is a contiguous run of 3 * cin input bytes that is widened straight into the column (no
 * intermediate patch copy); padded taps are written as zeros (input + offset = 0).
 */
#include "pn_kernels.h"
#include "pn_gemm_s8.h"
#include "pn_dsp.h"

int32_t pn_conv_s8_3x3_get_buffer_size(const pn_dims *filter_dims)
{
    const int32_t k = PN_COL_S16_LEN(9 * filter_dims->c);
    return PN_GEMM_QUANT_BYTES(filter_dims->n) + 2 * k * (int32_t)sizeof(int16_t) + k;
}

/* Builds the permuted column of pixel (oy, ox) when cin % 4 == 0 (every group lies inside one tap). */
static void pn_conv3x3_column(const pn_conv_params *p, const pn_dims *in_d, const int8_t *in_b, int32_t oy,
                              int32_t ox, int16_t *col, int32_t group_stride)
{
    const int32_t cin = in_d->c;
    const int32_t y0 = oy * p->stride.h - p->padding.h;
    const int32_t x0 = ox * p->stride.w - p->padding.w;
    const int32_t tap_groups = cin >> 2;
    for (int32_t ky = 0; ky < 3; ky++) {
        const int32_t iy = y0 + ky;
        if (iy < 0 || iy >= in_d->h) {
            for (int32_t g = 0; g < 3 * tap_groups; g++) {
                pn_write_s32(col, 0);
                pn_write_s32(col + 2, 0);
                col += group_stride;
            }
            continue;
        }
        const int8_t *row = in_b + (size_t)iy * (size_t)in_d->w * (size_t)cin;
        if (x0 >= 0 && x0 + 2 < in_d->w) {
            col = pn_s8_to_s16_perm(row + (size_t)x0 * (size_t)cin, 3 * cin, p->input_offset, col, group_stride);
            continue;
        }
        for (int32_t kx = 0; kx < 3; kx++) {
            const int32_t ix = x0 + kx;
            if (ix < 0 || ix >= in_d->w) {
                for (int32_t g = 0; g < tap_groups; g++) {
                    pn_write_s32(col, 0);
                    pn_write_s32(col + 2, 0);
                    col += group_stride;
                }
            } else {
                col = pn_s8_to_s16_perm(row + (size_t)ix * (size_t)cin, cin, p->input_offset, col, group_stride);
            }
        }
    }
}

/* Generic gather for cin % 4 != 0: int8 patch with the zero point in padded taps. */
static void pn_conv3x3_patch(const pn_conv_params *p, const pn_dims *in_d, const int8_t *in_b, int32_t oy,
                             int32_t ox, int8_t *patch)
{
    const int32_t cin = in_d->c;
    const int8_t pad_value = (int8_t)(-p->input_offset);
    const int32_t y0 = oy * p->stride.h - p->padding.h;
    const int32_t x0 = ox * p->stride.w - p->padding.w;
    for (int32_t ky = 0; ky < 3; ky++) {
        const int32_t iy = y0 + ky;
        for (int32_t kx = 0; kx < 3; kx++) {
            const int32_t ix = x0 + kx;
            if (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w) {
                memset(patch, pad_value, (size_t)cin);
            } else {
                memcpy(patch, in_b + ((size_t)iy * (size_t)in_d->w + (size_t)ix) * (size_t)cin, (size_t)cin);
            }
            patch += cin;
        }
    }
}

pn_status pn_conv_s8_3x3(const pn_conv_params *params, const pn_per_channel_quant *quant,
                         const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                         const int8_t *filter, const int32_t *bias, const pn_dims *output_dims, int8_t *output,
                         void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || filter_dims->h != 3 || filter_dims->w != 3 || input_dims->c != filter_dims->c ||
        output_dims->c != filter_dims->n || output_dims->n != input_dims->n || params->stride.w < 1 ||
        params->stride.h < 1 || params->dilation.w != 1 || params->dilation.h != 1 || params->padding.w < 0 ||
        params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t cin = input_dims->c;
    const int32_t k = 9 * cin;
    const int32_t cout = output_dims->c;
    const int direct = (cin & 3) == 0;
    pn_gemm_epilogue e = {bias, quant->multiplier, quant->shift, 1, params->output_offset, params->activation, 0, NULL};
    pn_gemm_s8_prepare(&e, cout, k, 255 * 128, buffer);

    int16_t *cols = (int16_t *)((int8_t *)buffer + PN_GEMM_QUANT_BYTES(cout));
    int8_t *patch = (int8_t *)(cols + 2 * PN_COL_S16_LEN(k));
    const size_t batch_size = (size_t)input_dims->h * (size_t)input_dims->w * (size_t)cin;
    int8_t *pending_out = NULL;
    int32_t pending_b = 0, pending_y = 0, pending_x = 0;
    int8_t *out = output;
    for (int32_t b = 0; b < output_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * batch_size;
        for (int32_t oy = 0; oy < output_dims->h; oy++) {
            for (int32_t ox = 0; ox < output_dims->w; ox++) {
                int16_t *slot = pending_out == NULL ? cols : cols + 4;
                if (direct) {
                    pn_conv3x3_column(params, input_dims, in_b, oy, ox, slot, 8);
                } else {
                    pn_conv3x3_patch(params, input_dims, in_b, oy, ox, patch);
                    pn_s8_to_s16_perm(patch, k, params->input_offset, slot, 8);
                }
                if (pending_out == NULL) {
                    pending_out = out;
                    pending_b = b;
                    pending_y = oy;
                    pending_x = ox;
                } else {
                    pn_gemm_s8_2col(cols, k, filter, cout, &e, pending_out, out);
                    pending_out = NULL;
                }
                out += cout;
            }
        }
    }
    if (pending_out != NULL) {
        const int8_t *in_b = input + (size_t)pending_b * batch_size;
        if (direct) {
            pn_conv3x3_column(params, input_dims, in_b, pending_y, pending_x, cols, 4);
        } else {
            pn_conv3x3_patch(params, input_dims, in_b, pending_y, pending_x, patch);
            pn_s8_to_s16_perm(patch, k, params->input_offset, cols, 4);
        }
        pn_gemm_s8_1col(cols, k, filter, cout, &e, pending_out);
    }
    return PN_OK;
}
