/*
 * Prunus runtime: float32 FULLY_CONNECTED (see pn_fully_connected_f32.h).
 */
#include "pn_fully_connected_f32.h"

pn_status pn_fully_connected_f32(int32_t batches, int32_t units, int32_t depth, const float *input,
                                 const float *weights, const float *bias, float act_min, float act_max,
                                 float *output)
{
    int32_t b;
    int32_t u;
    int32_t d;
    if (batches < 0 || units < 0 || depth < 0 || input == NULL || weights == NULL || output == NULL
        || act_min > act_max) {
        return PN_ERROR_ARGUMENT;
    }
    for (b = 0; b < batches; b++) {
        const float *x = input + (size_t)b * (size_t)depth;
        for (u = 0; u < units; u++) {
            const float *w = weights + (size_t)u * (size_t)depth;
            float sum = 0.0f;
            for (d = 0; d < depth; d++) {
                sum += x[d] * w[d];
            }
            sum += bias != NULL ? bias[u] : 0.0f;
            sum = sum < act_min ? act_min : sum;
            *output++ = act_max < sum ? act_max : sum;
        }
    }
    return PN_OK;
}
