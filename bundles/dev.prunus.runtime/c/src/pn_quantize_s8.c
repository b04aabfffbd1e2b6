/*
 * Prunus runtime: QUANTIZE int8 -> int8, bit-exact with TFLite Micro's reference_ops::Requantize.
 */
#include "pn_quantize_s8.h"

pn_status pn_quantize_s8(const pn_requantize_params *params, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == NULL || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const int32_t v = params->output_zero_point
            + pn_requantize((int32_t)input[i] - params->input_zero_point, params->quant.multiplier,
                            params->quant.shift);
        output[i] = (int8_t)PN_CLAMP(v, -128, 127);
    }
    return PN_OK;
}
