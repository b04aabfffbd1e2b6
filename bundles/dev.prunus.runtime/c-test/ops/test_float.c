/*
 * Tests of the float32 kernels of a mixed model's front end: pn_binary_f32 (ADD, SUB, MUL, MAXIMUM, MINIMUM with
 * broadcasting and clamp), pn_unary_f32 (SQRT, LOG) and pn_fully_connected_f32. Hand-derived values that are
 * exact in float, and a randomized comparison of the FULLY_CONNECTED sum with the same float order written here.
 * PN_TEST_SOURCES: pn_binary_f32.c pn_unary_f32.c pn_fully_connected_f32.c
 */
#include <math.h>
#include <string.h>

#include "pn_test.h"
#include "pn_binary_f32.h"
#include "pn_fully_connected_f32.h"
#include "pn_unary_f32.h"

/* Equal as floats, or both NaN; printed in millionths (newlib's printf may lack floats). */
#define CHECK_F(actual, expected, what)                                                                          \
    PN_CHECK((actual) == (expected) || ((actual) != (actual) && (expected) != (expected)),                       \
             "%s: got %ld e-6, expected %ld e-6", (what), (long)((actual) * 1e6f), (long)((expected) * 1e6f))

static void test_binary(void)
{
    /* a [2,3] with b [3] broadcast along the rows, and with a scalar */
    static const float a[6] = {1.0f, -2.0f, 3.5f, 0.25f, -0.5f, 8.0f};
    static const float b[3] = {2.0f, 0.5f, -1.0f};
    static const float floor1[1] = {1.0f};
    float y[6];
    pn_dims d23 = {1, 1, 2, 3};
    pn_dims d3 = {1, 1, 1, 3};
    pn_dims d1 = {1, 1, 1, 1};
    pn_dims d4 = {1, 1, 1, 4};
    int i;
    PN_CHECK_EQ(pn_binary_f32(PN_F32_MUL, &d23, a, &d3, b, &d23, -INFINITY, INFINITY, y), PN_OK, "mul status");
    {
        static const float e[6] = {2.0f, -1.0f, -3.5f, 0.5f, -0.25f, -8.0f};
        for (i = 0; i < 6; i++) {
            CHECK_F(y[i], e[i], "mul a * b[col]");
        }
    }
    PN_CHECK_EQ(pn_binary_f32(PN_F32_ADD, &d3, b, &d23, a, &d23, -INFINITY, INFINITY, y), PN_OK, "add status");
    CHECK_F(y[0], 3.0f, "b[0] + a[0]");
    CHECK_F(y[5], 7.0f, "b[2] + a[5]: the broadcast operand first");
    PN_CHECK_EQ(pn_binary_f32(PN_F32_SUB, &d23, a, &d3, b, &d23, 0.0f, 6.0f, y), PN_OK, "sub status");
    CHECK_F(y[0], 0.0f, "1 - 2 clamped at 0 (RELU6)");
    CHECK_F(y[2], 4.5f, "3.5 - -1");
    CHECK_F(y[5], 6.0f, "8 - -1 = 9 clamped at 6");
    PN_CHECK_EQ(pn_binary_f32(PN_F32_MAXIMUM, &d23, a, &d1, floor1, &d23, -INFINITY, INFINITY, y), PN_OK, "max");
    CHECK_F(y[0], 1.0f, "max(1, 1)");
    CHECK_F(y[1], 1.0f, "max(-2, 1)");
    CHECK_F(y[5], 8.0f, "max(8, 1)");
    PN_CHECK_EQ(pn_binary_f32(PN_F32_MINIMUM, &d23, a, &d1, floor1, &d23, -INFINITY, INFINITY, y), PN_OK, "min");
    CHECK_F(y[1], -2.0f, "min(-2, 1)");
    CHECK_F(y[2], 1.0f, "min(3.5, 1)");
    /* arguments: dims that do not broadcast, unknown operation, inverted clamp */
    PN_CHECK_EQ(pn_binary_f32(PN_F32_ADD, &d23, a, &d4, b, &d23, -INFINITY, INFINITY, y), PN_ERROR_ARGUMENT,
                "4 does not broadcast to 3");
    PN_CHECK_EQ(pn_binary_f32((pn_binary_f32_op)9, &d23, a, &d3, b, &d23, -INFINITY, INFINITY, y),
                PN_ERROR_ARGUMENT, "unknown operation");
    PN_CHECK_EQ(pn_binary_f32(PN_F32_ADD, &d23, a, &d3, b, &d23, 1.0f, 0.0f, y), PN_ERROR_ARGUMENT,
                "act_min > act_max");
    PN_CHECK_EQ(pn_binary_f32(PN_F32_ADD, &d23, NULL, &d3, b, &d23, -INFINITY, INFINITY, y), PN_ERROR_ARGUMENT,
                "NULL input");
}

static void test_unary(void)
{
    float x[5] = {4.0f, 0.0f, 1.0f, 2.25f, -1.0f};
    float y[5];
    PN_CHECK_EQ(pn_unary_f32(PN_F32_SQRT, 5, x, y), PN_OK, "sqrt status");
    CHECK_F(y[0], 2.0f, "sqrt 4");
    CHECK_F(y[1], 0.0f, "sqrt 0");
    CHECK_F(y[3], 1.5f, "sqrt 2.25");
    PN_CHECK(y[4] != y[4], "sqrt -1 is NaN");
    PN_CHECK_EQ(pn_unary_f32(PN_F32_LOG, 5, x, y), PN_OK, "log status");
    CHECK_F(y[2], 0.0f, "log 1");
    PN_CHECK(isinf(y[1]) && y[1] < 0.0f, "log 0 is -inf");
    PN_CHECK(fabsf(y[0] - 1.3862944f) <= 2e-7f, "log 4 within an ulp");
    PN_CHECK_EQ(pn_unary_f32(PN_F32_LOG, 5, x, x), PN_OK, "in place");
    CHECK_F(x[2], 0.0f, "log 1 in place");
    PN_CHECK_EQ(pn_unary_f32((pn_unary_f32_op)7, 5, x, y), PN_ERROR_ARGUMENT, "unknown operation");
    PN_CHECK_EQ(pn_unary_f32(PN_F32_SQRT, -1, x, y), PN_ERROR_ARGUMENT, "negative size");
}

static void test_fully_connected(void)
{
    /* 2 batches, depth 3, 2 units: hand-derived */
    static const float x[6] = {1.0f, 2.0f, 3.0f, -1.0f, 0.5f, 0.0f};
    static const float w[6] = {1.0f, 0.0f, -1.0f, 0.5f, 0.25f, 2.0f};
    static const float bias[2] = {0.5f, -10.0f};
    float y[4];
    static float xr[7 * 33];
    static float wr[5 * 33];
    static float yr[7 * 5];
    int b;
    int u;
    int d;
    PN_CHECK_EQ(pn_fully_connected_f32(2, 2, 3, x, w, NULL, -INFINITY, INFINITY, y), PN_OK, "status");
    CHECK_F(y[0], -2.0f, "1 - 3");
    CHECK_F(y[1], 7.0f, "0.5 + 0.5 + 6");
    CHECK_F(y[2], -1.0f, "-1 + 0 - 0");
    CHECK_F(y[3], -0.375f, "-0.5 + 0.125 + 0");
    PN_CHECK_EQ(pn_fully_connected_f32(2, 2, 3, x, w, bias, 0.0f, INFINITY, y), PN_OK, "status with bias");
    CHECK_F(y[0], 0.0f, "-2 + 0.5 clamped at 0 (RELU)");
    CHECK_F(y[2], 0.0f, "-1 + 0.5 clamped at 0");
    CHECK_F(y[1], 0.0f, "7 - 10 clamped at 0");
    /* random: the same float sum, in increasing depth, then the bias */
    for (d = 0; d < 7 * 33; d++) {
        xr[d] = (float)((int32_t)(pn_rng_next() % 2001u) - 1000) / 997.0f;
    }
    for (d = 0; d < 5 * 33; d++) {
        wr[d] = (float)((int32_t)(pn_rng_next() % 2001u) - 1000) / 1009.0f;
    }
    PN_CHECK_EQ(pn_fully_connected_f32(7, 5, 33, xr, wr, NULL, -INFINITY, INFINITY, yr), PN_OK, "random status");
    for (b = 0; b < 7; b++) {
        for (u = 0; u < 5; u++) {
            float s = 0.0f;
            for (d = 0; d < 33; d++) {
                volatile float p = xr[b * 33 + d] * wr[u * 33 + d]; /* rounded to float, no fused multiply-add */
                s += p;
            }
            /* the kernel may fuse multiply-adds on an FPU with FMA (Cortex-M4/M7): within a few ulps */
            PN_CHECK(fabsf(yr[b * 5 + u] - s) <= 1e-5f * (1.0f + fabsf(s)), "random sum b %d u %d", b, u);
        }
    }
    PN_CHECK_EQ(pn_fully_connected_f32(-1, 2, 3, x, w, NULL, -INFINITY, INFINITY, y), PN_ERROR_ARGUMENT,
                "negative batches");
    PN_CHECK_EQ(pn_fully_connected_f32(2, 2, 3, x, NULL, NULL, -INFINITY, INFINITY, y), PN_ERROR_ARGUMENT,
                "NULL weights");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"binary", test_binary},
        {"unary", test_unary},
        {"fully_connected", test_fully_connected},
    };
    pn_rng_seed(2463534242u);
    return pn_test_run("test_float", cases, (int)(sizeof cases / sizeof cases[0]));
}
