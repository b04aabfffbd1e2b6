/*
 * Prunus runtime: int8 ADD (TFLite Micro reference semantics, with 4-D broadcasting).
 */
#ifndef PN_ADD_S8_H
#define PN_ADD_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * ADD parameters, computed at generation time as TFLM's Prepare does:
 * twice_max = 2 * max(s1, s2); input1 real multiplier s1 / twice_max, input2 s2 / twice_max (both quantized
 * with shift <= 0); output real multiplier twice_max / (2^left_shift * s_out).
 */
typedef struct {
    int32_t input1_offset;    /**< minus the zero point of input 1, [-127, 128] */
    int32_t input2_offset;    /**< minus the zero point of input 2, [-127, 128] */
    int32_t left_shift;       /**< 20 for int8 (TFLM), [0, 22] */
    pn_quant input1_quant;    /**< input 1 rescale, shift in [-31, 0] */
    pn_quant input2_quant;    /**< input 2 rescale, shift in [-31, 0] */
    pn_quant output_quant;    /**< output rescale, shift in [-31, 0] */
    int32_t output_offset;    /**< the output zero point, [-128, 127] */
    pn_activation activation; /**< clamp within [-128, 127] */
} pn_add_params;

/**
 * out = clamp(output_offset + rq(rq((in1 + off1) << ls, q1) + rq((in2 + off2) << ls, q2), qo)), rq being
 * pn_requantize() (TFLM MultiplyByQuantizedMultiplierSmallerThanOneExp).
 *
 * @param params      quantization parameters (see pn_add_params)
 * @param input1_dims shape of input 1, NHWC; each dimension equals the output's or is 1 (broadcast)
 * @param input1      input 1 data
 * @param input2_dims shape of input 2, same rule
 * @param input2      input 2 data
 * @param output_dims shape of the output, every dimension >= 1
 * @param output      output data; may alias an input of the output's shape
 * @return PN_OK, or PN_ERROR_ARGUMENT if a shape cannot broadcast
 */
pn_status pn_add_s8(const pn_add_params *params,
                    const pn_dims *input1_dims, const int8_t *input1,
                    const pn_dims *input2_dims, const int8_t *input2,
                    const pn_dims *output_dims, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_ADD_S8_H */
