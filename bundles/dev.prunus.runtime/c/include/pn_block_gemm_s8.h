/*
 * Prunus runtime: the block-sparse matrix core shared by pn_fully_connected_block_s8 and
 * pn_convolve_1x1_block_s8 (docs/sparse-format.md, section 2). Internal: generated code calls the two kernels.
 */
#ifndef PN_BLOCK_GEMM_S8_H
#define PN_BLOCK_GEMM_S8_H

#include "pn_block_simd.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Everything the core needs besides the input rows and the output position. */
typedef struct {
    int32_t cout;            /**< output channels (rows of the sparse matrix), >= 1 */
    int32_t block_size;      /**< 4 or 8 */
    int32_t blocks;          /**< NB = ceil(cin / block_size) */
    int32_t mask_words;      /**< NW = ceil(NB / 32) */
    const uint32_t *mask;    /**< cout * NW words */
    const int8_t *weights;   /**< kept blocks, block_size bytes each, 4-byte aligned */
    const int32_t *bias;     /**< cout values or NULL */
    const int32_t *multiplier; /**< per channel (per_channel != 0) or one value */
    const int32_t *shift;    /**< per channel (per_channel != 0) or one value */
    int32_t per_channel;     /**< 0: multiplier[0], shift[0] for every channel */
    int32_t output_offset;   /**< [-128, 127] */
    int32_t act_min;         /**< clamp */
    int32_t act_max;         /**< clamp */
    const pn_sp_fast_quant *chan; /**< cout cheap-epilogue constants (bias included) when every channel
                                       qualifies (pn_block_gemm_s8_prepare), else NULL */
} pn_block_gemm_args;

/**
 * Fills chan[0..cout-1] with the cheap exact epilogue constants and sets args->chan when every output row
 * qualifies (see pn_sp_fast_ok); otherwise leaves args->chan NULL (the core then uses the general form).
 */
void pn_block_gemm_s8_prepare(pn_block_gemm_args *args, pn_sp_fast_quant *chan);

/**
 * Widens one input row (cin int8 values) into the layout the core reads for rows = 1: offset added, zero padded
 * to padded = NB * B values; on the SIMD path every group of four (the zero-padded last one too) is permuted
 * v0 v2 v1 v3, on the portable path the order is natural.
 */
void pn_block_gemm_s8_widen(const int8_t *src, int32_t cin, int32_t offset, int32_t padded, int16_t *dst);

/**
 * Widens rows (1..4) input rows into the interleaved layout the core reads for rows > 1: group of four channels
 * q of row r at int16 index q * 16 + r * 4 (missing rows zero); 4 * padded int16 values in all.
 */
void pn_block_gemm_s8_widen4(const int8_t *const *src, int32_t rows, int32_t cin, int32_t offset, int32_t padded,
                             int16_t *dst);

/**
 * out[r * out_stride + o] = requantized dot product of row o of the sparse matrix with input row r, for
 * r < rows. interleaved = 0: rows = 1, cols from pn_block_gemm_s8_widen; interleaved = 1: rows in 1..4, cols
 * from pn_block_gemm_s8_widen4.
 */
void pn_block_gemm_s8(const pn_block_gemm_args *args, const int16_t *cols, int32_t rows, int32_t interleaved,
                      int8_t *out, int32_t out_stride);

#ifdef __cplusplus
}
#endif

#endif /* PN_BLOCK_GEMM_S8_H */
