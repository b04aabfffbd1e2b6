/*
 * Prunus runtime: int8 RESIZE_NEAREST_NEIGHBOR, bit-exact with TFLite Micro's reference kernel (the source
 * coordinates are computed in float32 exactly as TFLM's GetNearestNeighbor does).
 */
#include <math.h>
#include <string.h>

#include "pn_resize_nearest_s8.h"

static int32_t pn_nearest(int32_t v, int32_t in_size, int32_t out_size, int32_t align_corners,
                          int32_t half_pixel_centers)
{
    const float scale = (align_corners && out_size > 1) ? (float)(in_size - 1) / (float)(out_size - 1)
                                                        : (float)in_size / (float)out_size;
    const float offset = half_pixel_centers ? 0.5f : 0.0f;
    const float at = ((float)v + offset) * scale;
    int32_t n = align_corners ? (int32_t)roundf(at) : (int32_t)floorf(at);
    if (n > in_size - 1) {
        n = in_size - 1;
    }
    if (half_pixel_centers && n < 0) {
        n = 0;
    }
    return n;
}

pn_status pn_resize_nearest_s8(int32_t align_corners, int32_t half_pixel_centers, const pn_dims *input_dims,
                               int32_t output_height, int32_t output_width, const int8_t *input, int8_t *output)
{
    int32_t b;
    int32_t y;
    int32_t x;
    int32_t depth;
    if (input_dims == NULL || input == NULL || output == NULL || input_dims->n < 1 || input_dims->h < 1
        || input_dims->w < 1 || input_dims->c < 1 || output_height < 1 || output_width < 1) {
        return PN_ERROR_ARGUMENT;
    }
    depth = input_dims->c;
    for (b = 0; b < input_dims->n; b++) {
        for (y = 0; y < output_height; y++) {
            const int32_t in_y = pn_nearest(y, input_dims->h, output_height, align_corners, half_pixel_centers);
            const int8_t *row = input + ((b * input_dims->h + in_y) * input_dims->w) * depth;
            for (x = 0; x < output_width; x++) {
                const int32_t in_x = pn_nearest(x, input_dims->w, output_width, align_corners, half_pixel_centers);
                memcpy(output, row + in_x * depth, (size_t)depth);
                output += depth;
            }
        }
    }
    return PN_OK;
}
