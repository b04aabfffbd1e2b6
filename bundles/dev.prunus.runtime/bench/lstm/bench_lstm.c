/*
 * Prunus runtime benchmark: pn_lstm_s8 on a few sequence shapes (batches, time steps, inputs, cells), for the
 * cost model's LSTM estimate (dev.prunus.core.pack.CostModel#lstm). One line per shape:
 *   lstm <batches> <time> <n_input> <n_cell> macs <m> instructions <n>
 * Weights, inputs and multipliers are random but fixed (bench_common.h's seed); the kernel's work does not
 * depend on the values, only on the shape.
 */
#include <stdio.h>
#include <string.h>

#include "bench_common.h"
#include "pn_lstm_s8.h"

#define MAX_IN 64
#define MAX_CELL 64
#define MAX_STEPS 64

static int8_t input_weights[4][MAX_CELL * MAX_IN];
static int8_t recurrent_weights[4][MAX_CELL * MAX_CELL];
static int32_t bias[4][MAX_CELL];
static int32_t mult[4][2];
static int32_t shift[4][2];
static int8_t input[MAX_STEPS * MAX_IN];
static int8_t output[MAX_STEPS * MAX_CELL];
static int8_t hidden[MAX_CELL];
static int16_t cell[MAX_CELL];
static uint32_t scratch[(2 * (MAX_IN + MAX_CELL) + 3) / 4];

static void run(int32_t batches, int32_t steps, int32_t n_input, int32_t n_cell)
{
    pn_lstm_params p;
    int32_t g;
    uint64_t n;
    memset(&p, 0, sizeof p);
    p.input_offset = 3;
    p.hidden_zero_point = -2;
    p.forget_cell.multiplier = 1073741824;
    p.forget_cell.shift = -15;
    p.input_cell.multiplier = 1518500250;
    p.input_cell.shift = -11;
    p.hidden.multiplier = 1304843468;
    p.hidden.shift = -8;
    p.cell_clip = 0;
    p.cell_tanh_multiplier = 3;
    p.cell_tanh_shift = 1;
    for (g = 0; g < 4; g++) {
        int32_t i;
        bench_fill_s8(input_weights[g], n_cell * n_input);
        bench_fill_s8(recurrent_weights[g], n_cell * n_cell);
        for (i = 0; i < n_cell; i++) {
            bias[g][i] = (int32_t)(bench_rng() % 2001u) - 1000;
        }
        mult[g][0] = 1073741824 + (int32_t)(bench_rng() % 1073741824u);
        mult[g][1] = 1073741824 + (int32_t)(bench_rng() % 1073741824u);
        shift[g][0] = -9;
        shift[g][1] = -9;
        p.gate[g].input_weights = input_weights[g];
        p.gate[g].recurrent_weights = recurrent_weights[g];
        p.gate[g].bias = bias[g];
        p.gate[g].input_multiplier = &mult[g][0];
        p.gate[g].input_shift = &shift[g][0];
        p.gate[g].recurrent_multiplier = &mult[g][1];
        p.gate[g].recurrent_shift = &shift[g][1];
        p.gate[g].per_channel = 0;
    }
    bench_fill_s8(input, batches * steps * n_input);
    memset(hidden, p.hidden_zero_point, sizeof hidden);
    memset(cell, 0, sizeof cell);
    pn_bench_start();
    if (pn_lstm_s8(&p, 0, batches, steps, n_input, n_cell, input, output, hidden, cell, scratch) != PN_OK) {
        printf("lstm %ld %ld %ld %ld: kernel rejected its arguments\n", (long)batches, (long)steps, (long)n_input,
               (long)n_cell);
        return;
    }
    n = pn_bench_stop();
    printf("lstm %ld %ld %ld %ld macs %lu instructions %lu\n", (long)batches, (long)steps, (long)n_input,
           (long)n_cell, (unsigned long)((uint32_t)(batches * steps * 4 * n_cell * (n_input + n_cell))),
           (unsigned long)n);
}

int main(void)
{
    run(1, 28, 28, 20); /* trained_lstm_int8 */
    run(1, 16, 16, 32);
    run(1, 8, 64, 64);
    run(1, 50, 10, 10);
    run(1, 32, 40, 8);
    run(1, 10, 4, 48);
    return 0;
}
