/*
 * Prunus runtime: int8 SUB and SQUARED_DIFFERENCE (TFLite Micro reference semantics, with 4-D broadcasting).
 */
#ifndef PN_SUB_S8_H
#define PN_SUB_S8_H

#include "pn_add_s8.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * out = clamp(output_offset + rq(rq((in1 + off1) << ls, q1) - rq((in2 + off2) << ls, q2), qo)) (TFLM
 * SubElementwise); the parameters have ADD's layout, derived as TFLM's CalculateOpDataSub does (ratios in float).
 * Arguments as pn_add_s8.
 */
pn_status pn_sub_s8(const pn_add_params *params,
                    const pn_dims *input1_dims, const int8_t *input1,
                    const pn_dims *input2_dims, const int8_t *input2,
                    const pn_dims *output_dims, int8_t *output);

/**
 * d = rq((in1 + off1) << ls, q1) - rq((in2 + off2) << ls, q2); out = clamp(output_offset + pn_requantize(d * d, qo))
 * (TFLM's quantized SquaredDifference): ls = 7, qo = QuantizeMultiplier(twice_max^2 / (2^14 * s_out)), whose
 * shift may be positive; the clamp is the full int8 range. Arguments as pn_add_s8.
 */
pn_status pn_squared_difference_s8(const pn_add_params *params,
                                   const pn_dims *input1_dims, const int8_t *input1,
                                   const pn_dims *input2_dims, const int8_t *input2,
                                   const pn_dims *output_dims, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_SUB_S8_H */
