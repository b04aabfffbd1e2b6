/*
 * Prunus runtime: float32 SQRT and LOG, for the float front end of a mixed model (KWT-1's audio features).
 */
#ifndef PN_UNARY_F32_H
#define PN_UNARY_F32_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The operation of pn_unary_f32. */
typedef enum {
    PN_F32_SQRT = 0,
    PN_F32_LOG = 1
} pn_unary_f32_op;

/** output[i] = sqrtf(input[i]) or logf(input[i]); in place (input == output) is allowed. */
pn_status pn_unary_f32(pn_unary_f32_op op, int32_t size, const float *input, float *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_UNARY_F32_H */
