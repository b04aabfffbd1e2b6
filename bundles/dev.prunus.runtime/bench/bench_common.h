/*
 * Prunus runtime benchmarks: helpers shared by the benchmark programs (dense and sparse).
 *
 * Programs run under QEMU (c/platform/mps2/pn-run.sh) and measure executed instructions with pn_bench.h.
 * newlib-nano's printf has no 64-bit or floating-point conversions, so figures are printed with the helpers
 * below. Random data comes from a fixed seed so that every run measures the same work.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "pn_bench.h"

#if defined(__GNUC__)
#define BENCH_FN static __attribute__((unused))
#else
#define BENCH_FN static
#endif

static uint32_t bench_rng_state = 0x2545F491u;

BENCH_FN uint32_t bench_rng(void)
{
    uint32_t x = bench_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bench_rng_state = x;
    return x;
}

BENCH_FN void bench_fill_s8(int8_t *p, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        p[i] = (int8_t)(bench_rng() & 0xFFu);
    }
}

/** Marks exactly `count` of `units` units as pruned (pruned[u] = 1), chosen at random. */
BENCH_FN void bench_choose_pruned(uint8_t *pruned, int32_t units, int32_t count)
{
    int32_t n = 0;
    memset(pruned, 0, (size_t)units);
    while (n < count) {
        const int32_t u = (int32_t)(bench_rng() % (uint32_t)units);
        if (!pruned[u]) {
            pruned[u] = 1;
            n++;
        }
    }
}

/** Prints ratio = num / den with three decimals (no floating point). */
BENCH_FN void bench_print_ratio(uint64_t num, uint64_t den)
{
    const uint64_t milli = den ? (num * 1000u + den / 2u) / den : 0u;
    printf("%lu.%03lu", (unsigned long)(milli / 1000u), (unsigned long)(milli % 1000u));
}

/** Prints an unsigned 64-bit count. */
BENCH_FN void bench_print_u64(uint64_t v)
{
    if (v >= 1000000000u) {
        printf("%lu%09lu", (unsigned long)(v / 1000000000u), (unsigned long)(v % 1000000000u));
    } else {
        printf("%lu", (unsigned long)v);
    }
}

/**
 * Prints one markdown table row: | layer | kernel | instructions | MACs | instructions/MAC | reference | target |
 * reference_milli and target_milli are instructions/MAC * 1000, 0 when there is none.
 */
BENCH_FN void bench_row(const char *layer, const char *kernel, uint64_t instructions, uint64_t macs,
                        uint32_t reference_milli, uint32_t target_milli)
{
    printf("| %s | %s | ", layer, kernel);
    bench_print_u64(instructions);
    printf(" | ");
    bench_print_u64(macs);
    printf(" | ");
    bench_print_ratio(instructions, macs);
    printf(" | ");
    if (reference_milli) {
        bench_print_ratio(reference_milli, 1000u);
    } else {
        printf("-");
    }
    printf(" | ");
    if (target_milli) {
        printf("<= ");
        bench_print_ratio(target_milli, 1000u);
        printf(instructions * 1000u <= (uint64_t)target_milli * macs ? " met" : " MISSED");
    } else {
        printf("-");
    }
    printf(" |\n");
}

#endif /* BENCH_COMMON_H */
