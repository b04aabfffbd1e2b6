/*
 * Prunus runtime: float32 binary elementwise operators with broadcasting (see pn_binary_f32.h).
 */
#include "pn_binary_f32.h"
#include "pn_broadcast.h"

static float pn_binary_f32_apply(pn_binary_f32_op op, float x, float y)
{
    switch (op) {
    case PN_F32_ADD:
        return x + y;
    case PN_F32_SUB:
        return x - y;
    case PN_F32_MUL:
        return x * y;
    case PN_F32_MAXIMUM:
        return x < y ? y : x; /* std::max */
    default:
        return y < x ? y : x; /* std::min */
    }
}

pn_status pn_binary_f32(pn_binary_f32_op op, const pn_dims *a_dims, const float *a, const pn_dims *b_dims,
                        const float *b, const pn_dims *out_dims, float act_min, float act_max, float *output)
{
    pn_broadcast_strides sa;
    pn_broadcast_strides sb;
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
    /* equality tests: an enum may be unsigned (arm-none-eabi), where op < 0 is always false */
    if ((op != PN_F32_ADD && op != PN_F32_SUB && op != PN_F32_MUL && op != PN_F32_MAXIMUM && op != PN_F32_MINIMUM)
        || a_dims == NULL || b_dims == NULL || out_dims == NULL || a == NULL
        || b == NULL || output == NULL || act_min > act_max) {
        return PN_ERROR_ARGUMENT;
    }
    if (pn_broadcast_strides_of(a_dims, out_dims, &sa) != 0 || pn_broadcast_strides_of(b_dims, out_dims, &sb) != 0) {
        return PN_ERROR_ARGUMENT;
    }
    for (n = 0; n < out_dims->n; n++) {
        for (h = 0; h < out_dims->h; h++) {
            for (w = 0; w < out_dims->w; w++) {
                const float *pa = a + n * sa.n + h * sa.h + w * sa.w;
                const float *pb = b + n * sb.n + h * sb.h + w * sb.w;
                for (c = 0; c < out_dims->c; c++) {
                    float v = pn_binary_f32_apply(op, pa[c * sa.c], pb[c * sb.c]);
                    /* min(max(v, act_min), act_max) as TFLite's ActivationFunctionWithMinMax; NaN passes */
                    v = v < act_min ? act_min : v;
                    *output++ = act_max < v ? act_max : v;
                }
            }
        }
    }
    return PN_OK;
}
