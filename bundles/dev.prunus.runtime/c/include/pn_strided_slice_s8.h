/*
 * Prunus runtime: int8 STRIDED_SLICE.
 */
#ifndef PN_STRIDED_SLICE_S8_H
#define PN_STRIDED_SLICE_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest rank the kernel accepts (as TFLM's StridedSlice). */
#define PN_STRIDED_SLICE_MAX_RANK 5

/**
 * STRIDED_SLICE with the masks already resolved by the generator (TFLM reference StridedSlice: values are moved,
 * not requantized): along axis d the kernel takes count[d] elements from start[d], stride[d] apart.
 *
 * @param rank       1 .. PN_STRIDED_SLICE_MAX_RANK
 * @param input_dims input shape, every dimension >= 1
 * @param start      first index per axis, inside the axis unless count[d] is 0
 * @param count      elements taken per axis, >= 0
 * @param stride     step per axis, non-zero
 * @param input      input data
 * @param output     output data, product of count elements (must not overlap the input)
 * @return PN_OK, or PN_ERROR_ARGUMENT when an index leaves the input
 */
pn_status pn_strided_slice_s8(int32_t rank, const int32_t *input_dims, const int32_t *start, const int32_t *count,
                              const int32_t *stride, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_STRIDED_SLICE_S8_H */
