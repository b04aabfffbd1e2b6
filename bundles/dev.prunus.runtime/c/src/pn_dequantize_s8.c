/*
 * Prunus runtime: DEQUANTIZE int8 -> float (TFLite Micro reference_ops::Dequantize).
 */
#include "pn_quantize_s8.h"

pn_status pn_dequantize_s8(float scale, int32_t zero_point, int32_t size, const int8_t *input, float *output)
{
    int32_t i;
    if (!(scale > 0.0f) || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        output[i] = (float)((double)scale * (double)((int32_t)input[i] - zero_point));
    }
    return PN_OK;
}
