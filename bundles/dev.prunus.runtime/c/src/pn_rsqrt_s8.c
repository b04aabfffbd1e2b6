/*
 * Prunus runtime: int8 RSQRT, a validation pass (as TFLM) and one table load per element.
 */
#include "pn_rsqrt_s8.h"

pn_status pn_rsqrt_s8(const int8_t *table, int32_t input_zero_point, int32_t size, const int8_t *input,
                      int8_t *output)
{
    int32_t i;
    if (table == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        if ((int32_t)input[i] < input_zero_point) {
            return PN_ERROR_ARGUMENT;
        }
    }
    for (i = 0; i < size; i++) {
        output[i] = table[(int32_t)input[i] + 128];
    }
    return PN_OK;
}
