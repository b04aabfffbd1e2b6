/*
 * Prunus runtime: int8 MEAN over H and W, bit-exact with TFLite Micro's reference EvalIntegerMean
 * (reference_ops::Mean for equal quantization, reference_ops::QuantizedMeanOrSum otherwise).
 */
#include <math.h>

#include "pn_mean_s8.h"

pn_status pn_mean_s8(const pn_mean_params *params, const pn_dims *input_dims, const int8_t *input, int8_t *output)
{
    int32_t n;
    int32_t c;
    int32_t count;
    int same;
    float scale;
    float bias;
    if (params == NULL || input_dims == NULL || input == NULL || output == NULL || input_dims->n < 1
        || input_dims->h < 1 || input_dims->w < 1 || input_dims->c < 1 || !(params->input_scale > 0.0f)
        || !(params->output_scale > 0.0f)) {
        return PN_ERROR_ARGUMENT;
    }
    count = input_dims->h * input_dims->w;
    if (count >= (1L << 23)) {
        return PN_ERROR_ARGUMENT;
    }
    same = params->input_zero_point == params->output_zero_point && params->input_scale == params->output_scale;
    scale = params->input_scale / params->output_scale;
    bias = (float)(-params->input_zero_point) * scale;
    for (n = 0; n < input_dims->n; n++) {
        const int8_t *in = input + n * count * input_dims->c;
        for (c = 0; c < input_dims->c; c++) {
            int32_t sum = 0;
            int32_t i;
            for (i = 0; i < count; i++) {
                sum += in[i * input_dims->c + c];
            }
            if (same) {
                output[n * input_dims->c + c] = (int8_t)(sum / count);
            } else {
                const float mean = (float)sum / (float)count;
                volatile float product = mean * scale; /* no fused multiply-add: TFLM rounds the product */
                float result = roundf(product + bias) + (float)params->output_zero_point;
                result = result > 127.0f ? 127.0f : result;
                result = result < -128.0f ? -128.0f : result;
                output[n * input_dims->c + c] = (int8_t)result;
            }
        }
    }
    return PN_OK;
}
