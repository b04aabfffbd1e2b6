/*
 * Prunus runtime: int8 RESIZE_NEAREST_NEIGHBOR over NHWC tensors.
 */
#ifndef PN_RESIZE_NEAREST_S8_H
#define PN_RESIZE_NEAREST_S8_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * RESIZE_NEAREST_NEIGHBOR (TFLM reference semantics, values copied): output pixel (y, x) copies the depth vector
 * of input pixel (nearest(y), nearest(x)), where nearest follows TFLM's GetNearestNeighbor in float32:
 * scale = in / out (or (in - 1) / (out - 1) with align_corners and out > 1), offset = 0.5 with half-pixel
 * centres, else 0; nearest(v) = min(floor((v + offset) * scale), in - 1), rounded half away from zero instead of
 * floored with align_corners, and at least 0 with half-pixel centres.
 *
 * @param align_corners      0 or 1
 * @param half_pixel_centers 0 or 1
 * @param input_dims         input shape (n, h, w, c), every dimension >= 1
 * @param output_height      >= 1
 * @param output_width       >= 1
 * @param input              input data
 * @param output             output data, n x output_height x output_width x c (must not overlap the input)
 * @return PN_OK, or PN_ERROR_ARGUMENT
 */
pn_status pn_resize_nearest_s8(int32_t align_corners, int32_t half_pixel_centers, const pn_dims *input_dims,
                               int32_t output_height, int32_t output_width, const int8_t *input, int8_t *output);

#ifdef __cplusplus
}
#endif

#endif /* PN_RESIZE_NEAREST_S8_H */
