/*
 * Benchmark of the dense int8 kernels on the layer shapes of MCU-NOTES.md, under QEMU with exact instruction
 * counts. Each layer runs once to warm nothing (QEMU has no caches to warm; the count is exact), is measured,
 * and its output is checked against the plain reference implementation of c-test/ref_kernels.c (outside the
 * measured region): a mismatch fails the program.
 *
 * Reference figures (CMSIS-NN DSP path, same compiler, mps2-an386) and the Cortex-M4 targets are those of
 * docs/benchmarks/dense-kernels.md.
 */
#include <stdlib.h>
#include <string.h>
#include "pn_kernels.h"
#include "ref_kernels.h"
#include "bench_common.h"

#define MAX_IN (32 * 32 * 64)
#define MAX_OUT (32 * 32 * 64)
#define MAX_W (64 * 64 * 9)
#define MAX_BUF 8192

static int8_t input[MAX_IN];
static int8_t weights[MAX_W + 1024 * 128];
static int8_t output[MAX_OUT];
static int8_t expected[MAX_OUT];
static int32_t bias[1024];
static int32_t multiplier[1024];
static int32_t shift[1024];
static uint32_t buffer[MAX_BUF / 4];
static int failures;

static void random_layer(int32_t in_n, int32_t w_n, int32_t channels, int32_t shift_base)
{
    bench_fill_s8(input, in_n);
    bench_fill_s8(weights, w_n);
    for (int32_t i = 0; i < channels; i++) {
        bias[i] = (int32_t)(bench_rng() % 20001u) - 10000;
        multiplier[i] = (int32_t)(0x40000000u + (bench_rng() & 0x3FFFFFFFu));
        shift[i] = shift_base - (int32_t)(bench_rng() % 3u);
    }
}

static void check(const char *what, int32_t n)
{
    if (memcmp(output, expected, (size_t)n) != 0) {
        printf("MISMATCH %s: kernel output differs from the reference\n", what);
        failures++;
    }
}

static void bench_conv(const char *layer, int32_t hw, int32_t cin, int32_t cout, int32_t k, int variant,
                       uint32_t ref_milli, uint32_t target_milli)
{
    const pn_dims in_d = {1, hw, hw, cin}, f_d = {cout, k, k, cin}, out_d = {1, hw, hw, cout};
    const pn_conv_params p = {7, -3, {1, 1}, {k / 2, k / 2}, {1, 1}, {-128, 127}};
    random_layer(hw * hw * cin, cout * k * k * cin, cout, k == 1 ? -8 : -9);
    const pn_per_channel_quant q = {multiplier, shift};
    const uint64_t macs = (uint64_t)hw * hw * cout * k * k * cin;
    const char *name = variant == 0 ? "pn_conv_s8" : k == 1 ? "pn_conv_s8_1x1" : "pn_conv_s8_3x3";
    const int32_t size = variant == 0 ? pn_conv_s8_get_buffer_size(&f_d)
                         : k == 1     ? pn_conv_s8_1x1_get_buffer_size(&f_d)
                                      : pn_conv_s8_3x3_get_buffer_size(&f_d);
    if (size > MAX_BUF) {
        printf("scratch of %s too large\n", name);
        failures++;
        return;
    }
    pn_status st;
    pn_bench_start();
    if (variant == 0) {
        st = pn_conv_s8(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    } else if (k == 1) {
        st = pn_conv_s8_1x1(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    } else {
        st = pn_conv_s8_3x3(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    }
    const uint64_t insns = pn_bench_stop();
    if (st != PN_OK) {
        printf("%s returned %d\n", name, (int)st);
        failures++;
    }
    bench_row(layer, name, insns, macs, ref_milli, target_milli);
    ref_conv_s8(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, expected);
    check(layer, hw * hw * cout);
}

static void bench_dw(const char *layer, int32_t hw, int32_t ch, int32_t stride, int32_t act_max, int variant,
                     uint32_t ref_milli, uint32_t target_milli)
{
    /* TFLM SAME padding: output ceil(hw / stride), top/left padding half of the total (rounded down) */
    const int32_t ohw = (hw + stride - 1) / stride;
    const int32_t pad = PN_MAX((ohw - 1) * stride + 3 - hw, 0) / 2;
    const pn_dims in_d = {1, hw, hw, ch}, f_d = {1, 3, 3, ch}, out_d = {1, ohw, ohw, ch};
    const pn_dw_conv_params p = {7, -3, 1, {stride, stride}, {pad, pad}, {1, 1}, {-128, act_max}};
    random_layer(hw * hw * ch, 9 * ch, ch, -6);
    const pn_per_channel_quant q = {multiplier, shift};
    const uint64_t macs = (uint64_t)ohw * ohw * ch * 9;
    if (pn_depthwise_conv_s8_3x3_get_buffer_size(&f_d) > MAX_BUF) {
        printf("scratch of pn_depthwise_conv_s8_3x3 too large\n");
        failures++;
        return;
    }
    pn_status st;
    pn_bench_start();
    if (variant == 0) {
        st = pn_depthwise_conv_s8(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    } else {
        st = pn_depthwise_conv_s8_3x3(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    }
    const uint64_t insns = pn_bench_stop();
    if (st != PN_OK) {
        printf("depthwise returned %d\n", (int)st);
        failures++;
    }
    bench_row(layer, variant == 0 ? "pn_depthwise_conv_s8" : "pn_depthwise_conv_s8_3x3", insns, macs, ref_milli,
              target_milli);
    ref_depthwise_conv_s8(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, expected);
    check(layer, ohw * ohw * ch);
}

static void bench_fc(const char *layer, int32_t k, int32_t units, uint32_t ref_milli, uint32_t target_milli)
{
    const pn_dims in_d = {1, 1, 1, k}, f_d = {units, 1, 1, k}, out_d = {1, 1, 1, units};
    const pn_fc_params p = {7, 0, -3, {-128, 127}};
    random_layer(k, units * k, units, -10);
    const pn_quant q = {multiplier[0], shift[0]};
    pn_bench_start();
    const pn_status st = pn_fully_connected_s8(&p, &q, &in_d, input, &f_d, weights, bias, &out_d, output, buffer);
    const uint64_t insns = pn_bench_stop();
    if (st != PN_OK) {
        printf("fully connected returned %d\n", (int)st);
        failures++;
    }
    bench_row(layer, "pn_fully_connected_s8", insns, (uint64_t)k * units, ref_milli, target_milli);
    ref_fully_connected_s8(&p, multiplier, shift, 0, 1, k, input, units, weights, bias, expected);
    check(layer, units);
}

int main(void)
{
    pn_bench_init();
    printf("| layer | kernel | instructions | nominal MACs | instructions/MAC | CMSIS-NN (M4) | M4 target |\n");
    printf("|---|---|---|---|---|---|---|\n");
    bench_conv("conv 3x3, 16->32, 32x32, pad 1", 32, 16, 32, 3, 1, 2140, 1700);
    bench_conv("conv 3x3, 16->32, 32x32, pad 1", 32, 16, 32, 3, 0, 2140, 0);
    bench_conv("conv 1x1, 32->32, 32x32", 32, 32, 32, 1, 1, 2690, 1900);
    bench_conv("conv 1x1, 64->64, 16x16", 16, 64, 64, 1, 1, 2070, 1900);
    bench_dw("depthwise 3x3, 32 ch, 32x32", 32, 32, 1, 127, 1, 8190, 5000);
    bench_dw("depthwise 3x3, 32 ch, 32x32", 32, 32, 1, 127, 0, 8190, 0);
    bench_dw("depthwise 3x3, 32 ch, 32x32, clamp [-128, 90]", 32, 32, 1, 90, 1, 0, 0);
    bench_dw("depthwise 3x3 stride 2, 64 ch, 32x32", 32, 64, 2, 127, 1, 0, 0);
    bench_dw("depthwise 3x3 stride 2, 64 ch, 32x32", 32, 64, 2, 127, 0, 0, 0);
    bench_fc("fully connected 1024->128", 1024, 128, 1920, 1600);
    if (failures) {
        printf("%d failures\n", failures);
    }
    return failures ? 1 : 0;
}
