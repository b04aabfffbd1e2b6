/*
 * Prunus runtime: int8 LEAKY_RELU, bit-exact with TFLite Micro's QuantizeLeakyRelu.
 */
#include "pn_leaky_relu_s8.h"

pn_status pn_leaky_relu_s8(const pn_leaky_relu_params *params, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL))
        || params->identity.shift > 30 || params->alpha.shift > 30) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const int32_t v = (int32_t)input[i] - params->input_zero_point;
        const pn_quant *q = v >= 0 ? &params->identity : &params->alpha;
        const int32_t value = params->output_zero_point + pn_requantize(v, q->multiplier, q->shift);
        output[i] = (int8_t)PN_CLAMP(value, -128, 127);
    }
    return PN_OK;
}
