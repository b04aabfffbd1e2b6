/*
 * Tests of the elementwise and data-movement kernels: ADD, MUL, SOFTMAX, LOGISTIC, TANH, RELU, RELU6, PAD,
 * MEAN, CONCATENATION, QUANTIZE, DEQUANTIZE. Each kernel gets hand-derived cases and randomized comparisons
 * against a simple reference written in this file (ops_ref.h for the fixed-point part).
 * PN_TEST_SOURCES: pn_add_s8.c pn_mul_s8.c pn_softmax_s8.c pn_logistic_s8.c pn_tanh_s8.c pn_relu_s8.c pn_relu6_s8.c pn_pad_s8.c pn_mean_s8.c pn_concatenation_s8.c pn_quantize_s8.c pn_quantize_f32_s8.c pn_dequantize_s8.c
 */
#include <math.h>
#include <string.h>

#include "ops_ref.h"
#include "pn_test.h"
#include "pn_add_s8.h"
#include "pn_concatenation_s8.h"
#include "pn_logistic_s8.h"
#include "pn_mean_s8.h"
#include "pn_mul_s8.h"
#include "pn_pad_s8.h"
#include "pn_quantize_s8.h"
#include "pn_relu_s8.h"
#include "pn_softmax_s8.h"
#include "pn_tanh_s8.h"

static int8_t in1[4096];
static int8_t in2[4096];
static int8_t out[8192];
static int8_t ref[8192];

static int32_t clamp8(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---------------- ADD ---------------- */

static int8_t ref_add(const pn_add_params *p, int32_t a, int32_t b)
{
    const int32_t sa = ops_ref_requantize((a + p->input1_offset) * (1 << p->left_shift), p->input1_quant.multiplier,
                                         p->input1_quant.shift);
    const int32_t sb = ops_ref_requantize((b + p->input2_offset) * (1 << p->left_shift), p->input2_quant.multiplier,
                                         p->input2_quant.shift);
    return (int8_t)clamp8(ops_ref_requantize(sa + sb, p->output_quant.multiplier, p->output_quant.shift)
                              + p->output_offset, p->activation.min, p->activation.max);
}

static void make_add_params(pn_add_params *p, double s1, int32_t z1, double s2, int32_t z2, double so, int32_t zo)
{
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    p->input1_offset = -z1;
    p->input2_offset = -z2;
    p->left_shift = 20;
    ops_quantize_multiplier(s1 / twice_max, &p->input1_quant.multiplier, &p->input1_quant.shift);
    ops_quantize_multiplier(s2 / twice_max, &p->input2_quant.multiplier, &p->input2_quant.shift);
    ops_quantize_multiplier(twice_max / ((double)(1 << 20) * so), &p->output_quant.multiplier,
                           &p->output_quant.shift);
    p->output_offset = zo;
    p->activation.min = -128;
    p->activation.max = 127;
}

static void test_add(void)
{
    pn_add_params p;
    pn_dims d = {1, 2, 3, 4};
    pn_dims d1 = {1, 1, 1, 4};
    int i;
    int trial;
    /* hand-derived: equal scales 0.5, zero points 0, output scale 1: (a + b) * 0.5 */
    make_add_params(&p, 0.5, 0, 0.5, 0, 1.0, 0);
    in1[0] = 10;
    in2[0] = 20;
    in1[1] = -7;
    in2[1] = -8;
    in1[2] = 127;
    in2[2] = 127;
    {
        pn_dims one = {1, 1, 1, 3};
        PN_CHECK_EQ(pn_add_s8(&p, &one, in1, &one, in2, &one, out), PN_OK, "status");
    }
    PN_CHECK_EQ(out[0], 15, "0.5*10 + 0.5*20");
    PN_CHECK_EQ(out[1], -8, "0.5*(-15) = -7.5 rounds away from zero");
    PN_CHECK_EQ(out[2], 127, "saturates");
    for (trial = 0; trial < 200; trial++) {
        const double s1 = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        const double s2 = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        const double so = 0.001 + (pn_rng_next() % 1000) / 5000.0;
        const int32_t n = 24;
        const int32_t z1 = pn_rng_range(-128, 127);
        const int32_t z2 = pn_rng_range(-128, 127);
        const int32_t zo = pn_rng_range(-128, 127);
        make_add_params(&p, s1, z1, s2, z2, so, zo);
        p.activation.min = pn_rng_range(-128, 0);
        p.activation.max = pn_rng_range(0, 127);
        for (i = 0; i < n; i++) {
            in1[i] = (int8_t)pn_rng_next();
            in2[i] = (int8_t)pn_rng_next();
        }
        PN_CHECK_EQ(pn_add_s8(&p, &d, in1, &d, in2, &d, out), PN_OK, "status");
        for (i = 0; i < n; i++) {
            PN_CHECK_EQ(out[i], ref_add(&p, in1[i], in2[i]), "random add");
        }
        /* broadcast of a per-channel vector */
        PN_CHECK_EQ(pn_add_s8(&p, &d, in1, &d1, in2, &d, out), PN_OK, "status");
        for (i = 0; i < n; i++) {
            PN_CHECK_EQ(out[i], ref_add(&p, in1[i], in2[i % 4]), "broadcast add");
        }
        PN_CHECK_EQ(pn_add_s8(&p, &d1, in2, &d, in1, &d, out), PN_OK, "status");
        for (i = 0; i < n; i++) {
            PN_CHECK_EQ(out[i], ref_add(&p, in2[i % 4], in1[i]), "broadcast add (left)");
        }
    }
    {
        pn_dims bad = {1, 2, 2, 4};
        PN_CHECK_EQ(pn_add_s8(&p, &d, in1, &bad, in2, &d, out), PN_ERROR_ARGUMENT, "shape mismatch");
    }
}

/* ---------------- MUL ---------------- */

static void test_mul(void)
{
    pn_mul_params p;
    pn_dims d = {2, 1, 3, 5};
    pn_dims dw = {1, 1, 3, 1};
    int i;
    int trial;
    /* hand-derived: s1 = s2 = 0.5, so = 0.25 -> multiplier 1.0: out = a * b */
    p.input1_offset = 0;
    p.input2_offset = 0;
    ops_quantize_multiplier(0.5 * 0.5 / 0.25, &p.output_quant.multiplier, &p.output_quant.shift);
    p.output_offset = 0;
    p.activation.min = -128;
    p.activation.max = 127;
    in1[0] = 7;
    in2[0] = -9;
    in1[1] = 12;
    in2[1] = 12;
    {
        pn_dims two = {1, 1, 1, 2};
        PN_CHECK_EQ(pn_mul_s8(&p, &two, in1, &two, in2, &two, out), PN_OK, "status");
    }
    PN_CHECK_EQ(out[0], -63, "7 * -9");
    PN_CHECK_EQ(out[1], 127, "144 saturates");
    for (trial = 0; trial < 200; trial++) {
        const double s1 = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        const double s2 = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        const double so = 0.0005 + (pn_rng_next() % 1000) / 50000.0;
        p.input1_offset = -pn_rng_range(-128, 127);
        p.input2_offset = -pn_rng_range(-128, 127);
        ops_quantize_multiplier(s1 * s2 / so, &p.output_quant.multiplier, &p.output_quant.shift);
        p.output_offset = pn_rng_range(-128, 127);
        for (i = 0; i < 30; i++) {
            in1[i] = (int8_t)pn_rng_next();
            in2[i] = (int8_t)pn_rng_next();
        }
        PN_CHECK_EQ(pn_mul_s8(&p, &d, in1, &dw, in2, &d, out), PN_OK, "status");
        for (i = 0; i < 30; i++) {
            const int32_t w = (i / 5) % 3;
            const int32_t r = clamp8(ops_ref_requantize((in1[i] + p.input1_offset) * (in2[w] + p.input2_offset),
                                                       p.output_quant.multiplier, p.output_quant.shift)
                                         + p.output_offset, -128, 127);
            PN_CHECK_EQ(out[i], r, "random broadcast mul");
        }
    }
}

/* ---------------- SOFTMAX ---------------- */

static void make_softmax_params(pn_softmax_params *p, double beta, double input_scale)
{
    double real = beta * input_scale * (double)(1L << 26);
    int32_t m;
    int32_t shift;
    if (real > 2147483647.0) {
        real = 2147483647.0;
    }
    ops_quantize_multiplier(real, &m, &shift);
    p->input_multiplier = m;
    p->input_left_shift = shift;
    p->diff_min = -(int32_t)floor(31.0 * (double)(1L << 26) / (double)(1L << shift));
}

static void test_softmax(void)
{
    pn_softmax_params p;
    int i;
    int trial;
    int worst = 0;
    make_softmax_params(&p, 1.0, 0.1);
    /* hand-derived: four equal logits -> 1/4 each -> 0.25 * 256 - 128 = -64 */
    for (i = 0; i < 4; i++) {
        in1[i] = 17;
    }
    PN_CHECK_EQ(pn_softmax_s8(&p, 1, 4, in1, out), PN_OK, "status");
    for (i = 0; i < 4; i++) {
        PN_CHECK_EQ(out[i], -64, "uniform softmax");
    }
    /* one dominant logit: exp(-25.5) is below diff_min's range or rounds to nothing -> [127, -128] */
    in1[0] = 127;
    in1[1] = -128;
    PN_CHECK_EQ(pn_softmax_s8(&p, 1, 2, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], 127, "dominant");
    PN_CHECK_EQ(out[1], -128, "negligible");
    /* randomized against float within one step; rows of several lengths */
    for (trial = 0; trial < 300; trial++) {
        const double scale = 0.01 + (pn_rng_next() % 1000) / 4000.0;
        const int32_t depth = pn_rng_range(1, 40);
        const int32_t rows = pn_rng_range(1, 3);
        make_softmax_params(&p, 1.0, scale);
        for (i = 0; i < rows * depth; i++) {
            in1[i] = (int8_t)pn_rng_range(-128, 127);
        }
        PN_CHECK_EQ(pn_softmax_s8(&p, rows, depth, in1, out), PN_OK, "status");
        for (i = 0; i < rows; i++) {
            int32_t c;
            int32_t mx = -128;
            double sum = 0.0;
            for (c = 0; c < depth; c++) {
                mx = in1[i * depth + c] > mx ? in1[i * depth + c] : mx;
            }
            for (c = 0; c < depth; c++) {
                sum += exp(scale * (in1[i * depth + c] - mx));
            }
            for (c = 0; c < depth; c++) {
                const double f = exp(scale * (in1[i * depth + c] - mx)) / sum * 256.0 - 128.0;
                const int32_t e = clamp8((int32_t)floor(f + 0.5), -128, 127);
                const int32_t diff = out[i * depth + c] - e;
                const int32_t ad = diff < 0 ? -diff : diff;
                worst = ad > worst ? ad : worst;
                PN_CHECK(ad <= 1, "softmax row %d col %d: got %d float %f", (int)i, (int)c,
                         (int)out[i * depth + c], f);
            }
        }
    }
    printf("softmax: worst difference to float %d\n", worst);
    PN_CHECK_EQ(pn_softmax_s8(&p, 0, 4, in1, out), PN_ERROR_ARGUMENT, "rows 0");
}

/* ---------------- LOGISTIC / TANH ---------------- */

static void make_sigmoid_params(pn_sigmoid_params *p, double scale, int32_t zp)
{
    int32_t m;
    int32_t shift;
    ops_quantize_multiplier(scale * (double)(1L << 27), &m, &shift);
    p->input_zero_point = zp;
    p->input_multiplier = m;
    p->input_left_shift = shift;
    p->input_range_radius = (int32_t)floor(15.0 * (double)(1L << 27) / ldexp(1.0, shift));
}

static void test_logistic_tanh(void)
{
    pn_sigmoid_params p;
    int i;
    int trial;
    int worst_l = 0;
    int worst_t = 0;
    make_sigmoid_params(&p, 0.05, 3);
    in1[0] = 3; /* real 0 */
    in1[1] = 127;
    in1[2] = -128;
    PN_CHECK_EQ(pn_logistic_s8(&p, 3, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], 0, "logistic(0) = 1/2 -> 128 - 128");
    PN_CHECK_EQ(out[1], 127, "logistic(6.2) ~ 0.998 -> 127");
    PN_CHECK_EQ(out[2], -128, "logistic(-6.55) ~ 0.0014 -> -128");
    PN_CHECK_EQ(pn_tanh_s8(&p, 3, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], 0, "tanh(0)");
    PN_CHECK_EQ(out[1], 127, "tanh(6.2) saturates");
    PN_CHECK_EQ(out[2], -128, "tanh(-6.55) saturates");
    for (trial = 0; trial < 60; trial++) {
        const double scale = 0.002 + (pn_rng_next() % 1000) / 8000.0;
        const int32_t zp = pn_rng_range(-128, 127);
        make_sigmoid_params(&p, scale, zp);
        for (i = 0; i < 256; i++) {
            in1[i] = (int8_t)(i - 128);
        }
        PN_CHECK_EQ(pn_logistic_s8(&p, 256, in1, out), PN_OK, "status");
        PN_CHECK_EQ(pn_tanh_s8(&p, 256, in1, ref), PN_OK, "status");
        for (i = 0; i < 256; i++) {
            const double x = scale * (in1[i] - zp);
            const int32_t el = clamp8((int32_t)floor(256.0 / (1.0 + exp(-x)) - 128.0 + 0.5), -128, 127);
            const int32_t et = clamp8((int32_t)floor(128.0 * tanh(x) + 0.5), -128, 127);
            const int32_t dl = out[i] > el ? out[i] - el : el - out[i];
            const int32_t dt = ref[i] > et ? ref[i] - et : et - ref[i];
            worst_l = dl > worst_l ? dl : worst_l;
            worst_t = dt > worst_t ? dt : worst_t;
            PN_CHECK(dl <= 1, "logistic x=%f got %d float %d", x, (int)out[i], (int)el);
            PN_CHECK(dt <= 1, "tanh x=%f got %d float %d", x, (int)ref[i], (int)et);
        }
    }
    printf("logistic/tanh: worst difference to float %d / %d\n", worst_l, worst_t);
    /* exact symmetry: zp = 0, inputs x and -x */
    make_sigmoid_params(&p, 0.031, 0);
    for (i = 0; i < 127; i++) {
        in1[i] = (int8_t)(i + 1);
        in2[i] = (int8_t)(-(i + 1));
    }
    pn_tanh_s8(&p, 127, in1, out);
    pn_tanh_s8(&p, 127, in2, ref);
    for (i = 0; i < 127; i++) {
        PN_CHECK_EQ(out[i], clamp8(-ref[i], -128, 127), "tanh is odd (up to int8 saturation)");
    }
    pn_logistic_s8(&p, 127, in1, out);
    pn_logistic_s8(&p, 127, in2, ref);
    for (i = 0; i < 127; i++) {
        /* 1 - s(x) = s(-x): in output units (out + 128) + (ref + 128) ~ 256 */
        const int32_t s = (out[i] + 128) + (ref[i] + 128);
        PN_CHECK(s >= 255 && s <= 257, "logistic symmetry at %d: %d", (int)i, (int)s);
    }
}

/* ---------------- RELU / RELU6 ---------------- */

static void test_relu(void)
{
    pn_relu_params p;
    pn_activation r6;
    int i;
    int trial;
    /* identity quantization: relu = max(x, zp) */
    p.input_zero_point = -5;
    p.output_zero_point = -5;
    ops_quantize_multiplier(1.0, &p.quant.multiplier, &p.quant.shift);
    p.activation.min = -5;
    p.activation.max = 127;
    in1[0] = -100;
    in1[1] = -5;
    in1[2] = 100;
    PN_CHECK_EQ(pn_relu_s8(&p, 3, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], -5, "negative -> zero point");
    PN_CHECK_EQ(out[1], -5, "zero");
    PN_CHECK_EQ(out[2], 100, "positive");
    for (trial = 0; trial < 100; trial++) {
        const double si = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        const double so = 0.001 + (pn_rng_next() % 1000) / 10000.0;
        p.input_zero_point = pn_rng_range(-128, 127);
        p.output_zero_point = pn_rng_range(-128, 127);
        ops_quantize_multiplier(si / so, &p.quant.multiplier, &p.quant.shift);
        p.activation.min = p.output_zero_point;
        p.activation.max = 127;
        for (i = 0; i < 64; i++) {
            in1[i] = (int8_t)pn_rng_next();
        }
        pn_relu_s8(&p, 64, in1, out);
        for (i = 0; i < 64; i++) {
            const int32_t r = clamp8(p.output_zero_point + ops_ref_requantize(in1[i] - p.input_zero_point,
                                                                              p.quant.multiplier, p.quant.shift),
                                     p.activation.min, 127);
            PN_CHECK_EQ(out[i], r, "random relu");
        }
    }
    r6.min = -20;
    r6.max = 40;
    for (i = 0; i < 256; i++) {
        in1[i] = (int8_t)(i - 128);
    }
    PN_CHECK_EQ(pn_relu6_s8(&r6, 256, in1, out), PN_OK, "status");
    for (i = 0; i < 256; i++) {
        PN_CHECK_EQ(out[i], clamp8(i - 128, -20, 40), "relu6");
    }
}

/* ---------------- PAD ---------------- */

static void test_pad(void)
{
    pn_pad_params p;
    pn_dims d = {1, 2, 3, 2};
    int32_t n, h, w, c;
    int32_t i;
    int trial;
    memset(&p, 0, sizeof(p));
    p.before.h = 1;
    p.after.w = 1;
    for (i = 0; i < 12; i++) {
        in1[i] = (int8_t)(i + 1);
    }
    PN_CHECK_EQ(pn_pad_s8(&p, 9, &d, in1, out), PN_OK, "status");
    /* output 1 x 3 x 4 x 2: first row all 9, then rows of 3 pixels + one padded pixel */
    {
        static const int8_t expected[24] = {9, 9, 9, 9, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 9, 9,
                                            7, 8, 9, 10, 11, 12, 9, 9};
        for (i = 0; i < 24; i++) {
            PN_CHECK_EQ(out[i], expected[i], "hand pad");
        }
    }
    for (trial = 0; trial < 50; trial++) {
        pn_dims od;
        const int32_t value = pn_rng_range(-128, 127);
        d.n = pn_rng_range(1, 2);
        d.h = pn_rng_range(1, 4);
        d.w = pn_rng_range(1, 4);
        d.c = pn_rng_range(1, 5);
        p.before.n = pn_rng_range(0, 1);
        p.before.h = pn_rng_range(0, 2);
        p.before.w = pn_rng_range(0, 2);
        p.before.c = pn_rng_range(0, 2);
        p.after.n = pn_rng_range(0, 1);
        p.after.h = pn_rng_range(0, 2);
        p.after.w = pn_rng_range(0, 2);
        p.after.c = pn_rng_range(0, 2);
        for (i = 0; i < d.n * d.h * d.w * d.c; i++) {
            in1[i] = (int8_t)pn_rng_next();
        }
        od.n = d.n + p.before.n + p.after.n;
        od.h = d.h + p.before.h + p.after.h;
        od.w = d.w + p.before.w + p.after.w;
        od.c = d.c + p.before.c + p.after.c;
        PN_CHECK_EQ(pn_pad_s8(&p, value, &d, in1, out), PN_OK, "status");
        i = 0;
        for (n = 0; n < od.n; n++) {
            for (h = 0; h < od.h; h++) {
                for (w = 0; w < od.w; w++) {
                    for (c = 0; c < od.c; c++) {
                        const int32_t a = n - p.before.n, b = h - p.before.h, e = w - p.before.w,
                                      f = c - p.before.c;
                        int32_t expect = value;
                        if (a >= 0 && a < d.n && b >= 0 && b < d.h && e >= 0 && e < d.w && f >= 0 && f < d.c) {
                            expect = in1[((a * d.h + b) * d.w + e) * d.c + f];
                        }
                        PN_CHECK_EQ(out[i], expect, "random pad");
                        i++;
                    }
                }
            }
        }
    }
}

/* ---------------- MEAN ---------------- */

static void test_mean(void)
{
    pn_mean_params p;
    pn_dims d = {1, 1, 2, 2};
    int32_t i;
    int trial;
    p.input_zero_point = 0;
    p.output_zero_point = 0;
    p.input_scale = 0.5f;
    p.output_scale = 0.5f;
    in1[0] = -1;
    in1[1] = 5;
    in1[2] = -2;
    in1[3] = 6;
    PN_CHECK_EQ(pn_mean_s8(&p, &d, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], -1, "(-1 + -2) / 2 truncates toward zero");
    PN_CHECK_EQ(out[1], 5, "(5 + 6) / 2 truncates");
    /* different scales: s_in 0.5, s_out 0.25, zp_in 1, zp_out -3:
       channel 0: mean -1.5, *2 = -3, bias -1*2 = -2 -> round(-5) - 3 = -8 */
    p.input_zero_point = 1;
    p.output_zero_point = -3;
    p.output_scale = 0.25f;
    PN_CHECK_EQ(pn_mean_s8(&p, &d, in1, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], -8, "requantized mean ch0");
    PN_CHECK_EQ(out[1], 6, "requantized mean ch1: 5.5 * 2 - 2 = 9, - 3");
    for (trial = 0; trial < 50; trial++) {
        d.n = pn_rng_range(1, 2);
        d.h = pn_rng_range(1, 7);
        d.w = pn_rng_range(1, 7);
        d.c = pn_rng_range(1, 9);
        p.input_zero_point = pn_rng_range(-128, 127);
        p.output_zero_point = pn_rng_range(-128, 127);
        p.input_scale = 0.001f + (float)(pn_rng_next() % 1000) / 10000.0f;
        p.output_scale = (trial & 1) ? p.input_scale : 0.001f + (float)(pn_rng_next() % 1000) / 10000.0f;
        if (trial & 1) {
            p.output_zero_point = p.input_zero_point;
        }
        for (i = 0; i < d.n * d.h * d.w * d.c; i++) {
            in1[i] = (int8_t)pn_rng_next();
        }
        PN_CHECK_EQ(pn_mean_s8(&p, &d, in1, out), PN_OK, "status");
        for (i = 0; i < d.n * d.c; i++) {
            const int32_t n = i / d.c, c = i % d.c;
            int32_t s = 0, k;
            double real_mean;
            double e;
            for (k = 0; k < d.h * d.w; k++) {
                s += in1[(n * d.h * d.w + k) * d.c + c];
            }
            if (trial & 1) {
                PN_CHECK_EQ(out[i], s / (d.h * d.w), "same-quant mean");
                continue;
            }
            /* the float path agrees with exact real arithmetic to within one step */
            real_mean = (double)s / (d.h * d.w);
            e = (real_mean - p.input_zero_point) * p.input_scale / p.output_scale + p.output_zero_point;
            e = e > 127 ? 127 : e < -128 ? -128 : e;
            PN_CHECK(fabs(out[i] - e) <= 0.5001 + 1e-3 * fabs(e), "mean got %d real %f", (int)out[i], e);
        }
    }
}

/* ---------------- CONCATENATION / QUANTIZE / DEQUANTIZE ---------------- */

static void test_concat_quantize(void)
{
    pn_concat_input inputs[2];
    pn_requantize_params rq;
    int32_t i;
    float f[8];
    /* two [2, 3] and [2, 2] tensors along axis 1 -> [2, 5] */
    for (i = 0; i < 6; i++) {
        in1[i] = (int8_t)(i + 1);
    }
    for (i = 0; i < 4; i++) {
        in2[i] = (int8_t)(10 * (i + 1));
    }
    memset(inputs, 0, sizeof(inputs));
    inputs[0].data = in1;
    inputs[0].inner_size = 3;
    inputs[1].data = in2;
    inputs[1].inner_size = 2;
    PN_CHECK_EQ(pn_concatenation_s8(2, inputs, 2, 0, out), PN_OK, "status");
    {
        static const int8_t expected[10] = {1, 2, 3, 10, 20, 4, 5, 6, 30, 40};
        for (i = 0; i < 10; i++) {
            PN_CHECK_EQ(out[i], expected[i], "concat copy");
        }
    }
    /* requantized second input: scale ratio 0.5, zp_in 10, zp_out 1: (v - 10) / 2 + 1 */
    inputs[1].requantize = 1;
    inputs[1].input_zero_point = 10;
    ops_quantize_multiplier(0.5, &inputs[1].quant.multiplier, &inputs[1].quant.shift);
    PN_CHECK_EQ(pn_concatenation_s8(2, inputs, 2, 1, out), PN_OK, "status");
    PN_CHECK_EQ(out[3], 1, "(10-10)/2+1");
    PN_CHECK_EQ(out[4], 6, "(20-10)/2+1");
    PN_CHECK_EQ(out[8], 11, "(30-10)/2+1");
    PN_CHECK_EQ(out[9], 16, "(40-10)/2+1");
    /* QUANTIZE int8 -> int8 over all inputs against the reference */
    rq.input_zero_point = -7;
    rq.output_zero_point = 12;
    ops_quantize_multiplier(0.37, &rq.quant.multiplier, &rq.quant.shift);
    for (i = 0; i < 256; i++) {
        in1[i] = (int8_t)(i - 128);
    }
    PN_CHECK_EQ(pn_quantize_s8(&rq, 256, in1, out), PN_OK, "status");
    for (i = 0; i < 256; i++) {
        PN_CHECK_EQ(out[i], clamp8(12 + ops_ref_requantize(i - 128 + 7, rq.quant.multiplier, rq.quant.shift),
                                   -128, 127), "requantize");
    }
    PN_CHECK_EQ(out[128 + 3], 16, "(3 + 7) * 0.37 = 3.7 -> 4, + 12");
    /* float -> int8: halves round away from zero; saturation; infinities */
    f[0] = 2.5f;
    f[1] = -2.5f;
    f[2] = 1000.0f;
    f[3] = -1e30f;
    f[4] = 0.24f;
    f[5] = (float)INFINITY;
    PN_CHECK_EQ(pn_quantize_f32_s8(0.5f, 3, 6, f, out), PN_OK, "status");
    PN_CHECK_EQ(out[0], 8, "2.5/0.5 = 5, + 3");
    PN_CHECK_EQ(out[1], -2, "-5 + 3");
    PN_CHECK_EQ(out[2], 127, "saturate high");
    PN_CHECK_EQ(out[3], -128, "saturate low");
    PN_CHECK_EQ(out[4], 3, "0.48 rounds to 0");
    PN_CHECK_EQ(out[5], 127, "infinity");
    {
        float g[3];
        in1[0] = -128;
        in1[1] = 3;
        in1[2] = 127;
        PN_CHECK_EQ(pn_dequantize_s8(0.5f, 3, 3, in1, g), PN_OK, "status");
        PN_CHECK(g[0] == -65.5f && g[1] == 0.0f && g[2] == 62.0f, "dequantize %f %f %f", g[0], g[1], g[2]);
    }
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"add", test_add},
        {"mul", test_mul},
        {"softmax", test_softmax},
        {"logistic_tanh", test_logistic_tanh},
        {"relu", test_relu},
        {"pad", test_pad},
        {"mean", test_mean},
        {"concat_quantize", test_concat_quantize},
    };
    pn_rng_seed(2463534242u); /* the seed these cases were written against */
    return pn_test_run("test_elementwise", cases, (int)(sizeof cases / sizeof cases[0]));
}
