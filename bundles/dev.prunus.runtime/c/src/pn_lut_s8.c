/*
 * Prunus runtime: int8 elementwise function by table, one load per element.
 */
#include "pn_lut_s8.h"

pn_status pn_lut_s8(const int8_t *table, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (table == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        output[i] = table[(int32_t)input[i] + 128];
    }
    return PN_OK;
}
