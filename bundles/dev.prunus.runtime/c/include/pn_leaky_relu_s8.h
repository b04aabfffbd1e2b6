/*
 * Prunus runtime: int8 LEAKY_RELU (TFLite Micro reference semantics).
 */
#ifndef PN_LEAKY_RELU_S8_H
#define PN_LEAKY_RELU_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * LEAKY_RELU parameters as TFLM's CalculateOpDataLeakyRelu derives them: identity = QuantizeMultiplier(s_in / s_out),
 * alpha = QuantizeMultiplier(s_in * alpha / s_out), both ratios computed in float.
 */
typedef struct {
    int32_t input_zero_point;  /**< [-128, 127] */
    int32_t output_zero_point; /**< [-128, 127] */
    pn_quant identity;         /**< applied to inputs at or above the zero point */
    pn_quant alpha;            /**< applied to inputs below the zero point */
} pn_leaky_relu_params;

/**
 * LEAKY_RELU: v = in - zp_in; out = clamp(zp_out + pn_requantize(v, v >= 0 ? identity : alpha), -128, 127)
 * (TFLM QuantizeLeakyRelu, double rounding).
 *
 * @param params quantization parameters
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_leaky_relu_s8(const pn_leaky_relu_params *params, int32_t size, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_LEAKY_RELU_S8_H */
