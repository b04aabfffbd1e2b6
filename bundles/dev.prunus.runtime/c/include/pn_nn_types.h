/*
 * Prunus runtime: parameter structs of the neural-network kernels (CMSIS-NN style: small, flat, passed by
 * pointer). All tensors are int8, NHWC; dimensions and offsets are fixed at generation time.
 */
#ifndef PN_NN_TYPES_H
#define PN_NN_TYPES_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Tensor dimensions. Activations: NHWC. Conv filters: n = output channels, h, w = kernel size, c = input
 *  channels (OHWI). Depthwise filters: n = 1, h, w, c = output channels (1HWO). */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} pn_dims;

/** A width/height pair (stride, padding, dilation, pooling window). */
typedef struct {
    int32_t w;
    int32_t h;
} pn_tile;

/** Convolution parameters. */
typedef struct {
    int32_t input_offset;  /**< minus the input zero point, [-127, 128] */
    int32_t output_offset; /**< the output zero point, [-128, 127] */
    pn_tile stride;        /**< >= 1 */
    pn_tile padding;       /**< top/left padding as TFLM computes it (the bottom/right pad is implied), >= 0 */
    pn_tile dilation;      /**< >= 1 */
    pn_activation activation; /**< clamp in output units, within [-128, 127], min <= max */
} pn_conv_params;

/** Depthwise convolution parameters. */
typedef struct {
    int32_t input_offset;  /**< minus the input zero point, [-127, 128] */
    int32_t output_offset; /**< the output zero point, [-128, 127] */
    int32_t ch_mult;       /**< depth multiplier: output channels = input channels * ch_mult, >= 1 */
    pn_tile stride;        /**< >= 1 */
    pn_tile padding;       /**< top/left padding as TFLM computes it, >= 0 */
    pn_tile dilation;      /**< >= 1 */
    pn_activation activation; /**< clamp in output units, within [-128, 127], min <= max */
} pn_dw_conv_params;

/** Fully connected parameters. */
typedef struct {
    int32_t input_offset;  /**< minus the input zero point, [-127, 128] */
    int32_t filter_offset; /**< minus the weights zero point (0 for symmetric int8 weights), [-127, 128] */
    int32_t output_offset; /**< the output zero point, [-128, 127] */
    pn_activation activation; /**< clamp in output units, within [-128, 127], min <= max */
} pn_fc_params;

/** Pooling parameters (input and output share scale and zero point, as TFLM requires). */
typedef struct {
    pn_tile stride;           /**< >= 1 */
    pn_tile padding;          /**< top/left padding as TFLM computes it, >= 0 */
    pn_tile filter;           /**< pooling window, >= 1 */
    pn_activation activation; /**< clamp within [-128, 127], min <= max */
} pn_pool_params;

#ifdef __cplusplus
}
#endif

#endif /* PN_NN_TYPES_H */
