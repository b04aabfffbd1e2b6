/*
 * Prunus runtime: int8 TANH (TFLite Micro reference semantics).
 */
#ifndef PN_TANH_S8_H
#define PN_TANH_S8_H

#include "pn_logistic_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Tanh: parameters as for pn_logistic_s8() (pn_sigmoid_params, 4 input integer bits); output scale 1/128,
 * zero point 0.
 *
 * @param params input quantization parameters
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_tanh_s8(const pn_sigmoid_params *params, int32_t size, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_TANH_S8_H */
