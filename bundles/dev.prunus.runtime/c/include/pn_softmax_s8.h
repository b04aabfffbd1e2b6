/*
 * Prunus runtime: int8 SOFTMAX, int8 output (TFLite Micro reference semantics).
 */
#ifndef PN_SOFTMAX_S8_H
#define PN_SOFTMAX_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SOFTMAX parameters, computed at generation time exactly as TFLM's SoftmaxPrepare does for int8 -> int8
 * (no lookup table is involved: TFLM only builds tables for int16 input):
 *  - real = min(beta * input_scale * 2^(31 - 5), 2^31 - 1), quantized with QuantizeMultiplierGreaterThanOne
 *    into input_multiplier / input_left_shift (PreprocessSoftmaxScaling, 5 integer bits);
 *  - diff_min = -floor((2^5 - 1) * 2^(31 - 5) / 2^input_left_shift) (CalculateInputRadius(5, shift)).
 * The output tensor must have scale 1/256 and zero point -128 (TFLM enforces it).
 */
typedef struct {
    int32_t input_multiplier; /**< Q31, [2^30, 2^31) */
    int32_t input_left_shift; /**< [0, 30] */
    int32_t diff_min;         /**< <= 0 */
} pn_softmax_params;

/**
 * Softmax over the innermost dimension of int8 rows (TFLM reference_ops::Softmax int8 -> int8: gemmlowp
 * exp_on_negative_values on Q5 differences, Q12 accumulation, GetReciprocal).
 *
 * @param params quantization parameters
 * @param rows   number of rows (product of all dimensions but the last), >= 1
 * @param depth  length of a row (last dimension), [1, 2^20)
 * @param input  rows x depth int8 values
 * @param output rows x depth int8 values, scale 1/256, zero point -128; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_softmax_s8(const pn_softmax_params *params, int32_t rows, int32_t depth,
                        const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_SOFTMAX_S8_H */
