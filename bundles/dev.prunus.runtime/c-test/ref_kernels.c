/* Reference kernels: see ref_kernels.h. Deliberately naive. */
#include "ref_kernels.h"

static int32_t ref_clamp_out(int32_t acc, int32_t multiplier, int32_t shift, int32_t out_offset,
                             pn_activation act)
{
    int32_t y = pn_requantize(acc, multiplier, shift) + out_offset;
    if (y < act.min) {
        y = act.min;
    }
    if (y > act.max) {
        y = act.max;
    }
    return y;
}

void ref_conv_s8(const pn_conv_params *p, const pn_per_channel_quant *q, const pn_dims *in_d, const int8_t *in,
                 const pn_dims *f_d, const int8_t *f, const int32_t *bias, const pn_dims *out_d, int8_t *out)
{
    for (int32_t b = 0; b < out_d->n; b++) {
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            for (int32_t ox = 0; ox < out_d->w; ox++) {
                for (int32_t oc = 0; oc < out_d->c; oc++) {
                    int32_t acc = 0;
                    for (int32_t ky = 0; ky < f_d->h; ky++) {
                        for (int32_t kx = 0; kx < f_d->w; kx++) {
                            const int32_t iy = oy * p->stride.h - p->padding.h + ky * p->dilation.h;
                            const int32_t ix = ox * p->stride.w - p->padding.w + kx * p->dilation.w;
                            if (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w) {
                                continue;
                            }
                            for (int32_t ic = 0; ic < in_d->c; ic++) {
                                const int32_t x = in[((b * in_d->h + iy) * in_d->w + ix) * in_d->c + ic];
                                const int32_t w = f[((oc * f_d->h + ky) * f_d->w + kx) * f_d->c + ic];
                                acc += (x + p->input_offset) * w;
                            }
                        }
                    }
                    if (bias) {
                        acc += bias[oc];
                    }
                    out[((b * out_d->h + oy) * out_d->w + ox) * out_d->c + oc] = (int8_t)ref_clamp_out(
                        acc, q->multiplier[oc], q->shift[oc], p->output_offset, p->activation);
                }
            }
        }
    }
}

void ref_depthwise_conv_s8(const pn_dw_conv_params *p, const pn_per_channel_quant *q, const pn_dims *in_d,
                           const int8_t *in, const pn_dims *f_d, const int8_t *f, const int32_t *bias,
                           const pn_dims *out_d, int8_t *out)
{
    for (int32_t b = 0; b < out_d->n; b++) {
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            for (int32_t ox = 0; ox < out_d->w; ox++) {
                for (int32_t ic = 0; ic < in_d->c; ic++) {
                    for (int32_t m = 0; m < p->ch_mult; m++) {
                        const int32_t oc = m + ic * p->ch_mult;
                        int32_t acc = 0;
                        for (int32_t ky = 0; ky < f_d->h; ky++) {
                            for (int32_t kx = 0; kx < f_d->w; kx++) {
                                const int32_t iy = oy * p->stride.h - p->padding.h + p->dilation.h * ky;
                                const int32_t ix = ox * p->stride.w - p->padding.w + p->dilation.w * kx;
                                if (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w) {
                                    continue;
                                }
                                const int32_t x = in[((b * in_d->h + iy) * in_d->w + ix) * in_d->c + ic];
                                const int32_t w = f[(ky * f_d->w + kx) * f_d->c + oc];
                                acc += w * (x + p->input_offset);
                            }
                        }
                        if (bias) {
                            acc += bias[oc];
                        }
                        out[((b * out_d->h + oy) * out_d->w + ox) * out_d->c + oc] = (int8_t)ref_clamp_out(
                            acc, q->multiplier[oc], q->shift[oc], p->output_offset, p->activation);
                    }
                }
            }
        }
    }
}

void ref_fully_connected_s8(const pn_fc_params *p, const int32_t *multiplier, const int32_t *shift,
                            int32_t quant_step, int32_t batches, int32_t k, const int8_t *in, int32_t units,
                            const int8_t *f, const int32_t *bias, int8_t *out)
{
    for (int32_t b = 0; b < batches; b++) {
        for (int32_t u = 0; u < units; u++) {
            int32_t acc = 0;
            for (int32_t d = 0; d < k; d++) {
                acc += (f[u * k + d] + p->filter_offset) * (in[b * k + d] + p->input_offset);
            }
            if (bias) {
                acc += bias[u];
            }
            out[b * units + u] = (int8_t)ref_clamp_out(acc, multiplier[u * quant_step], shift[u * quant_step],
                                                       p->output_offset, p->activation);
        }
    }
}

static void ref_pool(const pn_pool_params *p, const pn_dims *in_d, const int8_t *in, const pn_dims *out_d,
                     int8_t *out, int is_max)
{
    for (int32_t b = 0; b < out_d->n; b++) {
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            for (int32_t ox = 0; ox < out_d->w; ox++) {
                for (int32_t c = 0; c < out_d->c; c++) {
                    const int32_t in_x = ox * p->stride.w - p->padding.w;
                    const int32_t in_y = oy * p->stride.h - p->padding.h;
                    int32_t sum = 0, count = 0, max = -128;
                    for (int32_t fy = 0; fy < p->filter.h; fy++) {
                        for (int32_t fx = 0; fx < p->filter.w; fx++) {
                            const int32_t iy = in_y + fy, ix = in_x + fx;
                            if (iy < 0 || iy >= in_d->h || ix < 0 || ix >= in_d->w) {
                                continue;
                            }
                            const int32_t v = in[((b * in_d->h + iy) * in_d->w + ix) * in_d->c + c];
                            sum += v;
                            count++;
                            if (v > max) {
                                max = v;
                            }
                        }
                    }
                    int32_t y;
                    if (is_max) {
                        y = max;
                    } else {
                        y = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    }
                    if (y < p->activation.min) {
                        y = p->activation.min;
                    }
                    if (y > p->activation.max) {
                        y = p->activation.max;
                    }
                    out[((b * out_d->h + oy) * out_d->w + ox) * out_d->c + c] = (int8_t)y;
                }
            }
        }
    }
}

void ref_avgpool_s8(const pn_pool_params *p, const pn_dims *in_d, const int8_t *in, const pn_dims *out_d,
                    int8_t *out)
{
    ref_pool(p, in_d, in, out_d, out, 0);
}

void ref_maxpool_s8(const pn_pool_params *p, const pn_dims *in_d, const int8_t *in, const pn_dims *out_d,
                    int8_t *out)
{
    ref_pool(p, in_d, in, out_d, out, 1);
}

int32_t ref_out_size(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int same)
{
    const int32_t eff = (filter - 1) * dilation + 1;
    return same ? (in + stride - 1) / stride : (in - eff + stride) / stride;
}

int32_t ref_padding(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t out)
{
    const int32_t eff = (filter - 1) * dilation + 1;
    const int32_t total = (out - 1) * stride + eff - in;
    return total > 0 ? total / 2 : 0;
}
