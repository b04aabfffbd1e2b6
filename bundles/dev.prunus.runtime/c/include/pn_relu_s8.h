/*
 * Prunus runtime: int8 RELU and RELU6 (TFLite Micro reference semantics).
 */
#ifndef PN_RELU_S8_H
#define PN_RELU_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * RELU parameters as TFLM's CalculateReluOpData computes them: quant = QuantizeMultiplier(s_in / s_out);
 * activation.min = max(-128, zp_out + round(0 / s_out)) = max(-128, zp_out), activation.max = 127.
 */
typedef struct {
    int32_t input_zero_point;  /**< [-128, 127] */
    int32_t output_zero_point; /**< [-128, 127] */
    pn_quant quant;            /**< s_in / s_out, shift in [-31, 30] */
    pn_activation activation;  /**< clamp within [-128, 127] */
} pn_relu_params;

/**
 * RELU: out = clamp(zp_out + pn_requantize(in - zp_in, quant)) (TFLM ReluQuantized).
 *
 * @param params quantization parameters
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_relu_s8(const pn_relu_params *params, int32_t size, const int8_t *input, int8_t *output);

/**
 * RELU6: TFLM requires equal input and output quantization and only clamps: out = clamp(in, lower, upper),
 * with lower = zp_in and upper = zp_in + round(6 / s_in) saturated to int8 (TFLM FloatToQuantizedType).
 *
 * @param range  lower/upper bounds in int8 units, min <= max
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_relu6_s8(const pn_activation *range, int32_t size, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_RELU_S8_H */
