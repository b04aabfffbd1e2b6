/*
 * Prunus runtime benchmark: the sparse kernels against the dense ones, in executed instructions (QEMU mps2 with
 * -icount, see pn_bench.h), on the layers of docs/benchmarks/sparse-kernels.md:
 *  - conv 3x3, 16 -> 32 channels, 32x32, stride 1, padding 1: pn_convolve_filterlet_s8 with 0/50/75/90/100 %
 *    of the filterlets removed, against pn_conv_s8_3x3 (dense) on the same zero-filled weights and against
 *    CMSIS-NN's figure for the layer (10.08 M, docs MCU-NOTES); at 75 and 90 % with the smallest mask group G
 *    that keeps the index at most 3 % of the kept weight bytes (whole (group, tap) units are pruned);
 *  - conv 1x1, 32 -> 32 channels, 32x32: pn_convolve_1x1_block_s8 (blocks of 4) against pn_conv_s8_1x1 and
 *    CMSIS-NN's 2.69 instructions/MAC;
 *  - fully connected 1024 -> 128: pn_fully_connected_block_s8 (blocks of 4 and 8) with 0/50/75/90 % of the
 *    blocks removed, against pn_fully_connected_s8 (dense) and CMSIS-NN's 1.92 instructions/MAC.
 * Every sparse output is compared with the dense kernel's output on the zero-filled weights: a mismatch is
 * printed and makes the program exit non-zero.
 */
#include <string.h>

#include "bench_common.h"
#include "pn_convolve_1x1_block_s8.h"
#include "pn_convolve_filterlet_s8.h"
#include "pn_fully_connected_block_s8.h"
#include "pn_kernels.h"

#define CONV_H 32
#define CONV_W 32
#define CONV_CIN 16
#define CONV_COUT 32
#define CONV_TAPS 9
#define FC_K 1024
#define FC_UNITS 128

static int8_t conv_in[CONV_H * CONV_W * CONV_CIN];
static int8_t conv_w_full[CONV_COUT * CONV_TAPS * CONV_CIN];
static int8_t conv_w[CONV_COUT * CONV_TAPS * CONV_CIN];
static int8_t conv_packed[CONV_COUT * CONV_TAPS * CONV_CIN];
static uint16_t conv_mask[CONV_COUT];
static int32_t conv_bias[CONV_COUT];
static int32_t conv_mult[CONV_COUT];
static int32_t conv_shift[CONV_COUT];
static int8_t conv_out_sparse[CONV_H * CONV_W * CONV_COUT];
static int8_t conv_out_dense[CONV_H * CONV_W * CONV_COUT];

static int8_t fc_in[FC_K];
static int8_t fc_w_full[FC_UNITS * FC_K];
static int8_t fc_w[FC_UNITS * FC_K];
static int8_t fc_packed[FC_UNITS * FC_K];
static uint32_t fc_mask[FC_UNITS * (FC_K / 4 / 32)];
static int32_t fc_bias[FC_UNITS];
static int8_t fc_out_sparse[FC_UNITS];
static int8_t fc_out_dense[FC_UNITS];

static uint32_t scratch[8192];

static int failures = 0;

/* Index bytes (one uint16 mask per group of g channels) and kept weight bytes of the layer at `percent` removed
 * when whole (group, tap) units are pruned, as bench_conv prunes them. */
static void conv_sizes(int32_t g, int percent, int32_t *index_bytes, int32_t *kept_bytes)
{
    const int32_t groups = (CONV_COUT + g - 1) / g;
    const int32_t units = groups * CONV_TAPS;
    const int32_t removed = (units * percent + 50) / 100;
    *index_bytes = 2 * groups;
    *kept_bytes = (units - removed) * g * CONV_CIN; /* CONV_COUT is a multiple of every g used */
}

/* The smallest mask group (power of two <= 32) whose index is at most 3 % of the kept weight bytes. */
static int32_t conv_group_for(int percent)
{
    int32_t g;
    for (g = 1; g < 32; g *= 2) {
        int32_t index_bytes;
        int32_t kept_bytes;
        conv_sizes(g, percent, &index_bytes, &kept_bytes);
        if (index_bytes * 100 <= 3 * kept_bytes) {
            break;
        }
    }
    return g;
}

static void bench_conv(void)
{
    static uint8_t pruned[CONV_COUT * CONV_TAPS];
    /* 0 % twice: per-channel masks (G = 1) and one shared mask (G = 32, what the packer writes unpruned) */
    static const int pcts[6] = {0, 0, 50, 75, 90, 100};
    /* targets from the brief: 2.5x / 4x / 7x fewer than CMSIS-NN's 10.08 M at 50 / 75 / 90 % */
    static const uint32_t target[6] = {0, 0, 4032000, 2520000, 1440000, 0};
    const uint64_t cmsis = 10080000u;
    pn_conv_params p;
    pn_dims id = {1, CONV_H, CONV_W, CONV_CIN};
    pn_dims fd = {CONV_COUT, 3, 3, CONV_CIN};
    pn_dims od = {1, CONV_H, CONV_W, CONV_COUT};
    pn_per_channel_quant q = {conv_mult, conv_shift};
    int i;
    bench_fill_s8(conv_in, (int32_t)sizeof(conv_in));
    bench_fill_s8(conv_w_full, (int32_t)sizeof(conv_w_full));
    for (i = 0; i < (int)sizeof(conv_w_full); i++) {
        if (conv_w_full[i] == 0) {
            conv_w_full[i] = 1;
        }
    }
    for (i = 0; i < CONV_COUT; i++) {
        conv_mult[i] = (int32_t)(0x40000000u + (bench_rng() & 0x3FFFFFFFu));
        conv_shift[i] = -8 - (int32_t)(bench_rng() % 3u);
        conv_bias[i] = (int32_t)(bench_rng() % 20001u) - 10000;
    }
    memset(&p, 0, sizeof(p));
    p.input_offset = 128;
    p.output_offset = -128;
    p.stride.h = p.stride.w = 1;
    p.padding.h = p.padding.w = 1;
    p.dilation.h = p.dilation.w = 1;
    p.activation.min = -128;
    p.activation.max = 127;
    printf("| layer | filterlets removed (actual) | mask group G | sparse instructions | dense pn_conv_s8_3x3 | "
           "CMSIS-NN / sparse | target (sparse <=) | index bytes / kept weight bytes | bit-exact |\n");
    printf("|---|---|---|---|---|---|---|---|---|\n");
    for (i = 0; i < 6; i++) {
        const int32_t g = i == 1 ? 32 : (pcts[i] == 0 || pcts[i] == 100) ? 1 : conv_group_for(pcts[i]);
        const int32_t groups = (CONV_COUT + g - 1) / g;
        const int32_t units = groups * CONV_TAPS;
        const int32_t removed = (units * pcts[i] + 50) / 100;
        const int32_t index_bytes = 2 * groups;
        int32_t o;
        int32_t t;
        int32_t kept_bytes = 0;
        uint64_t sparse_n;
        uint64_t dense_n;
        int exact;
        pn_status s1;
        pn_status s2;
        /* whole (mask group, tap) units are pruned, so the channels of a group share their mask */
        bench_choose_pruned(pruned, units, removed);
        memcpy(conv_w, conv_w_full, sizeof(conv_w));
        memset(conv_mask, 0, sizeof(conv_mask));
        for (o = 0; o < CONV_COUT; o++) {
            for (t = 0; t < CONV_TAPS; t++) {
                int8_t *f = conv_w + (o * CONV_TAPS + t) * CONV_CIN;
                if (pruned[(o / g) * CONV_TAPS + t]) {
                    memset(f, 0, CONV_CIN);
                } else {
                    conv_mask[o / g] |= (uint16_t)(1u << t);
                    memcpy(conv_packed + kept_bytes, f, CONV_CIN);
                    kept_bytes += CONV_CIN;
                }
            }
        }
        pn_bench_start();
        s1 = pn_convolve_filterlet_s8(&p, &q, &id, conv_in, &fd, conv_mask, g, conv_packed, conv_bias, &od,
                                      conv_out_sparse, scratch);
        sparse_n = pn_bench_stop();
        pn_bench_start();
        s2 = pn_conv_s8_3x3(&p, &q, &id, conv_in, &fd, conv_w, conv_bias, &od, conv_out_dense, scratch);
        dense_n = pn_bench_stop();
        exact = s1 == PN_OK && s2 == PN_OK && memcmp(conv_out_sparse, conv_out_dense, sizeof(conv_out_dense)) == 0;
        if (!exact) {
            failures++;
        }
        printf("| conv 3x3 16->32 32x32 pad 1 | %d %% (", pcts[i]);
        bench_print_ratio((uint64_t)removed * 100u, (uint64_t)units);
        printf(" %%) | %d | ", (int)g);
        bench_print_u64(sparse_n);
        printf(" | ");
        bench_print_u64(dense_n);
        printf(" | ");
        bench_print_ratio(cmsis, sparse_n);
        printf("x | ");
        if (target[i]) {
            printf("%lu %s", (unsigned long)target[i], sparse_n <= target[i] ? "met" : "MISSED");
        } else if (pcts[i] == 0) {
            printf("<= dense: %s", sparse_n <= dense_n ? "met" : "MISSED");
        } else {
            printf("-");
        }
        printf(" | ");
        if (kept_bytes) {
            bench_print_ratio((uint64_t)index_bytes * 100u, (uint64_t)kept_bytes);
            printf(" %% (%d / %d)", (int)index_bytes, (int)kept_bytes);
        } else {
            printf("- (%d / 0)", (int)index_bytes);
        }
        printf(" | %s |\n", exact ? "yes" : "NO");
    }
}

static void bench_fc(int32_t bsz)
{
    static uint8_t pruned[FC_UNITS * (FC_K / 4)];
    static const int pcts[4] = {0, 50, 75, 90};
    const int32_t nb = FC_K / bsz;
    const int32_t nw = (nb + 31) / 32;
    const uint64_t macs = (uint64_t)FC_K * FC_UNITS;
    const uint64_t cmsis = macs * 192u / 100u;
    pn_fc_params p;
    pn_dims id = {1, 1, 1, FC_K};
    pn_dims fd = {FC_UNITS, 1, 1, FC_K};
    pn_dims od = {1, 1, 1, FC_UNITS};
    int32_t mult = 1518500250;
    int32_t shift = -9;
    pn_quant q1 = {1518500250, -9};
    pn_per_channel_quant q = {&mult, &shift};
    int i;
    memset(&p, 0, sizeof(p));
    p.input_offset = 5;
    p.output_offset = 3;
    p.activation.min = -128;
    p.activation.max = 127;
    for (i = 0; i < 4; i++) {
        const int32_t units = FC_UNITS * nb;
        const int32_t removed = (units * pcts[i] + 50) / 100;
        int32_t o;
        int32_t b;
        int32_t kept_bytes = 0;
        uint64_t sparse_n;
        uint64_t dense_n;
        int exact;
        pn_status s1;
        pn_status s2;
        bench_choose_pruned(pruned, units, removed);
        memcpy(fc_w, fc_w_full, sizeof(fc_w));
        memset(fc_mask, 0, sizeof(fc_mask));
        for (o = 0; o < FC_UNITS; o++) {
            for (b = 0; b < nb; b++) {
                int8_t *blk = fc_w + o * FC_K + b * bsz;
                if (pruned[o * nb + b]) {
                    memset(blk, 0, (size_t)bsz);
                } else {
                    fc_mask[o * nw + b / 32] |= 1u << (b % 32);
                    memcpy(fc_packed + kept_bytes, blk, (size_t)bsz);
                    kept_bytes += bsz;
                }
            }
        }
        pn_bench_start();
        s1 = pn_fully_connected_block_s8(&p, &q, 0, &id, fc_in, &fd, bsz, fc_mask, fc_packed, fc_bias, &od,
                                         fc_out_sparse, scratch);
        sparse_n = pn_bench_stop();
        pn_bench_start();
        s2 = pn_fully_connected_s8(&p, &q1, &id, fc_in, &fd, fc_w, fc_bias, &od, fc_out_dense, scratch);
        dense_n = pn_bench_stop();
        exact = s1 == PN_OK && s2 == PN_OK && memcmp(fc_out_sparse, fc_out_dense, sizeof(fc_out_dense)) == 0;
        if (!exact) {
            failures++;
        }
        printf("| fc 1024->128, blocks of %d | %d %% | ", (int)bsz, pcts[i]);
        bench_print_u64(sparse_n);
        printf(" | ");
        bench_print_u64(dense_n);
        printf(" | ");
        bench_print_ratio(cmsis, sparse_n);
        printf("x | - | ");
        bench_print_ratio((uint64_t)4 * nw * FC_UNITS * 100u, (uint64_t)kept_bytes);
        printf(" %% (%d / %d) | %s |\n", (int)(4 * nw * FC_UNITS), (int)kept_bytes, exact ? "yes" : "NO");
    }
}

#define PW_HW 32
#define PW_C 32

static int8_t pw_in[PW_HW * PW_HW * PW_C];
static int8_t pw_w_full[PW_C * PW_C];
static int8_t pw_w[PW_C * PW_C];
static int8_t pw_packed[PW_C * PW_C];
static uint32_t pw_mask[PW_C];
static int8_t pw_out_sparse[PW_HW * PW_HW * PW_C];
static int8_t pw_out_dense[PW_HW * PW_HW * PW_C];

static void bench_pointwise(void)
{
    static uint8_t pruned[PW_C * PW_C / 4];
    static const int pcts[4] = {0, 50, 75, 90};
    const int32_t nb = PW_C / 4;
    const uint64_t macs = (uint64_t)PW_HW * PW_HW * PW_C * PW_C;
    const uint64_t cmsis = macs * 269u / 100u;
    pn_conv_params p;
    pn_dims id = {1, PW_HW, PW_HW, PW_C};
    pn_dims fd = {PW_C, 1, 1, PW_C};
    pn_dims od = {1, PW_HW, PW_HW, PW_C};
    pn_per_channel_quant q = {conv_mult, conv_shift};
    int i;
    bench_fill_s8(pw_in, (int32_t)sizeof(pw_in));
    bench_fill_s8(pw_w_full, (int32_t)sizeof(pw_w_full));
    for (i = 0; i < (int)sizeof(pw_w_full); i++) {
        if (pw_w_full[i] == 0) {
            pw_w_full[i] = 1;
        }
    }
    memset(&p, 0, sizeof(p));
    p.input_offset = 3;
    p.output_offset = -5;
    p.stride.h = p.stride.w = 1;
    p.dilation.h = p.dilation.w = 1;
    p.activation.min = -5;
    p.activation.max = 127;
    for (i = 0; i < 4; i++) {
        const int32_t units = PW_C * nb;
        int32_t o;
        int32_t b;
        int32_t kept_bytes = 0;
        uint64_t sparse_n;
        uint64_t dense_n;
        int exact;
        pn_status s1;
        pn_status s2;
        bench_choose_pruned(pruned, units, (units * pcts[i] + 50) / 100);
        memcpy(pw_w, pw_w_full, sizeof(pw_w));
        memset(pw_mask, 0, sizeof(pw_mask));
        for (o = 0; o < PW_C; o++) {
            for (b = 0; b < nb; b++) {
                int8_t *blk = pw_w + o * PW_C + b * 4;
                if (pruned[o * nb + b]) {
                    memset(blk, 0, 4);
                } else {
                    pw_mask[o] |= 1u << b;
                    memcpy(pw_packed + kept_bytes, blk, 4);
                    kept_bytes += 4;
                }
            }
        }
        pn_bench_start();
        s1 = pn_convolve_1x1_block_s8(&p, &q, &id, pw_in, &fd, 4, pw_mask, pw_packed, conv_bias, &od, pw_out_sparse,
                                      scratch);
        sparse_n = pn_bench_stop();
        pn_bench_start();
        s2 = pn_conv_s8_1x1(&p, &q, &id, pw_in, &fd, pw_w, conv_bias, &od, pw_out_dense, scratch);
        dense_n = pn_bench_stop();
        exact = s1 == PN_OK && s2 == PN_OK && memcmp(pw_out_sparse, pw_out_dense, sizeof(pw_out_dense)) == 0;
        if (!exact) {
            failures++;
        }
        printf("| conv 1x1 32->32 32x32, blocks of 4, ReLU | %d %% | ", pcts[i]);
        bench_print_u64(sparse_n);
        printf(" | ");
        bench_print_u64(dense_n);
        printf(" | ");
        bench_print_ratio(cmsis, sparse_n);
        printf("x | - | ");
        bench_print_ratio((uint64_t)4 * PW_C * 100u, (uint64_t)kept_bytes);
        printf(" %% (%d / %d) | %s |\n", 4 * PW_C, (int)kept_bytes, exact ? "yes" : "NO");
    }
}

int main(void)
{
    int i;
    pn_bench_init();
    bench_conv();
    bench_fill_s8(fc_in, FC_K);
    bench_fill_s8(fc_w_full, (int32_t)sizeof(fc_w_full));
    for (i = 0; i < (int)sizeof(fc_w_full); i++) {
        if (fc_w_full[i] == 0) {
            fc_w_full[i] = 1;
        }
    }
    for (i = 0; i < FC_UNITS; i++) {
        fc_bias[i] = (int32_t)(bench_rng() % 20001u) - 10000;
    }
    printf("\n| layer | blocks removed | sparse instructions | dense pn_fully_connected_s8 | CMSIS-NN (1.92/MAC) / "
           "sparse | target | index bytes / kept weight bytes | bit-exact |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    bench_fc(4);
    bench_fc(8);
    printf("\n| layer | blocks removed | sparse instructions | dense pn_conv_s8_1x1 | CMSIS-NN (2.69/MAC) / sparse | "
           "target | index bytes / kept weight bytes | bit-exact |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    bench_pointwise();
    if (failures) {
        printf("\n%d configuration(s) not bit-exact with the dense kernel\n", failures);
    }
    return failures ? 1 : 0;
}
