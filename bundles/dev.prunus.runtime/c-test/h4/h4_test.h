/*
 * Prunus runtime tests (h4 kernels): a minimal assertion and random-number layer that runs on the host and on
 * QEMU (semihosting printf). Every failed check prints its location and increments the failure count; main()
 * returns non-zero when any check failed.
 */
#ifndef H4_TEST_H
#define H4_TEST_H

#include <stdint.h>
#include <stdio.h>

static int h4_failures = 0;
static int h4_checks = 0;

#define H4_CHECK(cond, ...)                                                                   \
    do {                                                                                      \
        h4_checks++;                                                                          \
        if (!(cond)) {                                                                        \
            h4_failures++;                                                                    \
            if (h4_failures <= 20) {                                                          \
                printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                        \
                printf(__VA_ARGS__);                                                          \
                printf("\n");                                                                 \
            }                                                                                 \
        }                                                                                     \
    } while (0)

#define H4_CHECK_EQ(actual, expected, what)                                                   \
    H4_CHECK((long)(actual) == (long)(expected), "%s: got %ld, expected %ld", (what), (long)(actual), \
             (long)(expected))

/* xorshift32: deterministic across targets */
static uint32_t h4_rng_state = 2463534242u;

static inline uint32_t h4_rand(void)
{
    uint32_t x = h4_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    h4_rng_state = x;
    return x;
}

/* uniform in [lo, hi] */
static inline int32_t h4_rand_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(h4_rand() % (uint32_t)(hi - lo + 1));
}

static inline int h4_report(const char *name)
{
    printf("%s: %d checks, %d failures\n", name, h4_checks, h4_failures);
    return h4_failures == 0 ? 0 : 1;
}

#endif /* H4_TEST_H */
