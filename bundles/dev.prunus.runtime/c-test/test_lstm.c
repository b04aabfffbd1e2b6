/*
 * Tests of pn_lstm_s8 (int8 UNIDIRECTIONAL_SEQUENCE_LSTM, int16 cell) against a straightforward reference on seeded
 * random data (gate-at-a-time vectors as TFLM's lstm_eval computes them, natural-order dot products with the
 * offsets added), plus properties of the int16 sigmoid / tanh interpolation.
 *
 * PN_TEST_SOURCES: pn_lstm_s8.c
 */
#include <math.h>
#include "pn_lstm_s8.h"
#include "test_support.h"

static int32_t clamp16(int32_t v)
{
    return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

/* One gate vector: act(clamp16(requant(bias + W x) + requant(R h))) with act sigmoid or tanh. */
static void ref_gate(const pn_lstm_gate *g, int32_t n_input, int32_t n_cell, const int8_t *x, int32_t x_off,
                     const int8_t *h, int32_t h_off, int use_tanh, int16_t *out)
{
    for (int32_t o = 0; o < n_cell; o++) {
        int32_t acc = g->bias ? g->bias[o] : 0;
        for (int32_t j = 0; j < n_input; j++) {
            acc += g->input_weights[o * n_input + j] * (x[j] + x_off);
        }
        const int32_t q = g->per_channel ? o : 0;
        const int32_t a = clamp16(pn_requantize(acc, g->input_multiplier[q], g->input_shift[q]));
        int32_t racc = 0;
        for (int32_t j = 0; j < n_cell; j++) {
            racc += g->recurrent_weights[o * n_cell + j] * (h[j] + h_off);
        }
        const int32_t b = clamp16(pn_requantize(racc, g->recurrent_multiplier[q], g->recurrent_shift[q]));
        const int32_t s = clamp16(a + b);
        out[o] = use_tanh ? pn_tanh_s16(s * 3) : pn_sigmoid_s16(s * 3);
    }
}

static void ref_step(const pn_lstm_params *p, int32_t n_input, int32_t n_cell, const int8_t *x, int8_t *out,
                     int8_t *hidden, int16_t *cell)
{
    int16_t gate[4][64];
    int8_t next[64];
    for (int k = 0; k < 4; k++) {
        ref_gate(&p->gate[k], n_input, n_cell, x, p->input_offset, hidden, -p->hidden_zero_point,
                 k == PN_LSTM_GATE_CELL, gate[k]);
    }
    for (int32_t o = 0; o < n_cell; o++) {
        const int32_t fc = clamp16(pn_requantize(gate[PN_LSTM_GATE_FORGET][o] * cell[o], p->forget_cell.multiplier,
                                                 p->forget_cell.shift));
        const int32_t ic = clamp16(pn_requantize(gate[PN_LSTM_GATE_INPUT][o] * gate[PN_LSTM_GATE_CELL][o],
                                                 p->input_cell.multiplier, p->input_cell.shift));
        int32_t c = clamp16(fc + ic);
        if (p->cell_clip > 0) {
            c = c > p->cell_clip ? p->cell_clip : c < -p->cell_clip ? -p->cell_clip : c;
        }
        cell[o] = (int16_t)c;
    }
    for (int32_t o = 0; o < n_cell; o++) {
        int64_t scaled = (int64_t)cell[o] * p->cell_tanh_multiplier;
        int32_t v = (int32_t)(uint32_t)(uint64_t)scaled;
        if (p->cell_tanh_shift > 0) {
            const double step = (double)(1 << p->cell_tanh_shift);
            v = (int32_t)floor(((double)v + step / 2) / step);
        }
        const int32_t t = pn_tanh_s16(v);
        int32_t h = pn_requantize(t * gate[PN_LSTM_GATE_OUTPUT][o], p->hidden.multiplier, p->hidden.shift)
                    + p->hidden_zero_point;
        next[o] = (int8_t)(h < -128 ? -128 : h > 127 ? 127 : h);
    }
    memcpy(hidden, next, (size_t)n_cell);
    memcpy(out, next, (size_t)n_cell);
}

/* Random parameter storage for one case. */
typedef struct {
    int8_t wi[4][64 * 64];
    int8_t wr[4][64 * 64];
    int32_t bias[4][64];
    int32_t mi[4][64], si[4][64], mr[4][64], sr[4][64];
} lstm_storage;

static lstm_storage storage;

static pn_quant random_quant(int32_t shift_lo, int32_t shift_hi)
{
    pn_quant q;
    q.multiplier = (int32_t)(0x40000000u + (pn_rng_next() & 0x3FFFFFFFu));
    q.shift = pn_rng_range(shift_lo, shift_hi);
    return q;
}

static void random_params(pn_lstm_params *p, int32_t n_input, int32_t n_cell, int extreme)
{
    p->input_offset = test_random_input_offset();
    p->hidden_zero_point = pn_rng_range(-128, 127);
    /* forget x cell keeps the cell scale: 2^-15 (shift -14); the others depend on the cell and hidden scales */
    p->forget_cell = random_quant(-15, -13);
    p->input_cell = random_quant(-20, -16);
    p->hidden = random_quant(-24, -20);
    p->cell_clip = pn_rng_range(0, 2) == 0 ? pn_rng_range(1, 32767) : 0;
    const int32_t s = 12 + pn_rng_range(-16, -8); /* 12 + cell scale power */
    p->cell_tanh_multiplier = s >= 0 ? 3 << s : 3;
    p->cell_tanh_shift = s >= 0 ? 0 : -s;
    for (int k = 0; k < 4; k++) {
        pn_lstm_gate *g = &p->gate[k];
        pn_rng_fill_s8(storage.wi[k], n_cell * n_input, extreme ? -128 : -60, extreme ? 127 : 60);
        pn_rng_fill_s8(storage.wr[k], n_cell * n_cell, extreme ? -128 : -60, extreme ? 127 : 60);
        for (int32_t o = 0; o < n_cell; o++) {
            storage.bias[k][o] = extreme ? (int32_t)(pn_rng_next() >> 4) - (1 << 27) : pn_rng_range(-20000, 20000);
            pn_quant a = random_quant(extreme ? -2 : -9, extreme ? 4 : -5);
            pn_quant b = random_quant(extreme ? -2 : -9, extreme ? 4 : -5);
            storage.mi[k][o] = a.multiplier;
            storage.si[k][o] = a.shift;
            storage.mr[k][o] = b.multiplier;
            storage.sr[k][o] = b.shift;
        }
        g->input_weights = storage.wi[k];
        g->recurrent_weights = storage.wr[k];
        g->bias = pn_rng_range(0, 4) == 0 ? NULL : storage.bias[k];
        g->input_multiplier = storage.mi[k];
        g->input_shift = storage.si[k];
        g->recurrent_multiplier = storage.mr[k];
        g->recurrent_shift = storage.sr[k];
        g->per_channel = pn_rng_range(0, 1);
    }
}

static void run_case(int32_t time_major, int32_t batches, int32_t steps, int32_t n_input, int32_t n_cell,
                     int extreme, uint32_t seed)
{
    pn_rng_seed(seed);
    pn_lstm_params p;
    random_params(&p, n_input, n_cell, extreme);
    const int32_t in_n = batches * steps * n_input;
    const int32_t out_n = batches * steps * n_cell;
    const int32_t st_n = batches * n_cell;
    int8_t *in = (int8_t *)test_alloc((size_t)in_n);
    int8_t *expected = (int8_t *)test_alloc((size_t)out_n);
    int8_t *actual = (int8_t *)test_alloc((size_t)out_n);
    int8_t *h_ref = (int8_t *)test_alloc((size_t)st_n);
    int8_t *h = (int8_t *)test_alloc((size_t)st_n);
    int16_t *c_ref = (int16_t *)test_alloc((size_t)st_n * 2);
    int16_t *c = (int16_t *)test_alloc((size_t)st_n * 2);
    const int32_t size = pn_lstm_s8_get_buffer_size(n_input, n_cell);
    void *scratch = test_alloc((size_t)size);
    pn_rng_fill_s8(in, in_n, -128, 127);
    /* start from a random state (the kernel continues whatever state it is given) */
    pn_rng_fill_s8(h_ref, st_n, -128, 127);
    for (int32_t i = 0; i < st_n; i++) {
        c_ref[i] = (int16_t)pn_rng_range(-32768, 32767);
    }
    memcpy(h, h_ref, (size_t)st_n);
    memcpy(c, c_ref, (size_t)st_n * 2);
    for (int32_t b = 0; b < batches; b++) {
        for (int32_t t = 0; t < steps; t++) {
            const int32_t step = time_major ? t * batches + b : b * steps + t;
            ref_step(&p, n_input, n_cell, in + step * n_input, expected + step * n_cell, h_ref + b * n_cell,
                     c_ref + b * n_cell);
        }
    }
    memset(actual, 0x33, (size_t)out_n);
    const pn_status st = pn_lstm_s8(&p, time_major, batches, steps, n_input, n_cell, in, actual, h, c, scratch);
    char what[200];
    snprintf(what, sizeof what, "seed %lu time_major %ld batches %ld steps %ld n_input %ld n_cell %ld extreme %d",
             (unsigned long)seed, (long)time_major, (long)batches, (long)steps, (long)n_input, (long)n_cell,
             extreme);
    PN_CHECK(st == PN_OK, "status %d (%s)", (int)st, what);
    PN_CHECK_BYTES(expected, actual, out_n, what);
    PN_CHECK_BYTES(h_ref, h, st_n, what);
    PN_CHECK(memcmp(c_ref, c, (size_t)st_n * 2) == 0, "cell state differs (%s)", what);
    PN_CHECK(test_guard_ok(scratch, (size_t)size), "wrote past the scratch (%s)", what);
    PN_CHECK(test_guard_ok(actual, (size_t)out_n), "wrote past the output (%s)", what);
    PN_CHECK(test_guard_ok(h, (size_t)st_n) && test_guard_ok(c, (size_t)st_n * 2), "wrote past a state (%s)", what);
    free(in);
    free(expected);
    free(actual);
    free(h_ref);
    free(h);
    free(c_ref);
    free(c);
    free(scratch);
}

static void test_random_sequences(void)
{
    const int32_t inputs[] = {1, 3, 4, 7, 28, 33};
    const int32_t cells[] = {1, 2, 5, 8, 20, 31};
    uint32_t seed = 1;
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            for (int tm = 0; tm < 2; tm++) {
                run_case(tm, 1 + (int32_t)(seed % 3), 1 + (int32_t)(seed % 5), inputs[i], cells[j], 0, seed);
                seed++;
                run_case(tm, 1 + (int32_t)(seed % 2), 2 + (int32_t)(seed % 3), inputs[i], cells[j], 1, seed);
                seed++;
            }
        }
    }
    /* the MNIST model's shape: 28 steps of 28 inputs, 20 cells */
    run_case(0, 1, 28, 28, 20, 0, 777);
}

static void test_output_may_alias_input(void)
{
    pn_rng_seed(99);
    pn_lstm_params p;
    const int32_t n = 12, steps = 6;
    random_params(&p, n, n, 0);
    int8_t seq[72], copy[72], expected[72];
    int8_t h[12], h_ref[12];
    int16_t c[12], c_ref[12];
    int16_t scratch[64];
    pn_rng_fill_s8(seq, n * steps, -128, 127);
    memcpy(copy, seq, sizeof seq);
    memset(h, p.hidden_zero_point, sizeof h);
    memset(c, 0, sizeof c);
    memcpy(h_ref, h, sizeof h);
    memcpy(c_ref, c, sizeof c);
    for (int32_t t = 0; t < steps; t++) {
        ref_step(&p, n, n, copy + t * n, expected + t * n, h_ref, c_ref);
    }
    PN_CHECK(pn_lstm_s8_get_buffer_size(n, n) <= (int32_t)sizeof scratch, "scratch fits");
    PN_CHECK(pn_lstm_s8(&p, 0, 1, steps, n, n, seq, seq, h, c, scratch) == PN_OK, "status");
    PN_CHECK_BYTES(expected, seq, n * steps, "in-place output");
}

static void test_activations(void)
{
    PN_CHECK(pn_sigmoid_s16(0) == 16384, "sigmoid(0) = %d", pn_sigmoid_s16(0));
    PN_CHECK(pn_tanh_s16(0) == 0, "tanh(0) = %d", pn_tanh_s16(0));
    /* sigmoid(+-8) = 0.99966 / 0.00034 */
    PN_CHECK(pn_sigmoid_s16(3 * 32767) == 32757 && pn_sigmoid_s16(-3 * 32768) == 11, "sigmoid(+-8): %d %d",
             pn_sigmoid_s16(3 * 32767), pn_sigmoid_s16(-3 * 32768));
    PN_CHECK(pn_sigmoid_s16(1 << 20) == 32767 && pn_sigmoid_s16(-(1 << 20)) == 1, "sigmoid saturates (to 1 below)");
    PN_CHECK(pn_tanh_s16(3 * 32767) == 32767 && pn_tanh_s16(-3 * 32768) == -32767, "tanh saturates");
    int16_t prev_s = -1, prev_t = -32768;
    double worst_s = 0, worst_t = 0;
    for (int32_t x = -32768; x <= 32767; x++) {
        const int16_t s = pn_sigmoid_s16(3 * x);
        const int16_t t = pn_tanh_s16(3 * x);
        const double real = x / 4096.0;
        const double es = fabs(s / 32768.0 - 1.0 / (1.0 + exp(-real)));
        const double et = fabs(t / 32768.0 - tanh(real));
        worst_s = es > worst_s ? es : worst_s;
        worst_t = et > worst_t ? et : worst_t;
        if (s < prev_s || t < prev_t) {
            PN_CHECK(0, "not monotonic at %ld", (long)x);
            break;
        }
        prev_s = s;
        prev_t = t;
        if (x > 0) {
            /* odd / point-symmetric up to the rounding of the table */
            const int32_t sym_s = pn_sigmoid_s16(3 * x) + pn_sigmoid_s16(-3 * x);
            const int32_t sym_t = pn_tanh_s16(3 * x) + pn_tanh_s16(-3 * x);
            if (sym_s < 32766 || sym_s > 32768 || sym_t < -1 || sym_t > 1) {
                PN_CHECK(0, "asymmetric at %ld: %ld %ld", (long)x, (long)sym_s, (long)sym_t);
                break;
            }
        }
    }
    PN_CHECK(worst_s < 2e-4, "sigmoid error %g", worst_s);
    PN_CHECK(worst_t < 4e-4, "tanh error %g", worst_t);
}

static void test_rejects_bad_arguments(void)
{
    pn_rng_seed(5);
    pn_lstm_params p;
    random_params(&p, 4, 4, 0);
    int8_t in[16], out[16], h[4];
    int16_t c[4], scratch[16];
    memset(in, 0, sizeof in);
    memset(h, 0, sizeof h);
    memset(c, 0, sizeof c);
    PN_CHECK(pn_lstm_s8_get_buffer_size(0, 4) == 0 && pn_lstm_s8_get_buffer_size(4, 0) == 0, "zero sizes");
    PN_CHECK(pn_lstm_s8_get_buffer_size(5, 3) == 2 * (8 + 4), "formula");
    PN_CHECK(pn_lstm_s8(NULL, 0, 1, 4, 4, 4, in, out, h, c, scratch) == PN_ERROR_ARGUMENT, "null params");
    PN_CHECK(pn_lstm_s8(&p, 0, 1, 4, 4, 4, in, out, h, c, NULL) == PN_ERROR_ARGUMENT, "null scratch");
    PN_CHECK(pn_lstm_s8(&p, 0, 0, 4, 4, 4, in, out, h, c, scratch) == PN_ERROR_ARGUMENT, "no batch");
    p.input_offset = 129;
    PN_CHECK(pn_lstm_s8(&p, 0, 1, 4, 4, 4, in, out, h, c, scratch) == PN_ERROR_ARGUMENT, "input offset");
    p.input_offset = 0;
    p.gate[PN_LSTM_GATE_OUTPUT].recurrent_weights = NULL;
    PN_CHECK(pn_lstm_s8(&p, 0, 1, 4, 4, 4, in, out, h, c, scratch) == PN_ERROR_ARGUMENT, "missing weights");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"random_sequences", test_random_sequences},
        {"output_may_alias_input", test_output_may_alias_input},
        {"activations", test_activations},
        {"rejects_bad_arguments", test_rejects_bad_arguments},
    };
    return pn_test_run("test_lstm", cases, (int)(sizeof cases / sizeof cases[0]));
}
