/*
 * Prunus runtime: QUANTIZE (int8 -> int8 requantization, float -> int8) and DEQUANTIZE (int8 -> float).
 */
#ifndef PN_QUANTIZE_S8_H
#define PN_QUANTIZE_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** int8 -> int8 requantization: quant = QuantizeMultiplier(s_in / s_out) (TFLM quantize Prepare). */
typedef struct {
    int32_t input_zero_point;  /**< [-128, 127] */
    int32_t output_zero_point; /**< [-128, 127] */
    pn_quant quant;            /**< shift in [-31, 30] */
} pn_requantize_params;

/**
 * QUANTIZE int8 -> int8: out = clamp(zp_out + pn_requantize(in - zp_in, quant), -128, 127)
 * (TFLM reference_ops::Requantize).
 *
 * @param params quantization
 * @param size   element count, >= 0
 * @param input  int8 input
 * @param output int8 output; may alias input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_quantize_s8(const pn_requantize_params *params, int32_t size, const int8_t *input, int8_t *output);

/**
 * QUANTIZE float -> int8: out = clamp(roundf(in / scale) + zero_point, -128, 127) (TFLM AffineQuantize,
 * rounding half away from zero).
 *
 * @param scale      output scale, > 0
 * @param zero_point output zero point, [-128, 127]
 * @param size       element count, >= 0
 * @param input      float input
 * @param output     int8 output
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_quantize_f32_s8(float scale, int32_t zero_point, int32_t size, const float *input, int8_t *output);

/**
 * DEQUANTIZE int8 -> float: out = (float)(scale * (in - zero_point)), the product in double precision as
 * TFLM's reference_ops::Dequantize computes it.
 *
 * @param scale      input scale as stored in the model (float32), > 0
 * @param zero_point input zero point, [-128, 127]
 * @param size       element count, >= 0
 * @param input      int8 input
 * @param output     float output
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_dequantize_s8(float scale, int32_t zero_point, int32_t size, const int8_t *input, float *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_QUANTIZE_S8_H */
