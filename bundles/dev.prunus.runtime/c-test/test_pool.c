/*
 * Tests of pn_avgpool_s8 and pn_maxpool_s8 against the reference pooling (ref_kernels.c), plus hand values.
 *
 * PN_TEST_SOURCES: pn_avgpool_s8.c pn_maxpool_s8.c
 */
#include "pn_kernels.h"
#include "ref_kernels.h"
#include "test_support.h"

static void run_pool_case(uint32_t seed)
{
    pn_rng_seed(seed);
    static const int32_t chans[] = {1, 3, 4, 5, 8, 17};
    const int32_t n = pn_rng_range(1, 2), h = pn_rng_range(1, 12), w = pn_rng_range(1, 12);
    const int32_t c = chans[pn_rng_range(0, 5)];
    pn_pool_params p;
    p.filter.h = pn_rng_range(1, 4);
    p.filter.w = pn_rng_range(0, 3) == 0 ? pn_rng_range(1, 4) : p.filter.h;
    p.stride.h = pn_rng_range(1, 3);
    p.stride.w = pn_rng_range(1, 3);
    const int same = (int)pn_rng_range(0, 1);
    const int32_t oh = ref_out_size(h, p.filter.h, p.stride.h, 1, same);
    const int32_t ow = ref_out_size(w, p.filter.w, p.stride.w, 1, same);
    if (oh < 1 || ow < 1) {
        return;
    }
    p.padding.h = ref_padding(h, p.filter.h, p.stride.h, 1, oh);
    p.padding.w = ref_padding(w, p.filter.w, p.stride.w, 1, ow);
    p.activation = test_random_activation(pn_rng_range(-128, 127));
    const pn_dims in_d = {n, h, w, c}, out_d = {n, oh, ow, c};
    const int32_t in_n = n * h * w * c, out_n = n * oh * ow * c;
    int8_t *in = (int8_t *)test_alloc((size_t)in_n);
    int8_t *expected = (int8_t *)test_alloc((size_t)out_n);
    int8_t *actual = (int8_t *)test_alloc((size_t)out_n);
    pn_rng_fill_s8(in, in_n, -128, 127);
    char what[160];
    snprintf(what, sizeof what, "seed %lu %ldx%ldx%ldx%ld f%ldx%ld s%ld,%ld same%d", (unsigned long)seed, (long)n,
             (long)h, (long)w, (long)c, (long)p.filter.h, (long)p.filter.w, (long)p.stride.h, (long)p.stride.w,
             same);
    ref_avgpool_s8(&p, &in_d, in, &out_d, expected);
    PN_CHECK(pn_avgpool_s8(&p, &in_d, in, &out_d, actual) == PN_OK, "avgpool status (%s)", what);
    PN_CHECK_BYTES(expected, actual, out_n, what);
    ref_maxpool_s8(&p, &in_d, in, &out_d, expected);
    PN_CHECK(pn_maxpool_s8(&p, &in_d, in, &out_d, actual) == PN_OK, "maxpool status (%s)", what);
    PN_CHECK_BYTES(expected, actual, out_n, what);
    PN_CHECK(test_guard_ok(actual, (size_t)out_n), "wrote past the output (%s)", what);
    free(in);
    free(expected);
    free(actual);
}

static void test_pool_random(void)
{
    for (uint32_t i = 0; i < 300; i++) {
        run_pool_case(8000 + i);
    }
}

static void test_pool_hand(void)
{
    /* one 2x2 window, channels: {1,2,3,5} sum 11 -> (11+2)/4 = 3; {-1,-2,-3,-5} -> (-11-2)/4 = -3;
     * {-128 x4} -> -128; {127,127,127,126} -> (507+2)/4 = 127 */
    const int8_t in[16] = {1, -1, -128, 127, 2, -2, -128, 127, 3, -3, -128, 127, 5, -5, -128, 126};
    const pn_dims in_d = {1, 2, 2, 4}, out_d = {1, 1, 1, 4};
    const pn_pool_params p = {{2, 2}, {0, 0}, {2, 2}, {-128, 127}};
    int8_t out[4];
    const int8_t avg[4] = {3, -3, -128, 127};
    const int8_t max[4] = {5, -1, -128, 127};
    PN_CHECK(pn_avgpool_s8(&p, &in_d, in, &out_d, out) == PN_OK, "status");
    PN_CHECK_BYTES(avg, out, 4, "avgpool hand values");
    PN_CHECK(pn_maxpool_s8(&p, &in_d, in, &out_d, out) == PN_OK, "status");
    PN_CHECK_BYTES(max, out, 4, "maxpool hand values");
    /* a 17x17 window (289 elements) takes the wide-sum path: all -128 must average to -128 */
    static int8_t big[17 * 17 * 4];
    memset(big, -128, sizeof big);
    const pn_dims big_d = {1, 17, 17, 4};
    const pn_pool_params bp = {{1, 1}, {0, 0}, {17, 17}, {-128, 127}};
    const int8_t all_min[4] = {-128, -128, -128, -128};
    PN_CHECK(pn_avgpool_s8(&bp, &big_d, big, &out_d, out) == PN_OK, "status");
    PN_CHECK_BYTES(all_min, out, 4, "avgpool 289-element window");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"pooling hand-derived values", test_pool_hand},
        {"pooling random shapes vs reference", test_pool_random},
    };
    return pn_test_run("test_pool", cases, (int)(sizeof cases / sizeof cases[0]));
}
