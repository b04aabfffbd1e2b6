/*
 * Prunus runtime: int8 TRANSPOSE. Output axis d advances the input by the stride of input axis perm[d]:
 * the strided copy STRIDED_SLICE uses too.
 */
#include "pn_transpose_s8.h"
#include "pn_strided_copy.h"

pn_status pn_transpose_s8(int32_t rank, const int32_t *input_dims, const int32_t *perm, const int8_t *input,
                          int8_t *output)
{
    int32_t in_stride[PN_TRANSPOSE_MAX_RANK];
    int32_t out_dims[PN_TRANSPOSE_MAX_RANK];
    int32_t step[PN_TRANSPOSE_MAX_RANK];
    uint32_t seen = 0;
    int32_t total = 1;
    int32_t d;
    if (rank < 1 || rank > PN_TRANSPOSE_MAX_RANK || input_dims == NULL || perm == NULL || input == NULL
        || output == NULL) {
        return PN_ERROR_ARGUMENT;
    }
    for (d = rank - 1; d >= 0; d--) {
        if (input_dims[d] < 1 || perm[d] < 0 || perm[d] >= rank || (seen & (1u << perm[d])) != 0) {
            return PN_ERROR_ARGUMENT;
        }
        seen |= 1u << perm[d];
        in_stride[d] = total;
        total *= input_dims[d];
    }
    for (d = 0; d < rank; d++) {
        out_dims[d] = input_dims[perm[d]];
        step[d] = in_stride[perm[d]];
    }
    pn_strided_copy_s8(rank, out_dims, step, input, output, total);
    return PN_OK;
}
