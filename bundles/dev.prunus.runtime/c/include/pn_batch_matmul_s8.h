/*
 * Prunus runtime: int8 BATCH_MATMUL.
 */
#ifndef PN_BATCH_MATMUL_S8_H
#define PN_BATCH_MATMUL_S8_H

#include "pn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One BATCH_MATMUL: zero points, requantization and the strides that express adj_x / adj_y. */
typedef struct {
    int32_t lhs_offset;       /**< minus the lhs zero point, [-127, 128] */
    int32_t rhs_offset;       /**< minus the rhs zero point, [-127, 128] */
    int32_t output_offset;    /**< the output zero point, [-128, 127] */
    pn_quant output_quant;    /**< s_lhs * s_rhs / s_out */
    int32_t rows;             /**< output rows per batch, >= 1 */
    int32_t depth;            /**< accumulation depth, >= 1 */
    int32_t cols;             /**< output columns per batch, >= 1 */
    int32_t lhs_row_stride;   /**< lhs element (m, k) at m * lhs_row_stride + k * lhs_depth_stride */
    int32_t lhs_depth_stride;
    int32_t rhs_depth_stride; /**< rhs element (k, n) at k * rhs_depth_stride + n * rhs_col_stride */
    int32_t rhs_col_stride;
} pn_batch_matmul_params;

/**
 * BATCH_MATMUL (TFLM reference BatchMatMul): out[b][m][n] = requantize(sum_k (lhs + lhs_offset) *
 * (rhs + rhs_offset)) + output_offset, clamped to int8. Batch b reads its matrices at lhs + lhs_offsets[b] and
 * rhs + rhs_offsets[b] (broadcast batches repeat an offset).
 *
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_batch_matmul_s8(const pn_batch_matmul_params *params, int32_t batches, const int32_t *lhs_offsets,
                             const int32_t *rhs_offsets, const int8_t *lhs, const int8_t *rhs, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_BATCH_MATMUL_S8_H */
