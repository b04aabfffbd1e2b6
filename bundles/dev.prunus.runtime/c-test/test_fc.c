/*
 * Tests of pn_fully_connected_s8 (per-tensor) and pn_fully_connected_s8_per_channel against the reference
 * (ref_kernels.c) on seeded random data, plus hand-derived values.
 *
 * PN_TEST_SOURCES: pn_fully_connected_s8.c pn_fully_connected_s8_per_channel.c pn_gemm_s8.c
 */
#include "pn_kernels.h"
#include "ref_kernels.h"
#include "test_support.h"

static void run_fc_case(int32_t batches, int32_t k, int32_t units, int per_channel, int quant_mode, int filter_off,
                        uint32_t seed)
{
    pn_rng_seed(seed);
    pn_fc_params p;
    p.input_offset = test_random_input_offset();
    p.filter_offset = filter_off ? pn_rng_range(-127, 128) : 0;
    p.output_offset = pn_rng_range(-128, 127);
    p.activation = test_random_activation(p.output_offset);
    int8_t *in = (int8_t *)test_alloc((size_t)(batches * k));
    int8_t *f = (int8_t *)test_alloc((size_t)(units * k));
    int32_t *bias = (int32_t *)test_alloc((size_t)units * 4);
    int32_t *mult = (int32_t *)test_alloc((size_t)units * 4);
    int32_t *shift = (int32_t *)test_alloc((size_t)units * 4);
    int8_t *expected = (int8_t *)test_alloc((size_t)(batches * units));
    int8_t *actual = (int8_t *)test_alloc((size_t)(batches * units));
    pn_rng_fill_s8(in, batches * k, -128, 127);
    pn_rng_fill_s8(f, units * k, -128, 127);
    test_random_bias(bias, units, quant_mode);
    test_random_quant(mult, shift, units, quant_mode);
    const int32_t *b = pn_rng_range(0, 5) == 0 ? NULL : bias;
    ref_fully_connected_s8(&p, mult, shift, per_channel ? 1 : 0, batches, k, in, units, f, b, expected);
    const pn_dims in_d = {batches, 1, 1, k}, f_d = {units, 1, 1, k}, out_d = {batches, 1, 1, units};
    const int32_t size = pn_fully_connected_s8_get_buffer_size(&f_d);
    void *buf = test_alloc((size_t)size);
    memset(actual, 0x33, (size_t)(batches * units));
    pn_status st;
    if (per_channel) {
        const pn_per_channel_quant q = {mult, shift};
        st = pn_fully_connected_s8_per_channel(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
    } else {
        const pn_quant q = {mult[0], shift[0]};
        st = pn_fully_connected_s8(&p, &q, &in_d, in, &f_d, f, b, &out_d, actual, buf);
    }
    char what[200];
    snprintf(what, sizeof what, "seed %lu batches %ld k %ld units %ld per_channel %d quant %d filter_offset %ld",
             (unsigned long)seed, (long)batches, (long)k, (long)units, per_channel, quant_mode,
             (long)p.filter_offset);
    PN_CHECK(st == PN_OK, "status %d (%s)", (int)st, what);
    PN_CHECK_BYTES(expected, actual, batches * units, what);
    PN_CHECK(test_guard_ok(buf, (size_t)size), "wrote past the scratch (%s)", what);
    PN_CHECK(test_guard_ok(actual, (size_t)(batches * units)), "wrote past the output (%s)", what);
    free(buf);
    free(in);
    free(f);
    free(bias);
    free(mult);
    free(shift);
    free(expected);
    free(actual);
}

static void test_fc_random(void)
{
    for (uint32_t i = 0; i < 200; i++) {
        pn_rng_seed(3000 + i);
        const int32_t batches = pn_rng_range(1, 4);
        const int32_t k = pn_rng_range(0, 2) == 0 ? pn_rng_range(1, 9) : pn_rng_range(1, 300);
        const int32_t units = pn_rng_range(1, 21);
        const int per_channel = (int)pn_rng_range(0, 1);
        const int quant_mode = (int)pn_rng_range(0, 2);
        const int filter_off = pn_rng_range(0, 7) == 0;
        run_fc_case(batches, k, units, per_channel, quant_mode, filter_off, 7000 + i);
    }
}

static void test_fc_directed(void)
{
    run_fc_case(1, 1024, 128, 0, QUANT_TYPICAL, 0, 11);  /* bench shape */
    run_fc_case(1, 1024, 130, 1, QUANT_TYPICAL, 0, 12);  /* units tail */
    run_fc_case(3, 257, 7, 1, QUANT_EXTREME, 0, 13);     /* odd batch, k tail, saturation */
    run_fc_case(2, 64, 10, 0, QUANT_MIXED, 0, 14);
    run_fc_case(2, 33, 5, 0, QUANT_TYPICAL, 1, 15);      /* asymmetric weights */
    run_fc_case(1, 4000, 4, 0, QUANT_TYPICAL, 0, 16);    /* k over several chunks (micro_speech shape) */
    run_fc_case(2, 2051, 9, 1, QUANT_EXTREME, 0, 17);    /* several chunks, k tail, two rows */
    run_fc_case(1, 1025, 130, 1, QUANT_MIXED, 0, 18);    /* one value past a chunk */
    run_fc_case(3, 1027, 6, 0, QUANT_TYPICAL, 0, 19);    /* chunk plus a tail of 3 */
}

static void test_fc_hand(void)
{
    const int8_t in[3] = {10, -20, 30};
    const int8_t f[9] = {1, 2, 3, -1, 0, 4, -1, -2, -3};
    const int32_t bias[3] = {100, -50, -100};
    /* acc = 166, 63, -166; *0.25 = 41.5, 15.75, -41.5 -> 42, 16, -41 (-166 * 2^-1: SRDHM -83, then the
     * rounding right shift rounds -41.5 away from zero to -42); output offset 5 */
    const int8_t expected[3] = {47, 21, -37};
    const pn_fc_params p = {1, 0, 5, {-128, 127}};
    const pn_quant q = {1 << 30, -1};
    const pn_dims in_d = {1, 1, 1, 3}, f_d = {3, 1, 1, 3}, out_d = {1, 1, 1, 3};
    int8_t out[3];
    int16_t buf[64];
    PN_CHECK(pn_fully_connected_s8(&p, &q, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK, "status");
    PN_CHECK_BYTES(expected, out, 3, "pn_fully_connected_s8 hand values");
    const int32_t mult[3] = {1 << 30, 1 << 30, 1 << 30}, shift[3] = {-1, -1, -1};
    const pn_per_channel_quant pq = {mult, shift};
    PN_CHECK(pn_fully_connected_s8_per_channel(&p, &pq, &in_d, in, &f_d, f, bias, &out_d, out, buf) == PN_OK,
             "status");
    PN_CHECK_BYTES(expected, out, 3, "pn_fully_connected_s8_per_channel hand values");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"fully connected hand-derived values", test_fc_hand},
        {"fully connected directed shapes vs reference", test_fc_directed},
        {"fully connected random shapes vs reference", test_fc_random},
    };
    return pn_test_run("test_fc", cases, (int)(sizeof cases / sizeof cases[0]));
}
