/*
 * Shared helpers of the dense-kernel tests: random quantization parameters, guarded buffers.
 */
#ifndef TEST_SUPPORT_H
#define TEST_SUPPORT_H

#include <stdlib.h>
#include <string.h>
#include "pn_test.h"
#include "pn_nn_types.h"

/* Quantization regimes: typical layer scales, extreme (saturating, large positive and negative shifts), mixed. */
enum { QUANT_TYPICAL = 0, QUANT_EXTREME = 1, QUANT_MIXED = 2 };

PN_TEST_FN void test_random_quant(int32_t *multiplier, int32_t *shift, int32_t n, int mode)
{
    for (int32_t i = 0; i < n; i++) {
        multiplier[i] = (int32_t)(0x40000000u + (pn_rng_next() & 0x3FFFFFFFu));
        switch (mode) {
        case QUANT_EXTREME:
            shift[i] = pn_rng_range(0, 3) == 0 ? pn_rng_range(1, 6) : pn_rng_range(-31, -1);
            if (pn_rng_range(0, 7) == 0) {
                multiplier[i] = 0x7FFFFFFF;
            }
            break;
        case QUANT_MIXED:
            shift[i] = pn_rng_range(-4, 3);
            break;
        default:
            shift[i] = pn_rng_range(-13, -6);
            break;
        }
    }
}

PN_TEST_FN void test_random_bias(int32_t *bias, int32_t n, int mode)
{
    for (int32_t i = 0; i < n; i++) {
        bias[i] = mode == QUANT_EXTREME ? (int32_t)(pn_rng_next() >> 3) - (1 << 28) : pn_rng_range(-6000, 6000);
    }
}

PN_TEST_FN int32_t test_random_input_offset(void)
{
    const int32_t pick = pn_rng_range(0, 5);
    return pick == 0 ? -127 : pick == 1 ? 128 : pn_rng_range(-127, 128);
}

PN_TEST_FN pn_activation test_random_activation(int32_t output_offset)
{
    pn_activation a = {-128, 127};
    const int32_t pick = pn_rng_range(0, 3);
    if (pick == 1) {
        a.min = output_offset; /* ReLU */
    } else if (pick == 2) {
        a.min = pn_rng_range(-128, 0);
        a.max = pn_rng_range(a.min, 127);
    }
    return a;
}

/* Allocations with a guard zone after the payload, checked by test_guard_ok (useful without ASan, on QEMU). */
#define TEST_GUARD 16
#define TEST_GUARD_BYTE 0x5A

PN_TEST_FN void *test_alloc(size_t n)
{
    unsigned char *p = (unsigned char *)malloc(n + TEST_GUARD);
    if (!p) {
        printf("out of memory allocating %lu bytes\n", (unsigned long)n);
        exit(2);
    }
    memset(p, 0xA5, n);
    memset(p + n, TEST_GUARD_BYTE, TEST_GUARD);
    return p;
}

PN_TEST_FN int test_guard_ok(const void *p, size_t n)
{
    const unsigned char *q = (const unsigned char *)p + n;
    for (int i = 0; i < TEST_GUARD; i++) {
        if (q[i] != TEST_GUARD_BYTE) {
            return 0;
        }
    }
    return 1;
}

#endif
