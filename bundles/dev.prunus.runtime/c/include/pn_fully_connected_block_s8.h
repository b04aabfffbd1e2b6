/*
 * Prunus runtime: block-sparse int8 fully connected layer. Format: docs/sparse-format.md, section 2.
 */
#ifndef PN_FULLY_CONNECTED_BLOCK_S8_H
#define PN_FULLY_CONNECTED_BLOCK_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Scratch bytes of pn_fully_connected_block_s8: 2 * ceil(k / block_size) * block_size (one input row widened
 * to int16), the same on every target. Returns -1 for invalid arguments.
 *
 * @param filter_dims dense weight shape: n = output units, c = k
 * @param block_size  4 or 8
 */
int32_t pn_fully_connected_block_s8_get_buffer_size(const pn_dims *filter_dims, int32_t block_size);

/**
 * Block-sparse fully connected layer. Bit-exact with the dense layer (TFLM reference semantics,
 * pn_fully_connected_s8 / _per_channel) on the zero-filled dense weights.
 *
 * @param params      input and output offsets, activation clamp; filter_offset must be 0 (symmetric weights)
 * @param quant       multiplier (Q31, [2^30, 2^31) or 0) and shift ([-31, 30]): one value, or one per unit
 * @param per_channel 0: quant holds one value for all units; 1: one value per output unit
 * @param input_dims  n = batches (>= 1), h * w * c = k (accumulation depth)
 * @param input       int8 input, batches x k
 * @param filter_dims dense weight shape: n = output units (>= 1), c = k (h = w = 1)
 * @param block_size  4 or 8 weights per block
 * @param mask        units * ceil(ceil(k / block_size) / 32) uint32 block masks (format section 2.1)
 * @param weights     kept blocks, block_size bytes each (format section 2.2), 4-byte aligned
 * @param bias        int32 per unit, or NULL
 * @param output_dims n = batches, c = units (h = w = 1)
 * @param output      int8 output, batches x units
 * @param buffer      scratch of pn_fully_connected_block_s8_get_buffer_size() bytes, 4-byte aligned
 * @return PN_OK, or PN_ERROR_ARGUMENT for inconsistent dimensions or parameters
 */
pn_status pn_fully_connected_block_s8(const pn_fc_params *params, const pn_per_channel_quant *quant,
                                      int32_t per_channel, const pn_dims *input_dims, const int8_t *input,
                                      const pn_dims *filter_dims, int32_t block_size, const uint32_t *mask,
                                      const int8_t *weights, const int32_t *bias, const pn_dims *output_dims,
                                      int8_t *output, void *buffer);

#ifdef __cplusplus
}
#endif

#endif /* PN_FULLY_CONNECTED_BLOCK_S8_H */
