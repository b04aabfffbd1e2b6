/*
 * Prunus runtime: int8 RELU6, bit-exact with TFLite Micro's Relu6Quantized (a clamp; no rescale).
 */
#include "pn_relu_s8.h"

pn_status pn_relu6_s8(const pn_activation *range, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (range == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL)) || range->min > range->max) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const int32_t value = input[i];
        output[i] = (int8_t)(value > range->max ? range->max : value < range->min ? range->min : value);
    }
    return PN_OK;
}
