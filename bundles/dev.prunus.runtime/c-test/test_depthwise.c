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

/* Settings forced over the random draws of a case (to reach each output path of the 3x3 kernel). */
typedef struct {
    int32_t shift_min, shift_max; /* every channel's shift drawn in this range */
    int32_t input_offset, output_offset;
    int act;                      /* 0: [-128, 127], 1: ReLU (min = output offset), 2: narrow [-20, 35] */
    int extreme_data;             /* inputs and weights only at the ends of the int8 range */
    int32_t exact_channel;        /* this channel gets shift 0 (outside the fast range), or -1 */
    int no_bias;
    int32_t big_bias;             /* if not 0: every bias is +-big_bias */
} dw_override;

static int run_dw_case_with(const dw_case *c, uint32_t seed, const dw_override *o);

static int run_dw_case(const dw_case *c, uint32_t seed)
{
    return run_dw_case_with(c, seed, NULL);
}

static int run_dw_case_with(const dw_case *c, uint32_t seed, const dw_override *o)
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
    const int32_t *b = pn_rng_range(0, 5) == 0 ? NULL : bias;
    if (o) {
        p.input_offset = o->input_offset;
        p.output_offset = o->output_offset;
        p.activation.min = o->act == 1 ? o->output_offset : o->act == 2 ? -20 : -128;
        p.activation.max = o->act == 2 ? 35 : 127;
        for (int32_t i = 0; i < cout; i++) {
            shift[i] = pn_rng_range(o->shift_min, o->shift_max);
        }
        if (o->exact_channel >= 0 && o->exact_channel < cout) {
            shift[o->exact_channel] = 0;
        }
        if (o->extreme_data) {
            for (int32_t i = 0; i < in_n; i++) {
                in[i] = (int8_t)(pn_rng_range(0, 1) ? 127 : -128);
            }
            for (int32_t i = 0; i < f_n; i++) {
                f[i] = (int8_t)(pn_rng_range(0, 1) ? 127 : -128);
            }
        }
        if (o->big_bias) {
            for (int32_t i = 0; i < cout; i++) {
                bias[i] = pn_rng_range(0, 1) ? o->big_bias : -o->big_bias;
            }
        }
        b = o->no_bias ? NULL : bias;
    }
    const pn_per_channel_quant q = {mult, shift};
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

/*
 * The output paths of pn_depthwise_conv_s8_3x3: fast requantization with the full range (SSAT), with a clamp
 * (bytewise SEL), the exact path (one channel out of the fast range), at the ends of the fast shift range, with
 * extreme offsets and data; channel counts with and without a tail; interior and padded pixels; strides 1 and 2.
 */
static void test_dw_3x3_paths(void)
{
    static const int32_t cins[] = {4, 8, 12, 20, 32, 1, 2, 3, 5, 6, 7, 9, 13};
    /* shift range, input offset, output offset, activation, extreme data, exact channel, no bias, big bias */
    enum { FAST_LIMIT = (1 << 29) - 9 * 255 * 128 - 1 }; /* largest |bias| of the fast path with 9 taps */
    static const dw_override overrides[] = {
        {-12, -4, 5, -7, 0, 0, -1, 0, 0},
        {-12, -4, 5, -7, 1, 0, -1, 0, 0},
        {-12, -4, 5, -7, 2, 0, -1, 0, 0},
        {-1, -1, 128, 127, 0, 0, -1, 0, 0},
        {-1, -1, -127, -128, 1, 1, -1, 0, 0},
        {-21, -21, 128, -128, 0, 1, -1, 1, 0},
        {-21, -15, -127, 127, 2, 1, -1, 0, 0},
        {-9, -2, 0, 0, 0, 0, 2, 0, 0},
        {-9, -2, 17, -100, 2, 0, 0, 0, 0},
        {-3, -1, 128, 0, 0, 1, -1, 1, 0},
        {-23, -22, 128, 127, 0, 1, -1, 0, FAST_LIMIT},       /* ends of the fast range */
        {-23, -23, -127, -128, 1, 1, -1, 0, FAST_LIMIT},
        {-23, -1, 3, 9, 0, 1, -1, 0, FAST_LIMIT + 1},        /* just outside: exact path */
        {-31, -24, 128, -128, 0, 1, -1, 0, 0},               /* shifts beyond the fast range */
        {-1, -1, -127, 127, 2, 1, -1, 0, FAST_LIMIT},
    };
    int compared = 0;
    for (uint32_t i = 0; i < sizeof overrides / sizeof overrides[0]; i++) {
        for (uint32_t k = 0; k < sizeof cins / sizeof cins[0]; k++) {
            const int32_t stride = 1 + (int32_t)((i + k) & 1);
            const dw_case c = {1 + (int32_t)(k % 3 == 0), 5 + (int32_t)(k % 4), 4 + (int32_t)(i % 5), cins[k], 1, 3, 3,
                               stride, stride, 1, 1, (int32_t)((i + k) % 3 != 0), QUANT_TYPICAL};
            compared += run_dw_case_with(&c, 7000 + 31 * i + k, &overrides[i]);
        }
    }
    PN_CHECK(compared == 2 * (int)(sizeof overrides / sizeof overrides[0]) * (int)(sizeof cins / sizeof cins[0]),
             "only %d kernel runs compared", compared);
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
        {1, 9, 10, 8, 1, 7, 7, 1, 1, 1, 1, 1, QUANT_TYPICAL},  /* 49 taps: beyond the grouped path's table */
        {1, 8, 9, 12, 1, 5, 5, 2, 2, 1, 1, 1, QUANT_TYPICAL},  /* 25 taps: the largest grouped filter */
        {1, 7, 8, 20, 1, 1, 4, 1, 1, 1, 2, 1, QUANT_TYPICAL},  /* 1x4, dilation 2 along the width */
        {1, 12, 12, 32, 1, 3, 3, 2, 2, 1, 1, 1, QUANT_TYPICAL}, /* MobileNet-like stride-2 layer */
        {1, 11, 11, 16, 1, 3, 3, 2, 2, 1, 1, 0, QUANT_TYPICAL}, /* stride 2, valid padding */
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
        {"depthwise 3x3 output paths vs reference", test_dw_3x3_paths},
    };
    return pn_test_run("test_depthwise", cases, (int)(sizeof cases / sizeof cases[0]));
}
