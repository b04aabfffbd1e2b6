/*
 * Tests of pn_depthwise_conv_s8 and pn_depthwise_conv_s8_3x3 against the reference depthwise convolution
 * (ref_kernels.c) on seeded random data, plus hand-derived values.
 *
 * PN_TEST_SOURCES: pn_depthwise_conv_s8.c pn_depthwise_conv_s8_3x3.c
 */
#include "pn_kernels.h"
#include "ref_kernels.h"
#include "test_support.h"

typedef struct {
    int32_t n, h, w, cin, mult, kh, kw, stride_h, stride_w, dil_h, dil_w, same, quant_mode;
} dw_case;

static int run_dw_case(const dw_case *c, uint32_t seed)
{
    pn_rng_seed(seed);
    const int32_t oh = ref_out_size(c->h, c->kh, c->stride_h, c->dil_h, c->same);
    const int32_t ow = ref_out_size(c->w, c->kw, c->stride_w, c->dil_w, c->same);
    if (oh < 1 || ow < 1) {
        return 0;
    }
    const int32_t cout = c->cin * c->mult;
    pn_dw_conv_params p;
    p.input_offset = test_random_input_offset();
    p.output_offset = pn_rng_range(-128, 127);
    p.ch_mult = c->mult;
    p.stride.h = c->stride_h;
    p.stride.w = c->stride_w;
    p.dilation.h = c->dil_h;
    p.dilation.w = c->dil_w;
    p.padding.h = ref_padding(c->h, c->kh, c->stride_h, c->dil_h, oh);
    p.padding.w = ref_padding(c->w, c->kw, c->stride_w, c->dil_w, ow);
    p.activation = test_random_activation(p.output_offset);
    const pn_dims in_d = {c->n, c->h, c->w, c->cin};
    const pn_dims f_d = {1, c->kh, c->kw, cout};
    const pn_dims out_d = {c->n, oh, ow, cout};
    const int32_t in_n = c->n * c->h * c->w * c->cin;
    const int32_t f_n = c->kh * c->kw * cout;
    const int32_t out_n = c->n * oh * ow * cout;
    int8_t *in = (int8_t *)test_alloc((size_t)in_n);
    int8_t *f = (int8_t *)test_alloc((size_t)f_n);
    int32_t *bias = (int32_t *)test_alloc((size_t)cout * 4);
    int32_t *mult = (int32_t *)test_alloc((size_t)cout * 4);
    int32_t *shift = (int32_t *)test_alloc((size_t)cout * 4);
    int8_t *expected = (int8_t *)test_alloc((size_t)out_n);
    int8_t *actual = (int8_t *)test_alloc((size_t)out_n);
    pn_rng_fill_s8(in, in_n, -128, 127);
    pn_rng_fill_s8(f, f_n, -128, 127);
    test_random_bias(bias, cout, c->quant_mode);
    /* depthwise accumulators are small: shift less to keep outputs away from saturation */
    test_random_quant(mult, shift, cout, c->quant_mode);
    if (c->quant_mode == QUANT_TYPICAL) {
        for (int32_t i = 0; i < cout; i++) {
            shift[i] += 4;
        }
    }
    const pn_per_channel_quant q = {mult, shift};
    const int32_t *b = pn_rng_range(0, 5) == 0 ? NULL : bias;
    ref_depthwise_conv_s8(&p, &q, &in_d, in, &f_d, f, b, &out_d, expected);
    char what[256];
    snprintf(what, sizeof what, "seed %lu n%ld %ldx%ldx%ld m%ld k%ldx%ld s%ld,%ld d%ld,%ld same%d q%d",
             (unsigned long)seed, (long)c->n, (long)c->h, (long)c->w, (long)c->cin, (long)c->mult, (long)c->kh,
             (long)c->kw, (long)c->stride_h, (long)c->stride_w, (long)c->dil_h, (long)c->dil_w, (int)c->same,
             (int)c->quant_mode);
    int compared = 0;
    for (int variant = 0; variant < 2; variant++) {
        int32_t size;
        if (variant == 0) {
            size = pn_depthwise_conv_s8_get_buffer_size(&f_d);
        } else {
            if (c->kh != 3 || c->kw != 3 || c->mult != 1 || c->dil_h != 1 || c->dil_w != 1) {
                continue;
            }
            size = pn_depthwise_conv_s8_3x3_get_buffer_size(&f_d);
        }
        void *buf = size > 0 ? test_alloc((size_t)size) : NULL;
        memset(actual, 0x33, (size_t)out_n);
        const pn_status st = variant == 0
                                 ? pn_depthwise_conv_s8(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf)
                                 : pn_depthwise_conv_s8_3x3(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
        static const char *names[] = {"pn_depthwise_conv_s8", "pn_depthwise_conv_s8_3x3"};
        PN_CHECK(st == PN_OK, "%s returned %d (%s)", names[variant], (int)st, what);
        char label[300];
        snprintf(label, sizeof label, "%s %s", names[variant], what);
        PN_CHECK_BYTES(expected, actual, out_n, label);
        if (buf) {
            PN_CHECK(test_guard_ok(buf, (size_t)size), "%s wrote past its scratch (%s)", names[variant], what);
        }
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

static void test_dw_random(void)
{
    static const int32_t cins[] = {1, 3, 4, 5, 7, 8, 16, 17};
    static const int32_t ks[] = {1, 2, 3, 3, 3, 5};
    int compared = 0;
    for (uint32_t i = 0; i < 160; i++) {
        pn_rng_seed(2000 + i);
        dw_case c;
        c.n = pn_rng_range(1, 2);
        c.h = pn_rng_range(1, 10);
        c.w = pn_rng_range(1, 10);
        c.cin = cins[pn_rng_range(0, 7)];
        c.mult = pn_rng_range(0, 3) == 0 ? pn_rng_range(2, 3) : 1;
        c.kh = ks[pn_rng_range(0, 5)];
        c.kw = pn_rng_range(0, 3) == 0 ? ks[pn_rng_range(0, 5)] : c.kh;
        c.stride_h = pn_rng_range(1, 2);
        c.stride_w = pn_rng_range(0, 3) == 0 ? pn_rng_range(1, 3) : c.stride_h;
        c.dil_h = pn_rng_range(0, 3) == 0 ? 2 : 1;
        c.dil_w = pn_rng_range(0, 3) == 0 ? 2 : c.dil_h;
        c.same = pn_rng_range(0, 1);
        c.quant_mode = pn_rng_range(0, 2);
        compared += run_dw_case(&c, 6000 + i);
    }
    PN_CHECK(compared > 160, "only %d kernel runs compared", compared);
}

static void test_dw_directed(void)
{
    /* n h w cin mult kh kw sh sw dh dw same quant */
    static const dw_case cases[] = {
        {1, 8, 8, 32, 1, 3, 3, 1, 1, 1, 1, 1, QUANT_TYPICAL},  /* bench shape, reduced */
        {1, 9, 8, 16, 1, 3, 3, 2, 2, 1, 1, 1, QUANT_TYPICAL},  /* stride 2 */
        {2, 5, 6, 17, 1, 3, 3, 1, 1, 1, 1, 0, QUANT_EXTREME},  /* batch, channel tail, saturation */
        {1, 6, 6, 7, 1, 3, 3, 1, 2, 1, 1, 1, QUANT_MIXED},     /* mixed shifts, channel tail only */
        {1, 7, 7, 8, 2, 3, 3, 1, 1, 1, 1, 1, QUANT_TYPICAL},   /* depth multiplier 2 */
        {1, 9, 9, 4, 1, 3, 3, 1, 1, 2, 2, 1, QUANT_TYPICAL},   /* dilation 2 */
        {1, 1, 1, 8, 1, 3, 3, 1, 1, 1, 1, 1, QUANT_TYPICAL},   /* only the centre tap inside */
        {1, 2, 2, 12, 1, 3, 3, 2, 2, 1, 1, 1, QUANT_MIXED},    /* tiny, stride 2 */
    };
    for (uint32_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PN_CHECK(run_dw_case(&cases[i], 99 + i) >= 1, "directed case %lu not run", (unsigned long)i);
    }
}

/* Hand-derived: 3x3 input of ones (zero point 0), weights 1..9, valid padding: acc = 45; with multiplier
 * 0.5 and shift 0: 22.5 -> SRDHM rounds to 23. Second channel: input 2, weights -1: acc = -18 + bias 1 = -17,
 * * 0.5 = -8.5 -> -8 (the doubling high multiply rounds halves up: (a*b + 2^30) >> 31); output offset -3. */
static void test_dw_hand(void)
{
    int8_t in[18], f[18];
    for (int i = 0; i < 9; i++) {
        in[2 * i] = 1;
        in[2 * i + 1] = 2;
        f[2 * i] = (int8_t)(i + 1);
        f[2 * i + 1] = -1;
    }
    const int32_t bias[2] = {0, 1};
    const int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
    const pn_per_channel_quant q = {mult, shift};
    const pn_dw_conv_params p = {0, -3, 1, {1, 1}, {0, 0}, {1, 1}, {-128, 127}};
    const pn_dims in_d = {1, 3, 3, 2}, f_d = {1, 3, 3, 2}, out_d = {1, 1, 1, 2};
    const int8_t expected[2] = {20, -11};
    int8_t out[2];
    int32_t buf[64];
    PN_CHECK(pn_depthwise_conv_s8(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, NULL) == PN_OK, "status");
    PN_CHECK_BYTES(expected, out, 2, "pn_depthwise_conv_s8 hand values");
    PN_CHECK(pn_depthwise_conv_s8_3x3(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK, "status");
    PN_CHECK_BYTES(expected, out, 2, "pn_depthwise_conv_s8_3x3 hand values");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"depthwise hand-derived values", test_dw_hand},
        {"depthwise directed shapes vs reference", test_dw_directed},
        {"depthwise random shapes vs reference", test_dw_random},
    };
    return pn_test_run("test_depthwise", cases, (int)(sizeof cases / sizeof cases[0]));
}
