/*
 * Prunus runtime benchmark: executed instructions of every kernel on the real layer shapes of the shared models
 * pretrainedResnet_quant (R), vww_96_int8 (V) and person_detect (P) (and str_ww_ref_model's Kx1 depthwise layers, S), for calibrating the planner's cost model
 * (dev.prunus.core.pack.CostModel). Shapes are those `prunus inspect` prints (operator index in the name);
 * data, weights and quantization are random with a fixed seed (the kernels' costs do not depend on the values,
 * except the sparse kernels' on which filterlets or blocks are kept).
 *
 * Each measurement prints one line, read by bench/layers/CostCheck.java:
 *   L <name> <kernel> <n> <inH> <inW> <cin> <outH> <outW> <cout> <kh> <kw> <stride> <kept> <total> <instructions>
 * kept / total: kept filterlets or blocks of 4 (sparse kernels), else 0 0. The sparse outputs are compared with
 * the dense kernel's on the zero-filled weights; a mismatch prints MISMATCH and makes the program exit non-zero.
 */
#include <string.h>

#include "bench_common.h"
#include "pn_add_s8.h"
#include "pn_convolve_1x1_block_s8.h"
#include "pn_convolve_filterlet_s8.h"
#include "pn_kernels.h"
#include "pn_softmax_s8.h"

enum { K_CONV, K_DW, K_FC, K_ADD, K_AVGPOOL, K_SOFTMAX };

typedef struct {
    const char *name;
    int kind;
    int32_t in_h, in_w, cin, out_h, out_w, cout, k, stride, pad;
    int32_t kw; /* filter width when it differs from k (the height), else 0 */
} layer;

/* conv and depthwise: k x k filter, top/left padding `pad` as TFLM computes it; fc: in_w = inputs, cout = units */
static const layer layers[] = {
    {"R0", K_CONV, 32, 32, 3, 32, 32, 16, 3, 1, 1, 0},
    {"R1,R2", K_CONV, 32, 32, 16, 32, 32, 16, 3, 1, 1, 0},
    {"R4", K_CONV, 32, 32, 16, 16, 16, 32, 3, 2, 0, 0},
    {"R5", K_CONV, 16, 16, 32, 16, 16, 32, 3, 1, 1, 0},
    {"R6", K_CONV, 32, 32, 16, 16, 16, 32, 1, 2, 0, 0},
    {"R8", K_CONV, 16, 16, 32, 8, 8, 64, 3, 2, 0, 0},
    {"R9", K_CONV, 8, 8, 64, 8, 8, 64, 3, 1, 1, 0},
    {"R10", K_CONV, 16, 16, 32, 8, 8, 64, 1, 2, 0, 0},
    {"R14", K_FC, 1, 64, 64, 1, 1, 10, 1, 1, 0, 0},
    {"V0", K_CONV, 96, 96, 3, 48, 48, 8, 3, 2, 0, 0},
    {"P0", K_CONV, 96, 96, 1, 48, 48, 8, 3, 2, 0, 0},
    {"V2,P2", K_CONV, 48, 48, 8, 48, 48, 16, 1, 1, 0, 0},
    {"V4,P4", K_CONV, 24, 24, 16, 24, 24, 32, 1, 1, 0, 0},
    {"V6,P6", K_CONV, 24, 24, 32, 24, 24, 32, 1, 1, 0, 0},
    {"V8,P8", K_CONV, 12, 12, 32, 12, 12, 64, 1, 1, 0, 0},
    {"V10,P10", K_CONV, 12, 12, 64, 12, 12, 64, 1, 1, 0, 0},
    {"V12,P12", K_CONV, 6, 6, 64, 6, 6, 128, 1, 1, 0, 0},
    {"V14..22,P14..22", K_CONV, 6, 6, 128, 6, 6, 128, 1, 1, 0, 0},
    {"V24,P24", K_CONV, 3, 3, 128, 3, 3, 256, 1, 1, 0, 0},
    {"V26,P26", K_CONV, 3, 3, 256, 3, 3, 256, 1, 1, 0, 0},
    {"P28", K_CONV, 1, 1, 256, 1, 1, 2, 1, 1, 0, 0},
    {"V29", K_FC, 1, 256, 256, 1, 1, 2, 1, 1, 0, 0},
    {"V1,P1", K_DW, 48, 48, 8, 48, 48, 8, 3, 1, 1, 0},
    {"V3,P3", K_DW, 48, 48, 16, 24, 24, 16, 3, 2, 0, 0},
    {"V5,P5", K_DW, 24, 24, 32, 24, 24, 32, 3, 1, 1, 0},
    {"V7,P7", K_DW, 24, 24, 32, 12, 12, 32, 3, 2, 0, 0},
    {"V9,P9", K_DW, 12, 12, 64, 12, 12, 64, 3, 1, 1, 0},
    {"V11,P11", K_DW, 12, 12, 64, 6, 6, 64, 3, 2, 0, 0},
    {"V13..21,P13..21", K_DW, 6, 6, 128, 6, 6, 128, 3, 1, 1, 0},
    {"V23,P23", K_DW, 6, 6, 128, 3, 3, 128, 3, 2, 0, 0},
    {"V25,P25", K_DW, 3, 3, 256, 3, 3, 256, 3, 1, 1, 0},
    {"dw5x5", K_DW, 24, 24, 32, 24, 24, 32, 5, 1, 2, 0}, /* no such layer in the three models: the generic kernel's taps */
    /* str_ww_ref_model (S): Kx1 depthwise filters over one-column outputs, on the generic kernel */
    {"S0", K_DW, 30, 1, 40, 28, 1, 40, 3, 1, 0, 1},
    {"S2", K_DW, 28, 1, 128, 24, 1, 128, 5, 1, 0, 1},
    {"S4", K_DW, 24, 1, 128, 15, 1, 128, 10, 1, 0, 1},
    {"S6", K_DW, 15, 1, 128, 1, 1, 128, 15, 1, 0, 1},
    {"R3", K_ADD, 32, 32, 16, 32, 32, 16, 1, 1, 0, 0},
    {"R7", K_ADD, 16, 16, 32, 16, 16, 32, 1, 1, 0, 0},
    {"R11", K_ADD, 8, 8, 64, 8, 8, 64, 1, 1, 0, 0},
    {"R12", K_AVGPOOL, 8, 8, 64, 1, 1, 64, 8, 8, 0, 0},
    {"V27,P27", K_AVGPOOL, 3, 3, 256, 1, 1, 256, 3, 3, 0, 0},
    {"R15", K_SOFTMAX, 1, 1, 10, 1, 1, 10, 1, 1, 0, 0},
    {"V30,P30", K_SOFTMAX, 1, 1, 2, 1, 1, 2, 1, 1, 0, 0},
};

#define MAX_ACT (96 * 96 * 4)
#define MAX_W (256 * 256)

static int8_t input[MAX_ACT];
static int8_t input2[MAX_ACT];
static int8_t output[MAX_ACT];
static int8_t expected[MAX_ACT];
static int8_t weights_full[MAX_W];
static int8_t weights[MAX_W];
static int8_t packed[MAX_W];
static uint16_t mask16[256];
static uint32_t mask32[256 * 2];
static uint8_t pruned[MAX_W / 4];
static int32_t bias[256];
static int32_t mult[256];
static int32_t shift[256];
static uint32_t scratch[16384];
static int failures;
/* 1: channel 0 gets right shift 24, outside every kernel's fast output stage (the exact path runs) */
static int exact_mode;

static int32_t kw_of(const layer *l)
{
    return l->kw != 0 ? l->kw : l->k;
}

static void line(const layer *l, const char *kernel, int32_t kept, int32_t total, uint64_t n)
{
    printf("L %s %s%s 1 %d %d %d %d %d %d %d %d %d %d %d ", l->name, kernel, exact_mode ? "/exact" : "", (int)l->in_h, (int)l->in_w, (int)l->cin,
           (int)l->out_h, (int)l->out_w, (int)l->cout, (int)l->k, (int)kw_of(l), (int)l->stride, (int)kept, (int)total);
    bench_print_u64(n);
    printf("\n");
}

static void random_quant(int32_t channels)
{
    int32_t i;
    for (i = 0; i < channels; i++) {
        mult[i] = (int32_t)(0x40000000u + (bench_rng() & 0x3FFFFFFFu));
        shift[i] = -8 - (int32_t)(bench_rng() % 3u);
        bias[i] = (int32_t)(bench_rng() % 20001u) - 10000;
    }
    if (exact_mode) {
        shift[0] = -24;
    }
}

static void compare(const layer *l, const char *what, int32_t bytes)
{
    if (memcmp(output, expected, (size_t)bytes) != 0) {
        printf("MISMATCH %s %s\n", l->name, what);
        failures++;
    }
}

static void bench_conv(const layer *l)
{
    static const int pcts[5] = {0, 25, 50, 75, 90};
    const pn_dims id = {1, l->in_h, l->in_w, l->cin};
    const pn_dims fd = {l->cout, l->k, l->k, l->cin};
    const pn_dims od = {1, l->out_h, l->out_w, l->cout};
    const pn_per_channel_quant q = {mult, shift};
    const int32_t taps = l->k * l->k;
    const int32_t wbytes = l->cout * taps * l->cin;
    const int32_t obytes = l->out_h * l->out_w * l->cout;
    pn_conv_params p;
    uint64_t n;
    int32_t i;
    memset(&p, 0, sizeof(p));
    p.input_offset = 128;
    p.output_offset = -128;
    p.stride.h = p.stride.w = l->stride;
    p.padding.h = p.padding.w = l->pad;
    p.dilation.h = p.dilation.w = 1;
    p.activation.min = -128;
    p.activation.max = 127;
    bench_fill_s8(input, l->in_h * l->in_w * l->cin);
    bench_fill_s8(weights_full, wbytes);
    for (i = 0; i < wbytes; i++) {
        weights_full[i] = weights_full[i] == 0 ? 1 : weights_full[i];
    }
    random_quant(l->cout);
    if (taps == 1) {
        const int32_t one = l->stride == 1 && l->pad == 0;
        const int32_t nb = (l->cin + 3) / 4;
        const int32_t nw = (nb + 31) / 32;
        static const int bpcts[5] = {0, 50, 80, 90, 95};
        pn_bench_start();
        if (one) {
            pn_conv_s8_1x1(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
        } else {
            pn_conv_s8(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
        }
        n = pn_bench_stop();
        line(l, one ? "pn_conv_s8_1x1" : "pn_conv_s8", 0, 0, n);
        if (!one || l->in_h * l->in_w == 1) {
            return;
        }
        /* block-sparse 1x1 (blocks of 4) at the kept fractions the planner picks it for */
        for (i = 0; i < 5; i++) {
            const int32_t units = l->cout * nb;
            const int32_t removed = (units * bpcts[i] + 50) / 100;
            int32_t o;
            int32_t b;
            int32_t kb = 0;
            bench_choose_pruned(pruned, units, removed);
            memcpy(weights, weights_full, (size_t)wbytes);
            memset(mask32, 0, sizeof(mask32));
            for (o = 0; o < l->cout; o++) {
                for (b = 0; b < nb; b++) {
                    int8_t *blk = weights + o * l->cin + b * 4;
                    if (pruned[o * nb + b]) {
                        memset(blk, 0, 4);
                    } else {
                        mask32[o * nw + b / 32] |= 1u << (b % 32);
                        memcpy(packed + kb * 4, blk, 4);
                        kb++;
                    }
                }
            }
            pn_bench_start();
            pn_convolve_1x1_block_s8(&p, &q, &id, input, &fd, 4, mask32, packed, bias, &od, output, scratch);
            n = pn_bench_stop();
            line(l, "pn_convolve_1x1_block_s8", kb, units, n);
            pn_conv_s8_1x1(&p, &q, &id, input, &fd, weights, bias, &od, expected, scratch);
            compare(l, "block", obytes);
        }
        return;
    }
    pn_bench_start();
    pn_conv_s8_3x3(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
    n = pn_bench_stop();
    line(l, "pn_conv_s8_3x3", 0, 0, n);
    pn_bench_start();
    pn_conv_s8(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
    n = pn_bench_stop();
    line(l, "pn_conv_s8", 0, 0, n);
    /* filterlet-sparse with one mask per channel (G = 1, as pruning produces them) */
    for (i = 0; i < 5; i++) {
        const int32_t units = l->cout * taps;
        int32_t o;
        int32_t t;
        int32_t kept = 0;
        bench_choose_pruned(pruned, units, (units * pcts[i] + 50) / 100);
        memcpy(weights, weights_full, (size_t)wbytes);
        memset(mask16, 0, sizeof(mask16));
        for (o = 0; o < l->cout; o++) {
            for (t = 0; t < taps; t++) {
                int8_t *f = weights + (o * taps + t) * l->cin;
                if (pruned[o * taps + t]) {
                    memset(f, 0, (size_t)l->cin);
                } else {
                    mask16[o] |= (uint16_t)(1u << t);
                    memcpy(packed + kept * l->cin, f, (size_t)l->cin);
                    kept++;
                }
            }
        }
        pn_bench_start();
        pn_convolve_filterlet_s8(&p, &q, &id, input, &fd, mask16, 1, packed, bias, &od, output, scratch);
        n = pn_bench_stop();
        line(l, "pn_convolve_filterlet_s8", kept, units, n);
        pn_conv_s8_3x3(&p, &q, &id, input, &fd, weights, bias, &od, expected, scratch);
        compare(l, "filterlet", obytes);
    }
}

static void bench_dw(const layer *l)
{
    const pn_dims id = {1, l->in_h, l->in_w, l->cin};
    const pn_dims fd = {1, l->k, kw_of(l), l->cout};
    const pn_dims od = {1, l->out_h, l->out_w, l->cout};
    const pn_per_channel_quant q = {mult, shift};
    const pn_dw_conv_params p = {128, -128, 1, {l->stride, l->stride}, {l->pad, l->pad}, {1, 1}, {-128, 127}};
    uint64_t n;
    bench_fill_s8(input, l->in_h * l->in_w * l->cin);
    bench_fill_s8(weights_full, l->k * kw_of(l) * l->cout);
    random_quant(l->cout);
    pn_bench_start();
    pn_depthwise_conv_s8(&p, &q, &id, input, &fd, weights_full, bias, &od, expected, scratch);
    n = pn_bench_stop();
    line(l, "pn_depthwise_conv_s8", 0, 0, n);
    if (l->k != 3 || kw_of(l) != 3) {
        return;
    }
    pn_bench_start();
    pn_depthwise_conv_s8_3x3(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
    n = pn_bench_stop();
    line(l, "pn_depthwise_conv_s8_3x3", 0, 0, n);
    compare(l, "depthwise", l->out_h * l->out_w * l->cout);
}

static void bench_fc(const layer *l)
{
    const pn_dims id = {1, 1, 1, l->in_w};
    const pn_dims fd = {l->cout, 1, 1, l->in_w};
    const pn_dims od = {1, 1, 1, l->cout};
    const pn_fc_params p = {128, 0, -3, {-128, 127}};
    const pn_quant q = {1518500250, -9};
    uint64_t n;
    bench_fill_s8(input, l->in_w);
    bench_fill_s8(weights_full, l->in_w * l->cout);
    random_quant(l->cout);
    pn_bench_start();
    pn_fully_connected_s8(&p, &q, &id, input, &fd, weights_full, bias, &od, output, scratch);
    n = pn_bench_stop();
    line(l, "pn_fully_connected_s8", 0, 0, n);
}

static void bench_other(const layer *l)
{
    const int32_t elems = l->in_h * l->in_w * l->cin;
    const pn_dims id = {1, l->in_h, l->in_w, l->cin};
    const pn_dims od = {1, l->out_h, l->out_w, l->cout};
    uint64_t n = 0;
    const char *kernel = "";
    bench_fill_s8(input, elems);
    bench_fill_s8(input2, elems);
    if (l->kind == K_ADD) {
        const pn_add_params p = {128, -4, 20, {1518500250, -2}, {1288490189, -1}, {1717986918, -19}, -128,
                                 {-128, 127}};
        pn_bench_start();
        pn_add_s8(&p, &id, input, &id, input2, &od, output);
        n = pn_bench_stop();
        kernel = "pn_add_s8";
    } else if (l->kind == K_AVGPOOL) {
        const pn_pool_params p = {{l->stride, l->stride}, {0, 0}, {l->k, l->k}, {-128, 127}};
        pn_bench_start();
        pn_avgpool_s8(&p, &id, input, &od, output);
        n = pn_bench_stop();
        kernel = "pn_avgpool_s8";
    } else {
        const pn_softmax_params p = {1439246816, 23, -248};
        pn_bench_start();
        pn_softmax_s8(&p, l->in_h * l->in_w, l->cin, input, output);
        n = pn_bench_stop();
        kernel = "pn_softmax_s8";
    }
    line(l, kernel, 0, 0, n);
}

int main(void)
{
    uint32_t i;
    pn_bench_init();
    for (i = 0; i < sizeof(layers) / sizeof(layers[0]); i++) {
        const layer *l = &layers[i];
        switch (l->kind) {
        case K_CONV:
            bench_conv(l);
            break;
        case K_DW:
            bench_dw(l);
            break;
        case K_FC:
            bench_fc(l);
            break;
        default:
            bench_other(l);
            break;
        }
    }
    /* the exact output stage (a channel outside the fast range, as in some layers of vww_96_int8) */
    exact_mode = 1;
    {
        static const char *const again[] = {"R1,R2", "R9", "V0", "V2,P2", "V10,P10", "V14..22,P14..22", "V26,P26",
                                            "R14", "V5,P5", "V13..21,P13..21"};
        uint32_t j;
        for (j = 0; j < sizeof(again) / sizeof(again[0]); j++) {
            for (i = 0; i < sizeof(layers) / sizeof(layers[0]); i++) {
                if (strcmp(layers[i].name, again[j]) == 0) {
                    const layer *l = &layers[i];
                    if (l->kind == K_CONV) {
                        bench_conv(l);
                    } else if (l->kind == K_DW) {
                        bench_dw(l);
                    } else {
                        bench_fc(l);
                    }
                }
            }
        }
    }
    if (failures) {
        printf("%d sparse output(s) differ from the dense kernel's\n", failures);
    }
    return failures ? 1 : 0;
}
