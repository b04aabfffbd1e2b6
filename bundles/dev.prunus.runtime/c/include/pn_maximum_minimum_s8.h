/*
 * Prunus runtime: int8 MAXIMUM and MINIMUM (TFLite Micro reference semantics, with 4-D broadcasting).
 */
#ifndef PN_MAXIMUM_MINIMUM_S8_H
#define PN_MAXIMUM_MINIMUM_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * out = max(in1, in2) (maximum != 0) or min(in1, in2): stored values compared, as TFLM does for tensors that share
 * one quantization.
 *
 * @param maximum     1 for MAXIMUM, 0 for MINIMUM
 * @param input1_dims shape of input 1, NHWC; each dimension equals the output's or is 1 (broadcast)
 * @param input1      input 1 data
 * @param input2_dims shape of input 2, same rule
 * @param input2      input 2 data
 * @param output_dims shape of the output, every dimension >= 1
 * @param output      output data; may alias an input of the output's shape
 * @return PN_OK, or PN_ERROR_ARGUMENT if a shape cannot broadcast
 */
pn_status pn_maximum_minimum_s8(int32_t maximum, const pn_dims *input1_dims, const int8_t *input1,
                                const pn_dims *input2_dims, const int8_t *input2, const pn_dims *output_dims,
                                int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_MAXIMUM_MINIMUM_S8_H */
