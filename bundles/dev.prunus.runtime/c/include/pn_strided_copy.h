/*
 * Prunus runtime: the gather loop that TRANSPOSE and STRIDED_SLICE share.
 */
#ifndef PN_STRIDED_COPY_H
#define PN_STRIDED_COPY_H

#include "pn_common.h"

/** The largest rank of a strided copy (TFLM's limit for TRANSPOSE and STRIDED_SLICE alike). */
#define PN_STRIDED_COPY_MAX_RANK 6

/**
 * Writes the output in order, `total` values of shape count[0 .. rank-1], reading from `src`: one step along output
 * axis d moves the input pointer by step[d] elements. An odometer over the outer axes keeps the pointer; the
 * innermost axis is a plain strided loop. Arguments are checked by the callers.
 */
static inline void pn_strided_copy_s8(int32_t rank, const int32_t *count, const int32_t *step, const int8_t *src,
                                      int8_t *output, int32_t total)
{
    int32_t idx[PN_STRIDED_COPY_MAX_RANK];
    const int32_t inner = count[rank - 1];
    const int32_t inner_step = step[rank - 1];
    int32_t d;
    int32_t o;
    for (d = 0; d < rank; d++) {
        idx[d] = 0;
    }
    for (o = 0; o < total; o += inner) {
        int32_t i;
        const int8_t *p = src;
        for (i = 0; i < inner; i++) {
            output[o + i] = *p;
            p += inner_step;
        }
        for (d = rank - 2; d >= 0; d--) {
            src += step[d];
            if (++idx[d] < count[d]) {
                break;
            }
            src -= step[d] * count[d];
            idx[d] = 0;
        }
    }
}

#endif /* PN_STRIDED_COPY_H */
