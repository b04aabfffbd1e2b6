/*
 * Prunus runtime: int8 MUL (TFLite Micro reference semantics, with 4-D broadcasting).
 */
#ifndef PN_MUL_S8_H
#define PN_MUL_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** MUL parameters. output_quant is the real multiplier s1 * s2 / s_out (TFLM QuantizeMultiplier). */
typedef struct {
    int32_t input1_offset;    /**< minus the zero point of input 1, [-127, 128] */
    int32_t input2_offset;    /**< minus the zero point of input 2, [-127, 128] */
    pn_quant output_quant;    /**< output rescale, shift in [-31, 30] */
    int32_t output_offset;    /**< the output zero point, [-128, 127] */
    pn_activation activation; /**< clamp within [-128, 127] */
} pn_mul_params;

/**
 * out = clamp(output_offset + pn_requantize((in1 + off1) * (in2 + off2), qo)).
 *
 * @param params      quantization parameters
 * @param input1_dims shape of input 1, NHWC; each dimension equals the output's or is 1 (broadcast)
 * @param input1      input 1 data
 * @param input2_dims shape of input 2, same rule
 * @param input2      input 2 data
 * @param output_dims shape of the output, every dimension >= 1
 * @param output      output data; may alias an input of the output's shape
 * @return PN_OK, or PN_ERROR_ARGUMENT if a shape cannot broadcast
 */
pn_status pn_mul_s8(const pn_mul_params *params,
                    const pn_dims *input1_dims, const int8_t *input1,
                    const pn_dims *input2_dims, const int8_t *input2,
                    const pn_dims *output_dims, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_MUL_S8_H */
