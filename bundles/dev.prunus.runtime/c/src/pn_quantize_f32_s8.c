/*
 * Prunus runtime: QUANTIZE float -> int8 (TFLite Micro reference_ops::AffineQuantize).
 */
#include <math.h>

#include "pn_quantize_s8.h"

pn_status pn_quantize_f32_s8(float scale, int32_t zero_point, int32_t size, const float *input, int8_t *output)
{
    int32_t i;
    if (!(scale > 0.0f) || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    for (i = 0; i < size; i++) {
        const float q = roundf(input[i] / scale);
        int32_t v;
        /* the saturation happens in float so that huge values or infinities cannot overflow the cast */
        if (q >= 255.0f) {
            v = 127;
        } else if (q <= -256.0f) {
            v = -128;
        } else {
            v = (int32_t)q + zero_point;
            v = PN_CLAMP(v, -128, 127);
        }
        output[i] = (int8_t)v;
    }
    return PN_OK;
}
