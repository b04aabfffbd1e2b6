/*
 * Prunus runtime: filterlet-sparse KxK int8 convolution. Format: docs/sparse-format.md, section 1.
 */
#ifndef PN_CONVOLVE_FILTERLET_S8_H
#define PN_CONVOLVE_FILTERLET_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Scratch bytes of pn_convolve_filterlet_s8 (the same on every target, so arenas can be planned offline):
 * 2 * ceil4(Cin) * Wp * (KH + 1) + 16 * Cout, Wp = (Wout - 1) * stride_w + KW. Returns -1 for invalid
 * dimensions.
 *
 * @param params      stride is read
 * @param filter_dims OHWI dense filter shape [Cout, KH, KW, Cin]
 * @param output_dims NHWC output shape
 */
int32_t pn_convolve_filterlet_s8_get_buffer_size(const pn_conv_params *params, const pn_dims *filter_dims,
                                                 const pn_dims *output_dims);

/**
 * Filterlet-sparse 2-D convolution, per-channel quantization. Bit-exact with the dense convolution (TFLM
 * reference semantics, pn_conv_s8) run on the zero-filled dense weights. Only kept filterlets are read and
 * multiplied; pruned taps cost nothing but their mask bit.
 *
 * @param params      offsets, stride (>= 1), top/left padding (>= 0), dilation (must be 1), activation clamp
 * @param quant       per output channel multiplier (Q31, [2^30, 2^31) or 0) and shift ([-31, 30])
 * @param input_dims  NHWC input [n, h, w, cin]
 * @param input       int8 input
 * @param filter_dims dense OHWI filter shape [cout, kh, kw, cin]; 2 <= kh * kw <= 32
 * @param mask        ceil(cout / mask_group) * ceil(kh * kw / 16) uint16 tap masks (format section 1.1)
 * @param mask_group  output channels per mask, G: channel o uses mask o / G; a power of two in [1, 32]
 * @param weights     kept filterlets, cin int8 each (format section 1.2); any alignment
 * @param bias        int32 per output channel, or NULL
 * @param output_dims NHWC output [n, oh, ow, cout] as TFLM computes it from padding and stride
 * @param output      int8 output
 * @param buffer      scratch of pn_convolve_filterlet_s8_get_buffer_size() bytes, 4-byte aligned; unused by
 *                    the portable path (which accepts NULL)
 * @return PN_OK, or PN_ERROR_ARGUMENT for inconsistent dimensions or parameters (or a bad mask_group)
 */
pn_status pn_convolve_filterlet_s8(const pn_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const uint16_t *mask, int32_t mask_group, const int8_t *weights,
                                   const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer);

#ifdef __cplusplus
}
#endif

#endif /* PN_CONVOLVE_FILTERLET_S8_H */
