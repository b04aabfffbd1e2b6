/*
 * Tests of pn_conv_s8, pn_conv_s8_1x1 and pn_conv_s8_3x3 against the reference convolution (ref_kernels.c)
 * on seeded random data, plus hand-derived values.
 *
 * PN_TEST_SOURCES: pn_conv_s8.c pn_conv_s8_1x1.c pn_conv_s8_3x3.c pn_gemm_s8.c
 */
#include "pn_kernels.h"
#include "ref_kernels.h"
#include "test_support.h"

typedef struct {
    int32_t n, h, w, cin, cout, kh, kw, stride_h, stride_w, dil_h, dil_w, same, quant_mode;
} conv_case;

/* Runs every applicable kernel on one case; returns the number of kernels compared. */
static int run_conv_case(const conv_case *c, uint32_t seed)
{
    pn_rng_seed(seed);
    const int32_t oh = ref_out_size(c->h, c->kh, c->stride_h, c->dil_h, c->same);
    const int32_t ow = ref_out_size(c->w, c->kw, c->stride_w, c->dil_w, c->same);
    if (oh < 1 || ow < 1) {
        return 0;
    }
    pn_conv_params p;
    p.input_offset = test_random_input_offset();
    p.output_offset = pn_rng_range(-128, 127);
    p.stride.h = c->stride_h;
    p.stride.w = c->stride_w;
    p.dilation.h = c->dil_h;
    p.dilation.w = c->dil_w;
    p.padding.h = ref_padding(c->h, c->kh, c->stride_h, c->dil_h, oh);
    p.padding.w = ref_padding(c->w, c->kw, c->stride_w, c->dil_w, ow);
    p.activation = test_random_activation(p.output_offset);
    const pn_dims in_d = {c->n, c->h, c->w, c->cin};
    const pn_dims f_d = {c->cout, c->kh, c->kw, c->cin};
    const pn_dims out_d = {c->n, oh, ow, c->cout};
    const int32_t in_n = c->n * c->h * c->w * c->cin;
    const int32_t f_n = c->cout * c->kh * c->kw * c->cin;
    const int32_t out_n = c->n * oh * ow * c->cout;
    int8_t *in = (int8_t *)test_alloc((size_t)in_n);
    int8_t *f = (int8_t *)test_alloc((size_t)f_n);
    int32_t *bias = (int32_t *)test_alloc((size_t)c->cout * 4);
    int32_t *mult = (int32_t *)test_alloc((size_t)c->cout * 4);
    int32_t *shift = (int32_t *)test_alloc((size_t)c->cout * 4);
    int8_t *expected = (int8_t *)test_alloc((size_t)out_n);
    int8_t *actual = (int8_t *)test_alloc((size_t)out_n);
    pn_rng_fill_s8(in, in_n, -128, 127);
    pn_rng_fill_s8(f, f_n, -128, 127);
    test_random_bias(bias, c->cout, c->quant_mode);
    test_random_quant(mult, shift, c->cout, c->quant_mode);
    const pn_per_channel_quant q = {mult, shift};
    const int32_t *b = pn_rng_range(0, 5) == 0 ? NULL : bias;
    ref_conv_s8(&p, &q, &in_d, in, &f_d, f, b, &out_d, expected);
    char what[256];
    snprintf(what, sizeof what, "seed %lu n%ld %ldx%ldx%ld->%ld k%ldx%ld s%ld,%ld d%ld,%ld same%d q%d",
             (unsigned long)seed, (long)c->n, (long)c->h, (long)c->w, (long)c->cin, (long)c->cout, (long)c->kh,
             (long)c->kw, (long)c->stride_h, (long)c->stride_w, (long)c->dil_h, (long)c->dil_w, (int)c->same,
             (int)c->quant_mode);
    int compared = 0;
    for (int variant = 0; variant < 3; variant++) {
        int32_t size;
        if (variant == 0) {
            size = pn_conv_s8_get_buffer_size(&f_d);
        } else if (variant == 1) {
            if (c->kh != 1 || c->kw != 1 || c->stride_h != 1 || c->stride_w != 1 || p.padding.h || p.padding.w) {
                continue;
            }
            size = pn_conv_s8_1x1_get_buffer_size(&f_d);
        } else {
            if (c->kh != 3 || c->kw != 3 || c->dil_h != 1 || c->dil_w != 1) {
                continue;
            }
            size = pn_conv_s8_3x3_get_buffer_size(&f_d);
        }
        void *buf = test_alloc((size_t)size);
        memset(actual, 0x33, (size_t)out_n);
        pn_status st;
        if (variant == 0) {
            st = pn_conv_s8(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
        } else if (variant == 1) {
            st = pn_conv_s8_1x1(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
        } else {
            st = pn_conv_s8_3x3(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
        }
        static const char *names[] = {"pn_conv_s8", "pn_conv_s8_1x1", "pn_conv_s8_3x3"};
        PN_CHECK(st == PN_OK, "%s returned %d (%s)", names[variant], (int)st, what);
        char label[300];
        snprintf(label, sizeof label, "%s %s", names[variant], what);
        PN_CHECK_BYTES(expected, actual, out_n, label);
        PN_CHECK(test_guard_ok(buf, (size_t)size), "%s wrote past its scratch buffer (%s)", names[variant], what);
        PN_CHECK(test_guard_ok(actual, (size_t)out_n), "%s wrote past its output (%s)", names[variant], what);
        free(buf);
        compared++;
    }
    free(in);
    free(f);
    free(bias);
    free(mult);
    free(shift);
    free(expected);
    free(actual);
    return compared;
}

static void test_conv_random(void)
{
    static const int32_t cins[] = {1, 3, 4, 5, 7, 8, 16, 17};
    static const int32_t couts[] = {1, 2, 3, 5, 8, 17};
    static const int32_t ks[] = {1, 1, 2, 3, 3, 3, 5};
    int compared = 0;
    for (uint32_t i = 0; i < 160; i++) {
        pn_rng_seed(1000 + i);
        conv_case c;
        c.n = pn_rng_range(1, 2);
        c.h = pn_rng_range(1, 9);
        c.w = pn_rng_range(1, 9);
        c.cin = cins[pn_rng_range(0, 7)];
        c.cout = couts[pn_rng_range(0, 5)];
        c.kh = ks[pn_rng_range(0, 6)];
        c.kw = pn_rng_range(0, 3) == 0 ? ks[pn_rng_range(0, 6)] : c.kh;
        c.stride_h = pn_rng_range(1, 2);
        c.stride_w = pn_rng_range(0, 3) == 0 ? pn_rng_range(1, 3) : c.stride_h;
        c.dil_h = pn_rng_range(0, 3) == 0 ? 2 : 1;
        c.dil_w = pn_rng_range(0, 3) == 0 ? 2 : c.dil_h;
        c.same = pn_rng_range(0, 1);
        c.quant_mode = pn_rng_range(0, 2);
        compared += run_conv_case(&c, 5000 + i);
    }
    PN_CHECK(compared > 160, "only %d kernel runs compared", compared);
}

static void test_conv_directed(void)
{
    /* n h w cin cout kh kw sh sw dh dw same quant */
    static const conv_case cases[] = {
        {1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, 1, QUANT_TYPICAL},  /* bench shape, reduced */
        {1, 9, 7, 16, 8, 3, 3, 2, 2, 1, 1, 1, QUANT_TYPICAL},   /* stride 2, odd pixel count */
        {1, 5, 5, 8, 6, 3, 3, 1, 1, 1, 1, 0, QUANT_MIXED},      /* valid padding */
        {2, 6, 5, 12, 7, 3, 3, 1, 2, 1, 1, 1, QUANT_EXTREME},   /* batch, saturation */
        {1, 7, 7, 3, 5, 3, 3, 2, 2, 1, 1, 1, QUANT_TYPICAL},    /* cin 3 (RGB stem) */
        {1, 6, 6, 32, 32, 1, 1, 1, 1, 1, 1, 0, QUANT_TYPICAL},  /* 1x1 */
        {1, 3, 5, 17, 9, 1, 1, 1, 1, 1, 1, 0, QUANT_MIXED},     /* 1x1 odd channels, odd pixels */
        {2, 4, 4, 64, 3, 1, 1, 1, 1, 1, 1, 0, QUANT_EXTREME},   /* 1x1 batch */
        {1, 9, 9, 5, 4, 3, 3, 1, 1, 2, 2, 1, QUANT_TYPICAL},    /* dilation 2 */
        {1, 6, 6, 7, 3, 5, 5, 1, 1, 1, 1, 1, QUANT_MIXED},      /* 5x5 */
        {1, 1, 1, 4, 4, 3, 3, 1, 1, 1, 1, 1, QUANT_TYPICAL},    /* all taps but the centre padded */
    };
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PN_CHECK(run_conv_case(&cases[i], 77 + i) >= 1, "directed case %lu not run", (unsigned long)i);
    }
}

/* Hand-derived: 1 pixel, 3 channels in, 3 out, multiplier 0.5 * 2^-1 = 0.25, input zero point -1. */
static void test_conv_hand(void)
{
    const int8_t in[3] = {10, -20, 30};
    const int8_t f[9] = {1, 2, 3, -1, 0, 4, -1, -2, -3};
    const int32_t bias[3] = {100, -50, -100};
    const int32_t mult[3] = {1 << 30, 1 << 30, 1 << 30};
    const int32_t shift[3] = {-1, -1, -1};
    /* acc = 166, 63, -166; *0.25 = 41.5, 15.75, -41.5 -> 42, 16, -42 (half away from zero); +5 */
    const int8_t expected[3] = {47, 21, -37};
    const pn_per_channel_quant q = {mult, shift};
    pn_conv_params p = {1, 5, {1, 1}, {0, 0}, {1, 1}, {-128, 127}};
    const pn_dims in_d = {1, 1, 1, 3}, f_d = {3, 1, 1, 3}, out_d = {1, 1, 1, 3};
    int8_t out[3];
    int16_t buf[64];
    PN_CHECK(pn_conv_s8(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK, "status");
    PN_CHECK_BYTES(expected, out, 3, "pn_conv_s8 hand values");
    memset(out, 0, sizeof out);
    PN_CHECK(pn_conv_s8_1x1(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK, "status");
    PN_CHECK_BYTES(expected, out, 3, "pn_conv_s8_1x1 hand values");
    /* ReLU clamp at the zero point 5: the negative output becomes 5. */
    p.activation.min = 5;
    const int8_t relu[3] = {47, 21, 5};
    PN_CHECK(pn_conv_s8_1x1(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK, "status");
    PN_CHECK_BYTES(relu, out, 3, "pn_conv_s8_1x1 relu clamp");
}

static void test_conv_rejects_bad_arguments(void)
{
    const int32_t mult[1] = {1 << 30}, shift[1] = {0};
    const pn_per_channel_quant q = {mult, shift};
    const pn_conv_params p = {0, 0, {1, 1}, {1, 1}, {1, 1}, {-128, 127}};
    const pn_dims in_d = {1, 4, 4, 2}, f_d = {1, 3, 3, 3}, out_d = {1, 4, 4, 1};
    int8_t in[32] = {0}, f[27] = {0}, out[16];
    int16_t buf[256];
    PN_CHECK(pn_conv_s8(&p, &q, &in_d, in, &f_d, f, NULL, &out_d, out, buf) == PN_ERROR_ARGUMENT,
             "cin mismatch accepted");
    const pn_dims f_ok = {1, 3, 3, 2};
    PN_CHECK(pn_conv_s8_1x1(&p, &q, &in_d, in, &f_ok, f, NULL, &out_d, out, buf) == PN_ERROR_ARGUMENT,
             "1x1 variant accepted a 3x3 filter");
    const pn_dims f_5 = {1, 5, 5, 2};
    PN_CHECK(pn_conv_s8_3x3(&p, &q, &in_d, in, &f_5, f, NULL, &out_d, out, buf) == PN_ERROR_ARGUMENT,
             "3x3 variant accepted a 5x5 filter");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"conv hand-derived values", test_conv_hand},
        {"conv rejects bad arguments", test_conv_rejects_bad_arguments},
        {"conv directed shapes vs reference", test_conv_directed},
        {"conv random shapes vs reference", test_conv_random},
    };
    return pn_test_run("test_conv", cases, (int)(sizeof cases / sizeof cases[0]));
}
