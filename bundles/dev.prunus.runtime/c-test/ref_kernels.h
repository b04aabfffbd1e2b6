/*
 * Reference implementations of the dense int8 kernels, written directly from TensorFlow Lite Micro's
 * reference integer kernels (conv, depthwise_conv, fully_connected, pooling): plain loops, no scratch,
 * the same rounding (pn_requantize). The kernels under test must match them bit for bit.
 */
#ifndef REF_KERNELS_H
#define REF_KERNELS_H

#include "pn_nn_types.h"

void ref_conv_s8(const pn_conv_params *p, const pn_per_channel_quant *q, const pn_dims *in_d, const int8_t *in,
                 const pn_dims *f_d, const int8_t *f, const int32_t *bias, const pn_dims *out_d, int8_t *out);

void ref_depthwise_conv_s8(const pn_dw_conv_params *p, const pn_per_channel_quant *q, const pn_dims *in_d,
                           const int8_t *in, const pn_dims *f_d, const int8_t *f, const int32_t *bias,
                           const pn_dims *out_d, int8_t *out);

/** quant_step 0: per-tensor (multiplier[0], shift[0]); 1: per unit. */
void ref_fully_connected_s8(const pn_fc_params *p, const int32_t *multiplier, const int32_t *shift,
                            int32_t quant_step, int32_t batches, int32_t k, const int8_t *in, int32_t units,
                            const int8_t *f, const int32_t *bias, int8_t *out);

void ref_avgpool_s8(const pn_pool_params *p, const pn_dims *in_d, const int8_t *in, const pn_dims *out_d,
                    int8_t *out);

void ref_maxpool_s8(const pn_pool_params *p, const pn_dims *in_d, const int8_t *in, const pn_dims *out_d,
                    int8_t *out);

/** Output size along one axis for TFLM padding SAME (1) or VALID (0), and the matching top/left padding. */
int32_t ref_out_size(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int same);
int32_t ref_padding(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t out);

#endif
