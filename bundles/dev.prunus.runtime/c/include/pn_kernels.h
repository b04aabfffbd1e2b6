/*
 * Prunus runtime: dense int8 kernels (convolution, depthwise convolution, fully connected, pooling).
 *
 * Semantics are those of TensorFlow Lite Micro's reference int8 kernels, bit for bit: an output value is
 *   clamp(requantize(bias[o] + sum (input + input_offset) * weight, multiplier[o], shift[o]) + output_offset)
 * with pn_requantize's double rounding. Padded input positions contribute nothing. Tensors are NHWC.
 *
 * Argument order (as in CMSIS-NN): params, quantization, then dims/data pairs, output, scratch buffer last.
 * Scratch buffers are owned by the caller, 4-byte aligned, at least the bytes returned by the
 * matching _get_buffer_size function (the same on every target, so that arenas can be planned offline);
 * a size of 0 means that NULL may be passed. Variants (1x1, 3x3) are chosen by the code generator; they return
 * PN_ERROR_ARGUMENT when the shape does not fit them. Every kernel has a portable C path and a Cortex-M
 * DSP-extension path (__ARM_FEATURE_DSP) giving identical results.
 */
#ifndef PN_KERNELS_H
#define PN_KERNELS_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Scratch bytes of pn_conv_s8: 28 * cout + 4 * ceil4(k) + ceil4(k) with k = filter h * w * c, cout = filter n
 * (per-channel requantization constants and accumulators, two int16 im2col columns, one int8 patch).
 */
int32_t pn_conv_s8_get_buffer_size(const pn_dims *filter_dims);

/**
 * Generic 2-D convolution, per-channel quantization.
 * @param params     offsets, stride, top/left padding, dilation, activation clamp
 * @param quant      per output channel multiplier (Q31, [2^30, 2^31)) and shift ([-31, 30])
 * @param input_dims NHWC input [n, h, w, c]
 * @param input      int8 input
 * @param filter_dims OHWI filter [cout, kh, kw, cin]; cin == input c
 * @param filter     int8 weights, symmetric (zero point 0)
 * @param bias       int32 per output channel, or NULL
 * @param output_dims NHWC output [n, oh, ow, cout]; oh/ow as TFLM computes them from padding and stride
 * @param output     int8 output
 * @param buffer     scratch of pn_conv_s8_get_buffer_size bytes
 * @return PN_OK, or PN_ERROR_ARGUMENT for inconsistent dimensions or parameters
 */
pn_status pn_conv_s8(const pn_conv_params *params, const pn_per_channel_quant *quant, const pn_dims *input_dims,
                     const int8_t *input, const pn_dims *filter_dims, const int8_t *filter, const int32_t *bias,
                     const pn_dims *output_dims, int8_t *output, void *buffer);

/** Scratch bytes of pn_conv_s8_1x1: 28 * cout + 4 * ceil4(cin). */
int32_t pn_conv_s8_1x1_get_buffer_size(const pn_dims *filter_dims);

/**
 * 1x1 convolution with stride 1 and no padding (a matrix product over all pixels). Same arguments as
 * pn_conv_s8; params->stride and dilation must be 1 and padding 0, filter h = w = 1, output h, w = input h, w.
 */
pn_status pn_conv_s8_1x1(const pn_conv_params *params, const pn_per_channel_quant *quant,
                         const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                         const int8_t *filter, const int32_t *bias, const pn_dims *output_dims, int8_t *output,
                         void *buffer);

/** Scratch bytes of pn_conv_s8_3x3: same formula as pn_conv_s8_get_buffer_size (k = 9 * cin). */
int32_t pn_conv_s8_3x3_get_buffer_size(const pn_dims *filter_dims);

/**
 * 3x3 convolution, any stride and padding, dilation 1. Same arguments as pn_conv_s8; filter h = w = 3.
 * When cin % 4 == 0 input rows are converted straight into the im2col columns.
 */
pn_status pn_conv_s8_3x3(const pn_conv_params *params, const pn_per_channel_quant *quant,
                         const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                         const int8_t *filter, const int32_t *bias, const pn_dims *output_dims, int8_t *output,
                         void *buffer);

/** Scratch bytes of pn_depthwise_conv_s8: 0 (no scratch). */
int32_t pn_depthwise_conv_s8_get_buffer_size(const pn_dims *filter_dims);

/**
 * Generic depthwise convolution, per-channel quantization, any depth multiplier, stride, padding, dilation.
 * Depth multiplier 1 with at most 25 filter taps runs 4 channels at a time from a table on the stack (about
 * 270 bytes); other shapes and the last cout % 4 channels use a plain loop.
 * @param filter_dims 1HWO filter [1, kh, kw, cout] with cout = input c * params->ch_mult
 * @param output_dims NHWC [n, oh, ow, cout]
 * Other arguments as pn_conv_s8; buffer may be NULL.
 */
pn_status pn_depthwise_conv_s8(const pn_dw_conv_params *params, const pn_per_channel_quant *quant,
                               const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                               const int8_t *filter, const int32_t *bias, const pn_dims *output_dims,
                               int8_t *output, void *buffer);

/**
 * Scratch bytes of pn_depthwise_conv_s8_3x3: 28 * c + 72 * (c / 4) + ceil4(c), c = channels. The kernel uses
 * at most 144 bytes per group of 4 channels (folded biases, int16 weight pairs, requantization constants),
 * 20 bytes per remaining channel and a padding row of ceil4(c) bytes.
 */
int32_t pn_depthwise_conv_s8_3x3_get_buffer_size(const pn_dims *filter_dims);

/**
 * 3x3 depthwise convolution, depth multiplier 1, any stride and padding, dilation 1 (the MobileNet layers,
 * stride 1 or 2). Same arguments as pn_depthwise_conv_s8 (params->ch_mult must be 1, filter h = w = 3).
 */
pn_status pn_depthwise_conv_s8_3x3(const pn_dw_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const int8_t *filter, const int32_t *bias, const pn_dims *output_dims,
                                   int8_t *output, void *buffer);

/** Scratch bytes of pn_fully_connected_s8 and _per_channel, k = filter c, units = filter n: 2 * ceil4(k)
 *  (one int16 input row) when ceil4(k) <= 1024, else 2048 + 4 * units (a 1024-value chunk of the row and one
 *  int32 partial sum per unit). */
int32_t pn_fully_connected_s8_get_buffer_size(const pn_dims *filter_dims);

/**
 * Fully connected, per-tensor quantization.
 * @param params      input/filter/output offsets and clamp; a non-zero filter_offset takes a slower path
 * @param quant       one multiplier ([2^30, 2^31)) and shift ([-31, 30])
 * @param input_dims  n = batches; h * w * c = k (accumulation depth)
 * @param filter_dims n = output units, c = k (h = w = 1); weights row-major [units][k]
 * @param bias        int32 per unit, or NULL
 * @param output_dims n = batches, c = units
 * @param buffer      scratch of pn_fully_connected_s8_get_buffer_size bytes
 */
pn_status pn_fully_connected_s8(const pn_fc_params *params, const pn_quant *quant, const pn_dims *input_dims,
                                const int8_t *input, const pn_dims *filter_dims, const int8_t *filter,
                                const int32_t *bias, const pn_dims *output_dims, int8_t *output, void *buffer);

/** Fully connected with per-unit (per output channel) quantization; otherwise as pn_fully_connected_s8. */
pn_status pn_fully_connected_s8_per_channel(const pn_fc_params *params, const pn_per_channel_quant *quant,
                                            const pn_dims *input_dims, const int8_t *input,
                                            const pn_dims *filter_dims, const int8_t *filter,
                                            const int32_t *bias, const pn_dims *output_dims, int8_t *output,
                                            void *buffer);

/**
 * Average pooling (TFLM: sum over the window clipped to the input, divided by the number of valid elements
 * with rounding half away from zero, then clamped). No scratch.
 * @param input_dims NHWC [n, h, w, c]; output_dims NHWC [n, oh, ow, c]
 */
pn_status pn_avgpool_s8(const pn_pool_params *params, const pn_dims *input_dims, const int8_t *input,
                        const pn_dims *output_dims, int8_t *output);

/** Max pooling over the window clipped to the input, then clamped. No scratch. Dims as pn_avgpool_s8. */
pn_status pn_maxpool_s8(const pn_pool_params *params, const pn_dims *input_dims, const int8_t *input,
                        const pn_dims *output_dims, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_KERNELS_H */
