/*
 * Prunus runtime: float32 ADD, SUB, MUL, MAXIMUM and MINIMUM with 4-D broadcasting and a clamp, for the float
 * front end of a mixed model (TFLite's float reference kernels: one float operation per element).
 */
#ifndef PN_BINARY_F32_H
#define PN_BINARY_F32_H

#include <math.h>

#include "pn_common.h"
#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The operation of pn_binary_f32. */
typedef enum {
    PN_F32_ADD = 0,
    PN_F32_SUB = 1,
    PN_F32_MUL = 2,
    PN_F32_MAXIMUM = 3,
    PN_F32_MINIMUM = 4
} pn_binary_f32_op;

/**
 * output = clamp(a op b, act_min, act_max), a and b broadcast (NHWC dims, 1 along a broadcast axis) to out_dims.
 * act_min / act_max: -INFINITY / INFINITY for no fused activation.
 */
pn_status pn_binary_f32(pn_binary_f32_op op, const pn_dims *a_dims, const float *a, const pn_dims *b_dims,
                        const float *b, const pn_dims *out_dims, float act_min, float act_max, float *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_BINARY_F32_H */
