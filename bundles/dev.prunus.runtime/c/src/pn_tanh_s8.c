/*
 * Prunus runtime: int8 TANH, bit-exact with TFLite Micro's reference_integer_ops::Tanh.
 */
#include "pn_tanh_s8.h"
#include "pn_fixedpoint.h"

pn_status pn_tanh_s8(const pn_sigmoid_params *params, int32_t size, const int8_t *input, int8_t *output)
{
    int32_t i;
    if (params == NULL || (size > 0 && (input == NULL || output == NULL)) || size < 0
        || params->input_left_shift < -31 || params->input_left_shift > 30) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const int32_t x = (int32_t)input[i] - params->input_zero_point;
        int32_t value;
        if (x <= -params->input_range_radius) {
            value = -128;
        } else if (x >= params->input_range_radius) {
            value = 127;
        } else {
            const int32_t q4 = pn_requantize(x, params->input_multiplier, params->input_left_shift);
            const int32_t q0 = pn_fp_tanh(q4, 4);
            /* Q0 -> 7 fractional bits (output scale 1/128, zero point 0) */
            value = pn_rounding_divide_by_pot(q0, 31 - 7);
            value = PN_CLAMP(value, -128, 127);
        }
        output[i] = (int8_t)value;
    }
    return PN_OK;
}
