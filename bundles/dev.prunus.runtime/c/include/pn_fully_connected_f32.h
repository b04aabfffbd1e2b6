/*
 * Prunus runtime: float32 FULLY_CONNECTED, for the float front end of a mixed model (KWT-1's DFT and mel
 * matrices).
 */
#ifndef PN_FULLY_CONNECTED_F32_H
#define PN_FULLY_CONNECTED_F32_H

#include <math.h>

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * output[b][u] = clamp(sum_d input[b][d] * weights[u][d] + bias[u], act_min, act_max), the sum accumulated in
 * float in increasing d (the interpreter's order), bias NULL for none. act_min / act_max: -INFINITY / INFINITY for
 * no fused activation.
 */
pn_status pn_fully_connected_f32(int32_t batches, int32_t units, int32_t depth, const float *input,
                                 const float *weights, const float *bias, float act_min, float act_max,
                                 float *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_FULLY_CONNECTED_F32_H */
