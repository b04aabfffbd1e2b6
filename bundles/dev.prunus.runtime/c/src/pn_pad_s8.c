/*
 * Prunus runtime: int8 PAD. Copies rows of channels with memcpy and fills the borders with memset.
 */
#include <string.h>

#include "pn_pad_s8.h"

pn_status pn_pad_s8(const pn_pad_params *params, int32_t pad_value, const pn_dims *input_dims,
                    const int8_t *input, int8_t *output)
{
    pn_dims out;
    int32_t n;
    int32_t h;
    int32_t w;
    const pn_dims *b;
    const pn_dims *a;
    if (params == NULL || input_dims == NULL || input == NULL || output == NULL || pad_value < -128
        || pad_value > 127 || input_dims->n < 1 || input_dims->h < 1 || input_dims->w < 1 || input_dims->c < 1) {
        return PN_ERROR_ARGUMENT;
    }
    b = &params->before;
    a = &params->after;
    if (b->n < 0 || b->h < 0 || b->w < 0 || b->c < 0 || a->n < 0 || a->h < 0 || a->w < 0 || a->c < 0) {
        return PN_ERROR_ARGUMENT;
    }
    out.n = input_dims->n + b->n + a->n;
    out.h = input_dims->h + b->h + a->h;
    out.w = input_dims->w + b->w + a->w;
    out.c = input_dims->c + b->c + a->c;
    for (n = 0; n < out.n; n++) {
        const int32_t in_n = n - b->n;
        for (h = 0; h < out.h; h++) {
            const int32_t in_h = h - b->h;
            int8_t *row = output + ((n * out.h + h) * out.w) * out.c;
            if (in_n < 0 || in_n >= input_dims->n || in_h < 0 || in_h >= input_dims->h) {
                memset(row, pad_value, (size_t)(out.w * out.c));
                continue;
            }
            for (w = 0; w < out.w; w++) {
                const int32_t in_w = w - b->w;
                int8_t *px = row + w * out.c;
                if (in_w < 0 || in_w >= input_dims->w) {
                    memset(px, pad_value, (size_t)out.c);
                    continue;
                }
                memset(px, pad_value, (size_t)b->c);
                memcpy(px + b->c,
                       input + ((in_n * input_dims->h + in_h) * input_dims->w + in_w) * input_dims->c,
                       (size_t)input_dims->c);
                memset(px + b->c + input_dims->c, pad_value, (size_t)a->c);
            }
        }
    }
    return PN_OK;
}
