/*
 * Prunus runtime tests: a tiny test runner (header only) and a seeded pseudo-random generator.
 *
 * The one harness of the C tests, on the host and on Cortex-M under QEMU (semihosting printf). A test program
 * defines test functions, lists them in a pn_test_case array and returns pn_test_run(program, cases, count)
 * from main(): it prints one line per failed check, a summary line "<program>: N tests, M checks, F failures"
 * and returns non-zero when anything failed.
 */
#ifndef PN_TEST_H
#define PN_TEST_H

#include <stdint.h>
#include <stdio.h>

/* Helpers are static; a test program need not use all of them. */
#if defined(__GNUC__)
#define PN_TEST_FN static __attribute__((unused))
#else
#define PN_TEST_FN static
#endif

typedef struct {
    const char *name;
    void (*run)(void);
} pn_test_case;

static int pn_test_failures;
static long pn_test_checks;
static const char *pn_test_current;

#define PN_CHECK(cond, ...)                                                                                      \
    do {                                                                                                         \
        pn_test_checks++;                                                                                        \
        if (!(cond)) {                                                                                           \
            pn_test_failures++;                                                                                  \
            if (pn_test_failures <= 40) {                                                                        \
                printf("FAIL %s (%s:%d): ", pn_test_current, __FILE__, __LINE__);                                \
                printf(__VA_ARGS__);                                                                             \
                printf("\n");                                                                                    \
            }                                                                                                    \
        }                                                                                                        \
    } while (0)

/** Checks that two integers are equal; prints both when they are not. */
#define PN_CHECK_EQ(actual, expected, what)                                                                      \
    PN_CHECK((long)(actual) == (long)(expected), "%s: got %ld, expected %ld", (what), (long)(actual),             \
             (long)(expected))

/** Compares two int8 arrays; reports the first difference. Returns 1 when equal. */
PN_TEST_FN int pn_check_bytes(const int8_t *expected, const int8_t *actual, int32_t n, const char *what, int line)
{
    pn_test_checks++;
    for (int32_t i = 0; i < n; i++) {
        if (expected[i] != actual[i]) {
            pn_test_failures++;
            if (pn_test_failures <= 40) {
                printf("FAIL %s (line %d): %s: element %ld of %ld is %d, expected %d\n", pn_test_current, line,
                       what, (long)i, (long)n, actual[i], expected[i]);
            }
            return 0;
        }
    }
    return 1;
}

#define PN_CHECK_BYTES(expected, actual, n, what) pn_check_bytes((expected), (actual), (n), (what), __LINE__)

PN_TEST_FN int pn_test_run(const char *program, const pn_test_case *cases, int count)
{
    for (int i = 0; i < count; i++) {
        pn_test_current = cases[i].name;
        const int before = pn_test_failures;
        cases[i].run();
        printf("%s %s\n", pn_test_failures == before ? "ok  " : "FAIL", cases[i].name);
    }
    printf("%s: %d tests, %ld checks, %d failures\n", program, count, pn_test_checks, pn_test_failures);
    return pn_test_failures == 0 ? 0 : 1;
}

/* xorshift32, seeded explicitly so that every run and every target sees the same data. */
static uint32_t pn_rng_state = 0x9E3779B9u;

PN_TEST_FN void pn_rng_seed(uint32_t seed)
{
    pn_rng_state = seed ? seed : 0x9E3779B9u;
}

PN_TEST_FN uint32_t pn_rng_next(void)
{
    uint32_t x = pn_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    pn_rng_state = x;
    return x;
}

/** Uniform integer in [lo, hi]. */
PN_TEST_FN int32_t pn_rng_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(pn_rng_next() % (uint32_t)(hi - lo + 1));
}

PN_TEST_FN void pn_rng_fill_s8(int8_t *p, int32_t n, int32_t lo, int32_t hi)
{
    for (int32_t i = 0; i < n; i++) {
        p[i] = (int8_t)pn_rng_range(lo, hi);
    }
}

#endif /* PN_TEST_H */
