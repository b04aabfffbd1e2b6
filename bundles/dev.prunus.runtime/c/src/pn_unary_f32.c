/*
 * Prunus runtime: float32 SQRT and LOG (see pn_unary_f32.h). sqrtf is correctly rounded (as the interpreter's);
 * logf is the C library's single-precision log, within an ulp or so of the interpreter's log rounded to float.
 */
#include <math.h>

#include "pn_unary_f32.h"

pn_status pn_unary_f32(pn_unary_f32_op op, int32_t size, const float *input, float *output)
{
    int32_t i;
    if ((op != PN_F32_SQRT && op != PN_F32_LOG) || size < 0 || (size > 0 && (input == NULL || output == NULL))) {
        return PN_ERROR_ARGUMENT;
    }
    if (op == PN_F32_SQRT) {
        for (i = 0; i < size; i++) {
            output[i] = sqrtf(input[i]);
        }
    } else {
        for (i = 0; i < size; i++) {
            output[i] = logf(input[i]);
        }
    }
    return PN_OK;
}
