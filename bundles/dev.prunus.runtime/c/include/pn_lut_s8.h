/*
 * Prunus runtime: int8 elementwise function by table.
 */
#ifndef PN_LUT_S8_H
#define PN_LUT_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * output[i] = table[input[i] + 128]: an int8 unary operator whose reference arithmetic the generator evaluated
 * once per stored input value (HARD_SWISH).
 *
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_lut_s8(const int8_t *table, int32_t size, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_LUT_S8_H */
