/*
 * Prunus runtime: int8 GATHER, one memcpy of inner bytes per (outer, index) pair.
 */
#include <string.h>

#include "pn_gather_s8.h"

pn_status pn_gather_s8(int32_t outer, int32_t axis_size, int32_t inner, int32_t index_count, const int32_t *indices,
                       const int8_t *input, int8_t *output)
{
    int32_t o;
    int32_t i;
    if (outer < 0 || axis_size < 1 || inner < 0 || index_count < 0 || (index_count > 0 && indices == NULL)
        || input == NULL || output == NULL) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < index_count; i++) {
        if (indices[i] < 0 || indices[i] >= axis_size) {
            return PN_ERROR_ARGUMENT;
        }
    }
    for (o = 0; o < outer; o++) {
        const int8_t *base = input + (size_t)o * (size_t)axis_size * (size_t)inner;
        for (i = 0; i < index_count; i++) {
            memcpy(output, base + (size_t)indices[i] * (size_t)inner, (size_t)inner);
            output += inner;
        }
    }
    return PN_OK;
}
