/*
 * Prunus runtime: 4-D broadcasting helper shared by the binary elementwise kernels (ADD, MUL).
 */
#ifndef PN_BROADCAST_H
#define PN_BROADCAST_H

#include "pn_nn_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Element strides of an input read with broadcasting against an output shape: 0 along a broadcast axis. */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} pn_broadcast_strides;

/**
 * Computes the strides of an NHWC input broadcast to the output shape. Returns 0 on success, -1 if a
 * dimension is neither equal to the output's nor 1, or a dimension is < 1.
 */
PN_INLINE int pn_broadcast_strides_of(const pn_dims *in, const pn_dims *out, pn_broadcast_strides *s)
{
    if (in->n < 1 || in->h < 1 || in->w < 1 || in->c < 1 || out->n < 1 || out->h < 1 || out->w < 1 || out->c < 1) {
        return -1;
    }
    if ((in->n != out->n && in->n != 1) || (in->h != out->h && in->h != 1) || (in->w != out->w && in->w != 1)
        || (in->c != out->c && in->c != 1)) {
        return -1;
    }
    s->c = in->c == 1 ? 0 : 1;
    s->w = in->w == 1 ? 0 : in->c;
    s->h = in->h == 1 ? 0 : in->w * in->c;
    s->n = in->n == 1 ? 0 : in->h * in->w * in->c;
    return 0;
}

/** True when both shapes equal the output shape (no broadcasting needed). */
PN_INLINE int pn_broadcast_same(const pn_dims *a, const pn_dims *b, const pn_dims *out)
{
    return a->n == out->n && a->h == out->h && a->w == out->w && a->c == out->c && b->n == out->n
        && b->h == out->h && b->w == out->w && b->c == out->c;
}

#ifdef __cplusplus
}
#endif

#endif /* PN_BROADCAST_H */
