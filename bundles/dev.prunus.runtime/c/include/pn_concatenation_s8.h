/*
 * Prunus runtime: int8 CONCATENATION along any axis, with optional per-input requantization.
 */
#ifndef PN_CONCATENATION_S8_H
#define PN_CONCATENATION_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * One input of a concatenation. With the axis at position k of a tensor of dims d0..dr, the tensor is
 * outer_size = d0*...*d(k-1) slices of inner_size = dk*...*dr contiguous values.
 * TFLM's int8 CONCATENATION only copies (the int8 spec requires equal scales and zero points): set
 * requantize = 0. requantize = 1 rescales with the QUANTIZE semantics (see pn_quantize_s8()).
 */
typedef struct {
    const int8_t *data;        /**< input values */
    int32_t inner_size;        /**< values per outer slice, >= 0 */
    int32_t requantize;        /**< 0: copy; 1: out = clamp(zp_out + pn_requantize(in - zp_in, quant)) */
    int32_t input_zero_point;  /**< used when requantize = 1 */
    pn_quant quant;            /**< s_in / s_out, used when requantize = 1 */
} pn_concat_input;

/**
 * Concatenates inputs along one axis.
 *
 * @param num_inputs        number of inputs, >= 1
 * @param inputs            the inputs in order
 * @param outer_size        product of the dimensions before the axis, >= 1
 * @param output_zero_point output zero point, [-128, 127] (used by requantized inputs)
 * @param output            outer_size * sum(inner_size) values; must not overlap an input
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_concatenation_s8(int32_t num_inputs, const pn_concat_input *inputs, int32_t outer_size,
                              int32_t output_zero_point, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_CONCATENATION_S8_H */
