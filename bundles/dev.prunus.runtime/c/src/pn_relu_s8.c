/*
 * Prunus runtime: int8 RELU, bit-exact with TFLite Micro's ReluQuantized.
 */
#include "pn_relu_s8.h"

pn_status pn_relu_s8(const pn_relu_params *params, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL))
        || params->activation.min > params->activation.max) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const int32_t value = params->output_zero_point
            + pn_requantize((int32_t)input[i] - params->input_zero_point, params->quant.multiplier,
                            params->quant.shift);
        output[i] = (int8_t)PN_CLAMP(value, params->activation.min, params->activation.max);
    }
    return PN_OK;
}
