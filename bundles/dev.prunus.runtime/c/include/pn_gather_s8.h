/*
 * Prunus runtime: int8 GATHER.
 */
#ifndef PN_GATHER_S8_H
#define PN_GATHER_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * GATHER along one axis with batch_dims 0 (TFLM reference Gather: slices are copied, not requantized). The input
 * is viewed as [outer, axis_size, inner]; the output as [outer, index_count, inner].
 *
 * @param indices index_count entries, each in 0 .. axis_size - 1
 * @return PN_OK, or PN_ERROR_ARGUMENT (also for an index outside the axis, as TFLM)
 */
pn_status pn_gather_s8(int32_t outer, int32_t axis_size, int32_t inner, int32_t index_count, const int32_t *indices,
                       const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_GATHER_S8_H */
