/*
 * Prunus runtime: int8 LOGISTIC (TFLite Micro reference semantics).
 */
#ifndef PN_LOGISTIC_S8_H
#define PN_LOGISTIC_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * LOGISTIC / TANH parameters, computed at generation time as TFLM's Prepare does for int8 (4 input integer
 * bits): q = frexp(input_scale * 2^27, &input_left_shift); input_multiplier = round(q * 2^31);
 * input_range_radius = floor(15 * 2^27 / 2^input_left_shift) (CalculateInputRadius(4, shift, 31)).
 */
typedef struct {
    int32_t input_zero_point;   /**< [-128, 127] */
    int32_t input_range_radius; /**< >= 0: |input - zp| at or beyond it saturates */
    int32_t input_multiplier;   /**< Q31, [2^30, 2^31) */
    int32_t input_left_shift;   /**< [-31, 30] */
} pn_sigmoid_params;

/**
 * Logistic: output scale 1/256, zero point -128 (TFLM enforces it).
 *
 * @param params input quantization parameters
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_logistic_s8(const pn_sigmoid_params *params, int32_t size, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_LOGISTIC_S8_H */
