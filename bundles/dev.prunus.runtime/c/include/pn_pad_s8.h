/*
 * Prunus runtime: int8 PAD / PADV2 over NHWC tensors.
 */
#ifndef PN_PAD_S8_H
#define PN_PAD_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Padding amounts per NHWC dimension, all >= 0. */
typedef struct {
    pn_dims before; /**< elements inserted before the data along n, h, w, c */
    pn_dims after;  /**< elements appended after the data along n, h, w, c */
} pn_pad_params;

/**
 * Pads an int8 NHWC tensor with a constant (TFLM Pad: the output zero point for PAD, the constant_values
 * tensor's value for PADV2). Output shape = input + before + after in every dimension.
 *
 * @param params      padding amounts
 * @param pad_value   value written into the padded region, [-128, 127]
 * @param input_dims  input shape, every dimension >= 1
 * @param input       input data
 * @param output      output data (must not overlap the input)
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_pad_s8(const pn_pad_params *params, int32_t pad_value, const pn_dims *input_dims,
                    const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_PAD_S8_H */
