/*
 * Prunus runtime: int8 RSQRT.
 */
#ifndef PN_RSQRT_S8_H
#define PN_RSQRT_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * RSQRT through a table of TFLM's RsqrtEvalQuantized, one entry per stored input value (the generator evaluates
 * the function, index q + 128). As TFLM, an input below its zero point (a negative real value) is an error and
 * leaves the output untouched.
 *
 * @param table             256 outputs
 * @param input_zero_point  inputs below it are refused
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_rsqrt_s8(const int8_t *table, int32_t input_zero_point, int32_t size, const int8_t *input,
                      int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_RSQRT_S8_H */
