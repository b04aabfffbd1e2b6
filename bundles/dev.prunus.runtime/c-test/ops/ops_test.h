/*
 * Prunus runtime tests (elementwise and sparse kernels): a minimal assertion and random-number layer that runs on the host and on
 * QEMU (semihosting printf). Every failed check prints its location and increments the failure count; main()
 * returns non-zero when any check failed.
 */
#ifndef OPS_TEST_H
#define OPS_TEST_H

#include <stdint.h>
#include <stdio.h>

static int ops_failures = 0;
static int ops_checks = 0;

#define OPS_CHECK(cond, ...)                                                                   \
    do {                                                                                      \
        ops_checks++;                                                                          \
        if (!(cond)) {                                                                        \
            ops_failures++;                                                                    \
            if (ops_failures <= 20) {                                                          \
                printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                        \
                printf(__VA_ARGS__);                                                          \
                printf("\n");                                                                 \
            }                                                                                 \
        }                                                                                     \
    } while (0)

#define OPS_CHECK_EQ(actual, expected, what)                                                   \
    OPS_CHECK((long)(actual) == (long)(expected), "%s: got %ld, expected %ld", (what), (long)(actual), \
             (long)(expected))

/* xorshift32: deterministic across targets */
static uint32_t ops_rng_state = 2463534242u;

static inline uint32_t ops_rand(void)
{
    uint32_t x = ops_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    ops_rng_state = x;
    return x;
}

/* uniform in [lo, hi] */
static inline int32_t ops_rand_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(ops_rand() % (uint32_t)(hi - lo + 1));
}

static inline int ops_report(const char *name)
{
    printf("%s: %d checks, %d failures\n", name, ops_checks, ops_failures);
    return ops_failures == 0 ? 0 : 1;
}

#endif /* OPS_TEST_H */
