/*
 * Prunus runtime: the matrix core shared by the dense convolution and fully connected kernels.
 *
 * Multiplies one or two input columns (int16, input offset already added, permuted layout of pn_dsp.h) by the
 * rows of an int8 weight matrix (row o = the k weights of output channel o, contiguous, any alignment: an OHWI
 * filter or an FC weight matrix), adds the bias, requantizes, adds the output offset, clamps and stores int8.
 * Internal to the runtime: generated code calls the kernels in pn_kernels.h, not these.
 */
#ifndef PN_GEMM_S8_H
#define PN_GEMM_S8_H

#include "pn_nn_types.h"
#include "pn_dsp.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Output stage of the matrix core. */
typedef struct {
    const int32_t *bias;       /**< per output channel, or NULL for none */
    const int32_t *multiplier; /**< per output channel (quant_step 1) or one value (quant_step 0) */
    const int32_t *shift;      /**< same indexing as multiplier */
    int32_t quant_step;        /**< 1 per-channel, 0 per-tensor */
    int32_t output_offset;     /**< [-128, 127] */
    pn_activation activation;  /**< clamp */
    int32_t fast;              /**< set by pn_gemm_s8_prepare: 1 if the fast exact requantization applies */
    pn_out_channel *table;     /**< set by pn_gemm_s8_prepare: cout entries in scratch */
} pn_gemm_epilogue;

/** Scratch bytes that pn_gemm_s8_prepare takes: one pn_out_channel (28 bytes) per output channel. */
#define PN_GEMM_QUANT_BYTES(cout) (28 * (cout))

/**
 * Prepares the output stage once per kernel call: decides whether the cheap requantization of pn_dsp.h is
 * exact for every channel (k products per output of magnitude at most max_abs_product) and fills the
 * per-channel table in scratch (PN_GEMM_QUANT_BYTES(cout) bytes, 4-byte aligned).
 */
void pn_gemm_s8_prepare(pn_gemm_epilogue *e, int32_t cout, int32_t k, int32_t max_abs_product, void *scratch);

/**
 * Two columns interleaved (group stride 8) against cout weight rows of length k.
 * Writes out0[0..cout-1] (first column) and out1[0..cout-1] (second column).
 */
void pn_gemm_s8_2col(const int16_t *cols, int32_t k, const int8_t *weights, int32_t cout,
                     const pn_gemm_epilogue *e, int8_t *out0, int8_t *out1);

/** One column (group stride 4) against cout weight rows of length k; writes out[0..cout-1]. */
void pn_gemm_s8_1col(const int16_t *col, int32_t k, const int8_t *weights, int32_t cout,
                     const pn_gemm_epilogue *e, int8_t *out);

/**
 * Rows driver: rows[r*k .. r*k+k-1] (int8, e.g. FC batch rows or the pixels of a 1x1 stride-1 convolution)
 * get input_offset added, are converted two at a time into scratch and multiplied; out row r is
 * out[r*cout .. r*cout+cout-1]. scratch: 2 * PN_COL_S16_LEN(k) int16, 4-byte aligned.
 */
void pn_gemm_s8_rows(const int8_t *rows, int32_t nrows, int32_t k, int32_t input_offset, const int8_t *weights,
                     int32_t cout, const pn_gemm_epilogue *e, int16_t *scratch, int8_t *out);

/** int16 elements of one column of k values in the permuted layout (k rounded up to a multiple of 4). */
#define PN_COL_S16_LEN(k) ((((k) + 3) / 4) * 4)

/** Input values the fully connected core widens at a time (a multiple of 4). */
#define PN_FC_CHUNK 1024

/**
 * Scratch bytes of pn_gemm_s8_fc: one int16 column of min(ceil4(k), PN_FC_CHUNK) values, plus one int32
 * partial sum per unit when k spans several chunks.
 */
#define PN_FC_SCRATCH_BYTES(k, units)                                                                          \
    (PN_COL_S16_LEN(k) > PN_FC_CHUNK ? 2 * PN_FC_CHUNK + 4 * (units) : 2 * PN_COL_S16_LEN(k))

/**
 * Fully connected core without a per-channel table: each input row is widened (input offset added) in chunks
 * of PN_FC_CHUNK values into scratch and multiplied by the weight rows, 4 units at a time; every output is
 * requantized exactly (pn_requantize) as soon as its sum is complete, so that the scratch does not grow with
 * the number of units unless k spans several chunks. Uses e->bias, multiplier, shift, quant_step,
 * output_offset and activation (no pn_gemm_s8_prepare). out row r is out[r*units .. r*units+units-1].
 * scratch: PN_FC_SCRATCH_BYTES(k, units) bytes, 4-byte aligned.
 */
void pn_gemm_s8_fc(const int8_t *rows, int32_t nrows, int32_t k, int32_t input_offset, const int8_t *weights,
                   int32_t units, const pn_gemm_epilogue *e, void *scratch, int8_t *out);

#ifdef __cplusplus
}
#endif

#endif /* PN_GEMM_S8_H */
