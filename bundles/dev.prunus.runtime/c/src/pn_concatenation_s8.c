/*
 * Prunus runtime: int8 CONCATENATION (TFLite Micro copies int8 slices; requantized inputs use the QUANTIZE
 * int8 -> int8 arithmetic).
 */
#include <string.h>

#include "pn_concatenation_s8.h"

pn_status pn_concatenation_s8(int32_t num_inputs, const pn_concat_input *inputs, int32_t outer_size,
                              int32_t output_zero_point, int8_t *output)
{
    int32_t o;
    int32_t k;
    if (num_inputs < 1 || inputs == NULL || outer_size < 1 || output == NULL) {
        return PN_ERROR_ARGUMENT;
    }
    for (k = 0; k < num_inputs; k++) {
        if (inputs[k].inner_size < 0 || (inputs[k].inner_size > 0 && inputs[k].data == NULL)) {
            return PN_ERROR_ARGUMENT;
        }
    }
    for (o = 0; o < outer_size; o++) {
        for (k = 0; k < num_inputs; k++) {
            const pn_concat_input *in = &inputs[k];
            const int8_t *src = in->data + o * in->inner_size;
            if (!in->requantize) {
                memcpy(output, src, (size_t)in->inner_size);
            } else {
                int32_t i;
                for (i = 0; i < in->inner_size; i++) {
                    const int32_t v = output_zero_point
                        + pn_requantize((int32_t)src[i] - in->input_zero_point, in->quant.multiplier,
                                        in->quant.shift);
                    output[i] = (int8_t)PN_CLAMP(v, -128, 127);
                }
            }
            output += in->inner_size;
        }
    }
    return PN_OK;
}
