/*
 * Prunus runtime: int8 STRIDED_SLICE. Checks the slice, then gathers it with the strided
 * copy TRANSPOSE uses too.
 */
#include "pn_strided_slice_s8.h"
#include "pn_strided_copy.h"

pn_status pn_strided_slice_s8(int32_t rank, const int32_t *input_dims, const int32_t *start, const int32_t *count,
                              const int32_t *stride, const int8_t *input, int8_t *output)
{
    int32_t in_stride[PN_STRIDED_SLICE_MAX_RANK];
    int32_t step[PN_STRIDED_SLICE_MAX_RANK];
    int32_t total = 1;
    int32_t acc = 1;
    int32_t d;
    const int8_t *src = input;
    if (rank < 1 || rank > PN_STRIDED_SLICE_MAX_RANK || input_dims == NULL || start == NULL || count == NULL
        || stride == NULL || input == NULL || output == NULL) {
        return PN_ERROR_ARGUMENT;
    }
    for (d = rank - 1; d >= 0; d--) {
        if (input_dims[d] < 1 || count[d] < 0 || stride[d] == 0) {
            return PN_ERROR_ARGUMENT;
        }
        if (count[d] > 0) {
            const int32_t last = start[d] + (count[d] - 1) * stride[d];
            if (start[d] < 0 || start[d] >= input_dims[d] || last < 0 || last >= input_dims[d]) {
                return PN_ERROR_ARGUMENT;
            }
        }
        in_stride[d] = acc;
        acc *= input_dims[d];
        total *= count[d];
    }
    if (total == 0) {
        return PN_OK;
    }
    for (d = 0; d < rank; d++) {
        step[d] = stride[d] * in_stride[d];
        src += start[d] * in_stride[d];
    }
    pn_strided_copy_s8(rank, count, step, src, output, total);
    return PN_OK;
}
