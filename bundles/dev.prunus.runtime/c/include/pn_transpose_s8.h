/*
 * Prunus runtime: int8 TRANSPOSE.
 */
#ifndef PN_TRANSPOSE_S8_H
#define PN_TRANSPOSE_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest rank the kernel accepts (as TFLM's Transpose). */
#define PN_TRANSPOSE_MAX_RANK 6

/**
 * TRANSPOSE: output dimension d is input dimension perm[d] (TFLM reference Transpose; values are moved, not
 * requantized).
 *
 * @param rank       1 .. PN_TRANSPOSE_MAX_RANK
 * @param input_dims input shape, every dimension >= 1
 * @param perm       a permutation of 0 .. rank - 1
 * @param input      input data
 * @param output     output data (must not overlap the input)
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_transpose_s8(int32_t rank, const int32_t *input_dims, const int32_t *perm, const int8_t *input,
                          int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_TRANSPOSE_S8_H */
