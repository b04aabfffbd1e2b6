/*
 * Prunus runtime: int8 MEAN over the H and W axes of an NHWC tensor (global average pooling as models use it).
 */
#ifndef PN_MEAN_S8_H
#define PN_MEAN_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** MEAN quantization: the tensors' own scales and zero points (the kernel derives what TFLM derives). */
typedef struct {
    int32_t input_zero_point;  /**< [-128, 127] */
    float input_scale;         /**< > 0, as stored in the model (float32) */
    int32_t output_zero_point; /**< [-128, 127] */
    float output_scale;        /**< > 0, as stored in the model (float32) */
} pn_mean_params;

/**
 * Mean over axes 1 and 2 (H, W) of an int8 NHWC tensor; keep_dims only changes the output shape
 * ([N,1,1,C] or [N,C]), not its memory layout. Bit-exact with TFLite Micro's EvalIntegerMean:
 *  - equal input and output quantization: out = (int8)(sum / (H*W)), C division (toward zero);
 *  - otherwise (float, as TFLM): scale = s_in / s_out; mean = (float)sum / (float)(H*W);
 *    out = clamp(roundf(mean * scale + (-zp_in) * scale) + zp_out), with sum the sum of raw int8 values.
 *    The product is kept out of a fused multiply-add so that results match on FPUs with FMA.
 *
 * @param params     quantization
 * @param input_dims input shape, NHWC, every dimension >= 1, H*W < 2^23
 * @param input      input data
 * @param output     N x C output values
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_mean_s8(const pn_mean_params *params, const pn_dims *input_dims, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_MEAN_S8_H */
