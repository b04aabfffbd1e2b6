/*
 * Prunus runtime: int8 BATCH_MATMUL, a plain triple loop per batch (not yet tuned for the SMLAD inner loop).
 */
#include "pn_batch_matmul_s8.h"

pn_status pn_batch_matmul_s8(const pn_batch_matmul_params *params, int32_t batches, const int32_t *lhs_offsets,
                             const int32_t *rhs_offsets, const int8_t *lhs, const int8_t *rhs, int8_t *output)
{
    int32_t b;
    if (params == NULL || batches < 1 || lhs_offsets == NULL || rhs_offsets == NULL || lhs == NULL || rhs == NULL
        || output == NULL || params->rows < 1 || params->depth < 1 || params->cols < 1) {
        return PN_ERROR_ARGUMENT;
    }
    for (b = 0; b < batches; b++) {
        const int8_t *l = lhs + lhs_offsets[b];
        const int8_t *r = rhs + rhs_offsets[b];
        int32_t m;
        for (m = 0; m < params->rows; m++) {
            int32_t n;
            for (n = 0; n < params->cols; n++) {
                const int8_t *lp = l + m * params->lhs_row_stride;
                const int8_t *rp = r + n * params->rhs_col_stride;
                int32_t acc = 0;
                int32_t k;
                for (k = 0; k < params->depth; k++) {
                    acc += ((int32_t)*lp + params->lhs_offset) * ((int32_t)*rp + params->rhs_offset);
                    lp += params->lhs_depth_stride;
                    rp += params->rhs_depth_stride;
                }
                acc = pn_requantize(acc, params->output_quant.multiplier, params->output_quant.shift)
                    + params->output_offset;
                *output++ = (int8_t)PN_CLAMP(acc, -128, 127);
            }
        }
    }
    return PN_OK;
}
