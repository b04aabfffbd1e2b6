/*
 * Prunus runtime: int8 MAXIMUM and MINIMUM with broadcasting.
 */
#include "pn_maximum_minimum_s8.h"
#include "pn_broadcast.h"

pn_status pn_maximum_minimum_s8(int32_t maximum, const pn_dims *input1_dims, const int8_t *input1,
                                const pn_dims *input2_dims, const int8_t *input2, const pn_dims *output_dims,
                                int8_t *output)
{
    pn_broadcast_strides s1;
    pn_broadcast_strides s2;
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
    if (input1 == NULL || input2 == NULL || output == NULL || input1_dims == NULL || input2_dims == NULL
        || output_dims == NULL || pn_broadcast_strides_of(input1_dims, output_dims, &s1) != 0
        || pn_broadcast_strides_of(input2_dims, output_dims, &s2) != 0) {
        return PN_ERROR_ARGUMENT;
    }
    for (n = 0; n < output_dims->n; n++) {
        for (h = 0; h < output_dims->h; h++) {
            for (w = 0; w < output_dims->w; w++) {
                const int8_t *a = input1 + n * s1.n + h * s1.h + w * s1.w;
                const int8_t *b = input2 + n * s2.n + h * s2.h + w * s2.w;
                for (c = 0; c < output_dims->c; c++) {
                    const int8_t x = a[c * s1.c];
                    const int8_t y = b[c * s2.c];
                    *output++ = maximum ? PN_MAX(x, y) : PN_MIN(x, y);
                }
            }
        }
    }
    return PN_OK;
}
