/*
 * Prunus runtime: int8 TRANSPOSE. Walks the output in order with an odometer over its dimensions; the innermost
 * output dimension advances the input pointer by that dimension's input stride.
 */
#include "pn_transpose_s8.h"

pn_status pn_transpose_s8(int32_t rank, const int32_t *input_dims, const int32_t *perm, const int8_t *input,
                          int8_t *output)
{
    int32_t in_stride[PN_TRANSPOSE_MAX_RANK];
    int32_t out_dims[PN_TRANSPOSE_MAX_RANK];
    int32_t step[PN_TRANSPOSE_MAX_RANK];
    int32_t idx[PN_TRANSPOSE_MAX_RANK];
    uint32_t seen = 0;
    int32_t total = 1;
    int32_t d;
    int32_t o;
    const int8_t *src = input;
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
        idx[d] = 0;
    }
    {
        const int32_t inner = out_dims[rank - 1];
        const int32_t inner_step = step[rank - 1];
        for (o = 0; o < total; o += inner) {
            int32_t i;
            const int8_t *p = src;
            for (i = 0; i < inner; i++) {
                output[o + i] = *p;
                p += inner_step;
            }
            for (d = rank - 2; d >= 0; d--) {
                src += step[d];
                if (++idx[d] < out_dims[d]) {
                    break;
                }
                src -= step[d] * out_dims[d];
                idx[d] = 0;
            }
        }
    }
    return PN_OK;
}
