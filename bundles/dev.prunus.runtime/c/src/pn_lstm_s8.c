/*
 * Prunus runtime: int8 UNIDIRECTIONAL_SEQUENCE_LSTM, bit-exact with TFLite Micro's integer LSTM (lstm_eval) for
 * the standard LSTM with int16 cell state.
 *
 * Every cell of a step depends only on the previous hidden state, its own cell value and the step's input, so a
 * step is computed cell by cell: the four gates of cell o (eight dot products sharing the widened input and
 * hidden rows), the cell update and the new hidden value, written straight into the hidden state (the dot
 * products read the widened copy of the previous one). No gate buffer is needed.
 */
#include "pn_lstm_s8.h"
#include "pn_dsp.h"

/* sigmoid(i / 24) in unsigned 0.16 fixed point, i = 0..255: the interpolation table of TFLM's (and CMSIS-NN's)
 * int16 logistic and tanh (tuned values, not a closed formula). */
static const uint16_t pn_sigmoid_table[256] = {
    32768u, 33451u, 34133u, 34813u, 35493u, 36169u, 36843u, 37513u, 38180u, 38841u, 39498u, 40149u,
    40794u, 41432u, 42064u, 42688u, 43304u, 43912u, 44511u, 45102u, 45683u, 46255u, 46817u, 47369u,
    47911u, 48443u, 48964u, 49475u, 49975u, 50464u, 50942u, 51409u, 51865u, 52311u, 52745u, 53169u,
    53581u, 53983u, 54374u, 54755u, 55125u, 55485u, 55834u, 56174u, 56503u, 56823u, 57133u, 57433u,
    57724u, 58007u, 58280u, 58544u, 58800u, 59048u, 59288u, 59519u, 59743u, 59959u, 60168u, 60370u,
    60565u, 60753u, 60935u, 61110u, 61279u, 61441u, 61599u, 61750u, 61896u, 62036u, 62172u, 62302u,
    62428u, 62549u, 62666u, 62778u, 62886u, 62990u, 63090u, 63186u, 63279u, 63368u, 63454u, 63536u,
    63615u, 63691u, 63765u, 63835u, 63903u, 63968u, 64030u, 64090u, 64148u, 64204u, 64257u, 64308u,
    64357u, 64405u, 64450u, 64494u, 64536u, 64576u, 64614u, 64652u, 64687u, 64721u, 64754u, 64786u,
    64816u, 64845u, 64873u, 64900u, 64926u, 64950u, 64974u, 64997u, 65019u, 65039u, 65060u, 65079u,
    65097u, 65115u, 65132u, 65149u, 65164u, 65179u, 65194u, 65208u, 65221u, 65234u, 65246u, 65258u,
    65269u, 65280u, 65291u, 65301u, 65310u, 65319u, 65328u, 65337u, 65345u, 65352u, 65360u, 65367u,
    65374u, 65381u, 65387u, 65393u, 65399u, 65404u, 65410u, 65415u, 65420u, 65425u, 65429u, 65433u,
    65438u, 65442u, 65445u, 65449u, 65453u, 65456u, 65459u, 65462u, 65465u, 65468u, 65471u, 65474u,
    65476u, 65479u, 65481u, 65483u, 65485u, 65488u, 65489u, 65491u, 65493u, 65495u, 65497u, 65498u,
    65500u, 65501u, 65503u, 65504u, 65505u, 65507u, 65508u, 65509u, 65510u, 65511u, 65512u, 65513u,
    65514u, 65515u, 65516u, 65517u, 65517u, 65518u, 65519u, 65520u, 65520u, 65521u, 65522u, 65522u,
    65523u, 65523u, 65524u, 65524u, 65525u, 65525u, 65526u, 65526u, 65526u, 65527u, 65527u, 65528u,
    65528u, 65528u, 65529u, 65529u, 65529u, 65529u, 65530u, 65530u, 65530u, 65530u, 65531u, 65531u,
    65531u, 65531u, 65531u, 65532u, 65532u, 65532u, 65532u, 65532u, 65532u, 65533u, 65533u, 65533u,
    65533u, 65533u, 65533u, 65533u, 65533u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u,
    65534u, 65534u, 65534u, 65535u,
};

PN_INLINE int32_t pn_lstm_sigmoid(int32_t v)
{
    const int32_t abs_v = v < 0 ? -v : v;
    const int32_t index = abs_v >> 9;
    int32_t r;
    if (index >= 255) {
        r = 0x7FFF << 10;
    } else {
        const int32_t a = pn_sigmoid_table[index];
        const int32_t b = pn_sigmoid_table[index + 1];
        r = (a << 9) + (abs_v & 0x1FF) * (b - a);
    }
    r = v >= 0 ? r + (1 << 9) : (1 << 25) - r + (1 << 9) - 1;
    return r >> 10;
}

PN_INLINE int32_t pn_lstm_tanh(int32_t v)
{
    const int32_t abs_v = v < 0 ? -v : v;
    const int32_t index = abs_v >> 8;
    int32_t r;
    if (index >= 255) {
        r = 0xFFFF << 8;
    } else {
        const int32_t a = pn_sigmoid_table[index];
        const int32_t b = pn_sigmoid_table[index + 1];
        r = (a << 8) + (abs_v & 0xFF) * (b - a);
    }
    r = v >= 0 ? r - (1 << 23) + (1 << 7) : (1 << 23) - r + (1 << 7) - 1;
    return r >> 8; /* arithmetic shift of a value in (-2^23, 2^23) */
}

int16_t pn_sigmoid_s16(int32_t v)
{
    return (int16_t)pn_lstm_sigmoid(v);
}

int16_t pn_tanh_s16(int32_t v)
{
    return (int16_t)pn_lstm_tanh(v);
}

/*
 * TFLM MultiplyByQuantizedMultiplier (pn_requantize) for a multiplier in [0, 2^31): with b >= 0 the saturating
 * case of the doubling high multiply (a == b == INT32_MIN) cannot occur, and its rounding (nudge +-2^30, then a
 * division truncating toward zero) equals floor((a * b + 2^30) / 2^31) for either sign of a * b, one 64-bit
 * multiply-add and a shift.
 */
PN_INLINE int32_t pn_lstm_requantize(int32_t x, int32_t multiplier, int32_t shift)
{
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    const int64_t ab = (int64_t)(int32_t)((uint32_t)x << left) * multiplier;
    return pn_rounding_divide_by_pot((int32_t)((ab + (1LL << 30)) >> 31), right);
}

static int32_t ceil4(int32_t n)
{
    return (n + 3) & ~3;
}

int32_t pn_lstm_s8_get_buffer_size(int32_t n_input, int32_t n_cell)
{
    if (n_input < 1 || n_cell < 1 || n_input > (1 << 24) || n_cell > (1 << 24)) {
        return 0;
    }
    return 2 * (ceil4(n_input) + ceil4(n_cell));
}

PN_INLINE int32_t pn_clamp16(int32_t v)
{
    return PN_CLAMP(v, -32768, 32767);
}

/*
 * acc[g] += dot(w[g][0..k-1], x) for the four gates, x being k values in the permuted int16 layout of pn_dsp.h
 * (groups of four stored v0 v2 v1 v3, then the k % 4 tail in natural order).
 */
static void pn_lstm_dot4(const int8_t *w0, const int8_t *w1, const int8_t *w2, const int8_t *w3, const int16_t *x,
                         int32_t k, int32_t *acc)
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    int32_t groups = k >> 2;
    int32_t i;
#if defined(__ARM_FEATURE_DSP)
    while (groups-- > 0) {
        const int32_t x02 = pn_read_s32(x);
        const int32_t x13 = pn_read_s32(x + 2);
        int32_t w;
        x += 4;
        w = pn_read_s32(w0);
        w0 += 4;
        a0 = __smlad(__sxtb16(w), x02, a0);
        a0 = __smlad(pn_sxtb16_ror8(w), x13, a0);
        w = pn_read_s32(w1);
        w1 += 4;
        a1 = __smlad(__sxtb16(w), x02, a1);
        a1 = __smlad(pn_sxtb16_ror8(w), x13, a1);
        w = pn_read_s32(w2);
        w2 += 4;
        a2 = __smlad(__sxtb16(w), x02, a2);
        a2 = __smlad(pn_sxtb16_ror8(w), x13, a2);
        w = pn_read_s32(w3);
        w3 += 4;
        a3 = __smlad(__sxtb16(w), x02, a3);
        a3 = __smlad(pn_sxtb16_ror8(w), x13, a3);
    }
#else
    while (groups-- > 0) {
        const int32_t v0 = x[0], v2 = x[1], v1 = x[2], v3 = x[3];
        x += 4;
        a0 += w0[0] * v0 + w0[1] * v1 + w0[2] * v2 + w0[3] * v3;
        a1 += w1[0] * v0 + w1[1] * v1 + w1[2] * v2 + w1[3] * v3;
        a2 += w2[0] * v0 + w2[1] * v1 + w2[2] * v2 + w2[3] * v3;
        a3 += w3[0] * v0 + w3[1] * v1 + w3[2] * v2 + w3[3] * v3;
        w0 += 4;
        w1 += 4;
        w2 += 4;
        w3 += 4;
    }
#endif
    for (i = 0; i < (k & 3); i++) {
        const int32_t v = x[i];
        a0 += w0[i] * v;
        a1 += w1[i] * v;
        a2 += w2[i] * v;
        a3 += w3[i] * v;
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

static int pn_lstm_gate_ok(const pn_lstm_gate *g)
{
    return g->input_weights != NULL && g->recurrent_weights != NULL && g->input_multiplier != NULL
        && g->input_shift != NULL && g->recurrent_multiplier != NULL && g->recurrent_shift != NULL;
}

/* One step of one batch row: x (n_input int8), the states of that row, the new hidden values to out. */
static void pn_lstm_step(const pn_lstm_params *p, int32_t n_input, int32_t n_cell, const int8_t *x, int8_t *out,
                         int8_t *hidden, int16_t *cell, int16_t *x16, int16_t *h16)
{
    const pn_lstm_gate *g = p->gate;
    int32_t o, k;
    pn_s8_to_s16_perm(x, n_input, p->input_offset, x16, 4);
    pn_s8_to_s16_perm(hidden, n_cell, -p->hidden_zero_point, h16, 4);
    for (o = 0; o < n_cell; o++) {
        int32_t in_acc[4];
        int32_t rec_acc[4] = {0, 0, 0, 0};
        int32_t gates[4];
        int32_t c, t, h;
        for (k = 0; k < 4; k++) {
            in_acc[k] = g[k].bias != NULL ? g[k].bias[o] : 0;
        }
        pn_lstm_dot4(g[0].input_weights + (long)o * n_input, g[1].input_weights + (long)o * n_input,
                     g[2].input_weights + (long)o * n_input, g[3].input_weights + (long)o * n_input, x16, n_input,
                     in_acc);
        pn_lstm_dot4(g[0].recurrent_weights + (long)o * n_cell, g[1].recurrent_weights + (long)o * n_cell,
                     g[2].recurrent_weights + (long)o * n_cell, g[3].recurrent_weights + (long)o * n_cell, h16,
                     n_cell, rec_acc);
        for (k = 0; k < 4; k++) {
            const int32_t q = g[k].per_channel ? o : 0;
            const int32_t a =
                pn_clamp16(pn_lstm_requantize(in_acc[k], g[k].input_multiplier[q], g[k].input_shift[q]));
            const int32_t b =
                pn_clamp16(pn_lstm_requantize(rec_acc[k], g[k].recurrent_multiplier[q], g[k].recurrent_shift[q]));
            const int32_t sum = pn_clamp16(a + b) * 3; /* Q3.12 on the table grid */
            gates[k] = k == PN_LSTM_GATE_CELL ? pn_lstm_tanh(sum) : pn_lstm_sigmoid(sum);
        }
        /* cell = forget * cell + input * cell_gate */
        c = pn_clamp16(pn_lstm_requantize(gates[PN_LSTM_GATE_FORGET] * cell[o], p->forget_cell.multiplier,
                                          p->forget_cell.shift));
        c += pn_clamp16(pn_lstm_requantize(gates[PN_LSTM_GATE_INPUT] * gates[PN_LSTM_GATE_CELL],
                                           p->input_cell.multiplier, p->input_cell.shift));
        c = pn_clamp16(c);
        if (p->cell_clip > 0) {
            c = PN_CLAMP(c, -p->cell_clip, p->cell_clip);
        }
        cell[o] = (int16_t)c;
        /* hidden = tanh(cell) * output */
        /* two's complement wrap-around as TFLM's int32 arithmetic when the product leaves the int32 range */
        t = (int32_t)((uint32_t)c * (uint32_t)p->cell_tanh_multiplier);
        if (p->cell_tanh_shift > 0) {
            t = (int32_t)((uint32_t)t + (1u << (p->cell_tanh_shift - 1))) >> p->cell_tanh_shift;
        }
        t = pn_lstm_tanh(t);
        h = pn_lstm_requantize(t * gates[PN_LSTM_GATE_OUTPUT], p->hidden.multiplier, p->hidden.shift)
            + p->hidden_zero_point;
        hidden[o] = (int8_t)PN_CLAMP(h, -128, 127);
    }
    if (out != hidden) {
        memcpy(out, hidden, (size_t)n_cell);
    }
}

pn_status pn_lstm_s8(const pn_lstm_params *params, int32_t time_major, int32_t batches, int32_t time_steps,
                     int32_t n_input, int32_t n_cell, const int8_t *input, int8_t *output, int8_t *hidden_state,
                     int16_t *cell_state, void *scratch)
{
    int16_t *x16;
    int16_t *h16;
    int32_t b, t, k;
    if (params == NULL || input == NULL || output == NULL || hidden_state == NULL || cell_state == NULL
        || scratch == NULL || batches < 1 || time_steps < 1 || pn_lstm_s8_get_buffer_size(n_input, n_cell) == 0
        || params->input_offset < -127 || params->input_offset > 128 || params->hidden_zero_point < -128
        || params->hidden_zero_point > 127 || params->cell_clip < 0 || params->cell_clip > 32767
        || params->cell_tanh_multiplier < 1 || params->cell_tanh_multiplier > (3 << 15)
        || params->cell_tanh_shift < 0 || params->cell_tanh_shift > 30) {
        return PN_ERROR_ARGUMENT;
    }
    for (k = 0; k < 4; k++) {
        if (!pn_lstm_gate_ok(&params->gate[k])) {
            return PN_ERROR_ARGUMENT;
        }
    }
    x16 = (int16_t *)scratch;
    h16 = x16 + ceil4(n_input);
    if (time_major) {
        for (t = 0; t < time_steps; t++) {
            for (b = 0; b < batches; b++) {
                const long step = (long)t * batches + b;
                pn_lstm_step(params, n_input, n_cell, input + step * n_input, output + step * n_cell,
                             hidden_state + (long)b * n_cell, cell_state + (long)b * n_cell, x16, h16);
            }
        }
    } else {
        for (b = 0; b < batches; b++) {
            for (t = 0; t < time_steps; t++) {
                const long step = (long)b * time_steps + t;
                pn_lstm_step(params, n_input, n_cell, input + step * n_input, output + step * n_cell,
                             hidden_state + (long)b * n_cell, cell_state + (long)b * n_cell, x16, h16);
            }
        }
    }
    return PN_OK;
}
