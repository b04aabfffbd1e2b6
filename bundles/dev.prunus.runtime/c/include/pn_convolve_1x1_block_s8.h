/*
 * Prunus runtime: block-sparse int8 1x1 convolution. Format: docs/sparse-format.md, section 2.
 */
#ifndef PN_CONVOLVE_1X1_BLOCK_S8_H
#define PN_CONVOLVE_1X1_BLOCK_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Scratch bytes of pn_convolve_1x1_block_s8: 8 * ceil(cin / block_size) * block_size (four pixels widened to
 * int16) + 16 * cout (per-channel epilogue constants), the same on every target. Returns -1 for invalid
 * arguments.
 *
 * @param filter_dims dense OHWI filter shape [cout, 1, 1, cin]
 * @param block_size  4 or 8
 */
int32_t pn_convolve_1x1_block_s8_get_buffer_size(const pn_dims *filter_dims, int32_t block_size);

/**
 * Block-sparse 1x1 convolution, per-channel quantization. Bit-exact with the dense convolution (TFLM
 * reference semantics, pn_conv_s8 / pn_conv_s8_1x1) on the zero-filled dense weights.
 *
 * @param params      offsets, stride (>= 1), padding (must be 0), dilation (must be 1), activation clamp
 * @param quant       per output channel multiplier (Q31, [2^30, 2^31) or 0) and shift ([-31, 30])
 * @param input_dims  NHWC input [n, h, w, cin]
 * @param input       int8 input
 * @param filter_dims dense OHWI filter shape [cout, 1, 1, cin]
 * @param block_size  4 or 8 weights per block
 * @param mask        cout * ceil(ceil(cin / block_size) / 32) uint32 block masks (format section 2.1)
 * @param weights     kept blocks, block_size bytes each (format section 2.2), 4-byte aligned
 * @param bias        int32 per output channel, or NULL
 * @param output_dims NHWC output [n, oh, ow, cout], oh = ceil(h / stride_h), ow = ceil(w / stride_w)
 * @param output      int8 output
 * @param buffer      scratch of pn_convolve_1x1_block_s8_get_buffer_size() bytes, 4-byte aligned
 * @return PN_OK, or PN_ERROR_ARGUMENT for inconsistent dimensions or parameters
 */
pn_status pn_convolve_1x1_block_s8(const pn_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   int32_t block_size, const uint32_t *mask, const int8_t *weights,
                                   const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer);

#ifdef __cplusplus
}
#endif

#endif /* PN_CONVOLVE_1X1_BLOCK_S8_H */
