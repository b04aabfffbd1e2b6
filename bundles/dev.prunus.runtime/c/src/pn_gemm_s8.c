/*
 * Prunus runtime: matrix core of the dense kernels. See pn_gemm_s8.h.
 *
 * DSP path (Cortex-M4/M7): the inner loops are written in inline assembly so that the compiler cannot spill
 * accumulators: per group of 4 weights the 2-column kernel executes 2 LDR (two weight rows), 2 LDRD (two
 * columns), 4 SXTB16 and 8 SMLAD (16 MACs); the 1-column kernel covers 4 weight rows per pass
 * (1 LDRD, 4 LDR, 8 SXTB16, 8 SMLAD per 16 MACs). Weights are read sequentially, columns come from SRAM.
 */
#include "pn_gemm_s8.h"
#include "pn_dsp.h"

void pn_gemm_s8_prepare(pn_gemm_epilogue *e, int32_t cout, int32_t k, int32_t max_abs_product, void *scratch)
{
    pn_out_channel *table = (pn_out_channel *)scratch;
    int32_t fast = 1;
    for (int32_t o = 0; o < cout; o++) {
        const int32_t b = e->bias ? e->bias[o] : 0;
        const int32_t m = e->multiplier[o * e->quant_step];
        const int32_t sh = e->shift[o * e->quant_step];
        fast = fast && pn_fast_quant_ok(k, b, sh, max_abs_product);
        table[o].bias = b;
        table[o].q = pn_fast_quant_make(m, sh, e->output_offset);
    }
    e->fast = fast;
    e->table = table;
}

/* Requantizes n columns (1 or 2) of every channel from the table and stores them. */
static void pn_gemm_output(const pn_gemm_epilogue *e, int32_t cout, int32_t n, int8_t *out0, int8_t *out1)
{
    const int32_t act_min = e->activation.min;
    const int32_t act_max = e->activation.max;
    const pn_out_channel *t = e->table;
    if (cout < 1) {
        return;
    }
    if (e->fast) {
        if (n == 2) {
            pn_output_fast_2(t, cout, act_min, act_max, out0, out1);
        } else {
            pn_output_fast_1(t, cout, act_min, act_max, out0);
        }
        return;
    }
    const int32_t step = e->quant_step;
    for (int32_t o = 0; o < cout; o++) {
        for (int32_t j = 0; j < n; j++) {
            int32_t y = pn_requantize(t[o].acc[j], e->multiplier[o * step], e->shift[o * step]);
            y += e->output_offset;
            y = PN_MAX(y, act_min);
            y = PN_MIN(y, act_max);
            (j == 0 ? out0 : out1)[o] = (int8_t)y;
        }
    }
}

#if defined(__ARM_FEATURE_DSP)

/* One group of 4 k for 2 channels x 2 columns. */
#define PN_BODY_2X2                                                                                              \
    "ldr %[wa], [%[w0]], #4\n\t"                                                                                 \
    "ldr %[wb], [%[w1]], #4\n\t"                                                                                 \
    "ldrd %[xa], %[xb], [%[x]], #8\n\t"                                                                          \
    "sxtb16 %[ta], %[wa]\n\t"                                                                                    \
    "sxtb16 %[wa], %[wa], ror #8\n\t"                                                                            \
    "sxtb16 %[tb], %[wb]\n\t"                                                                                    \
    "sxtb16 %[wb], %[wb], ror #8\n\t"                                                                            \
    "smlad %[a00], %[ta], %[xa], %[a00]\n\t"                                                                     \
    "smlad %[a00], %[wa], %[xb], %[a00]\n\t"                                                                     \
    "smlad %[a10], %[tb], %[xa], %[a10]\n\t"                                                                     \
    "smlad %[a10], %[wb], %[xb], %[a10]\n\t"                                                                     \
    "ldrd %[xa], %[xb], [%[x]], #8\n\t"                                                                          \
    "smlad %[a01], %[ta], %[xa], %[a01]\n\t"                                                                     \
    "smlad %[a01], %[wa], %[xb], %[a01]\n\t"                                                                     \
    "smlad %[a11], %[tb], %[xa], %[a11]\n\t"                                                                     \
    "smlad %[a11], %[wb], %[xb], %[a11]\n\t"

/* acc[0] = ch0.col0, acc[1] = ch0.col1, acc[2] = ch1.col0, acc[3] = ch1.col1 */
PN_INLINE void pn_dot_2x2(const int16_t *x, const int8_t *w0, const int8_t *w1, int32_t groups, int32_t *acc)
{
    int32_t a00 = acc[0], a01 = acc[1], a10 = acc[2], a11 = acc[3];
    int32_t wa, wb, ta, tb, xa, xb;
    if (groups > 0) {
        __asm volatile("tst %[n], #1\n\t"
                       "beq 2f\n\t" PN_BODY_2X2 "2:\n\t"
                       "lsrs %[n], %[n], #1\n\t"
                       "beq 3f\n"
                       "1:\n\t" PN_BODY_2X2 PN_BODY_2X2 "subs %[n], %[n], #1\n\t"
                       "bne 1b\n"
                       "3:\n\t"
                       : [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [w0] "+r"(w0),
                         [w1] "+r"(w1), [x] "+r"(x), [n] "+r"(groups), [wa] "=&r"(wa), [wb] "=&r"(wb),
                         [ta] "=&r"(ta), [tb] "=&r"(tb), [xa] "=&r"(xa), [xb] "=&r"(xb)
                       :
                       : "cc", "memory");
    }
    acc[0] = a00;
    acc[1] = a01;
    acc[2] = a10;
    acc[3] = a11;
}

/* One group of 4 k for 4 channels x 1 column; channels at wa, wa + k, wb, wb + k. */
#define PN_BODY_1X4                                                                                              \
    "ldrd %[xa], %[xb], [%[x]], #8\n\t"                                                                          \
    "ldr %[u], [%[wa], %[k]]\n\t"                                                                                \
    "sxtb16 %[v], %[u]\n\t"                                                                                      \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                                              \
    "smlad %[a1], %[v], %[xa], %[a1]\n\t"                                                                        \
    "smlad %[a1], %[u], %[xb], %[a1]\n\t"                                                                        \
    "ldr %[u], [%[wb], %[k]]\n\t"                                                                                \
    "sxtb16 %[v], %[u]\n\t"                                                                                      \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                                              \
    "smlad %[a3], %[v], %[xa], %[a3]\n\t"                                                                        \
    "smlad %[a3], %[u], %[xb], %[a3]\n\t"                                                                        \
    "ldr %[u], [%[wa]], #4\n\t"                                                                                  \
    "sxtb16 %[v], %[u]\n\t"                                                                                      \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                                              \
    "smlad %[a0], %[v], %[xa], %[a0]\n\t"                                                                        \
    "smlad %[a0], %[u], %[xb], %[a0]\n\t"                                                                        \
    "ldr %[u], [%[wb]], #4\n\t"                                                                                  \
    "sxtb16 %[v], %[u]\n\t"                                                                                      \
    "sxtb16 %[u], %[u], ror #8\n\t"                                                                              \
    "smlad %[a2], %[v], %[xa], %[a2]\n\t"                                                                        \
    "smlad %[a2], %[u], %[xb], %[a2]\n\t"

/* Not inlined: the loop needs 13 registers, more than a caller with live locals leaves free. */
static __attribute__((noinline)) void pn_dot_1x4(const int16_t *x, const int8_t *w, int32_t k, int32_t groups,
                                                 int32_t *acc)
{
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    const int8_t *wa = w;
    const int8_t *wb = w + 2 * k;
    int32_t xa, xb, u, v;
    if (groups > 0) {
        __asm volatile("tst %[n], #1\n\t"
                       "beq 2f\n\t" PN_BODY_1X4 "2:\n\t"
                       "lsrs %[n], %[n], #1\n\t"
                       "beq 3f\n"
                       "1:\n\t" PN_BODY_1X4 PN_BODY_1X4 "subs %[n], %[n], #1\n\t"
                       "bne 1b\n"
                       "3:\n\t"
                       : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [wa] "+r"(wa),
                         [wb] "+r"(wb), [x] "+r"(x), [n] "+r"(groups), [xa] "=&r"(xa), [xb] "=&r"(xb),
                         [u] "=&r"(u), [v] "=&r"(v)
                       : [k] "r"(k)
                       : "cc", "memory");
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* One weight row against one column with group stride `stride` (4 or 8). */
PN_INLINE int32_t pn_dot_1x1(const int16_t *x, int32_t stride, const int8_t *w, int32_t groups, int32_t acc)
{
    while (groups-- > 0) {
        const int32_t wv = pn_read_s32(w);
        w += 4;
        const int32_t *xv = (const int32_t *)(const void *)x;
        acc = __smlad(__sxtb16(wv), xv[0], acc);
        acc = __smlad(pn_sxtb16_ror8(wv), xv[1], acc);
        x += stride;
    }
    return acc;
}

#else /* portable C on the same layout */

PN_INLINE int32_t pn_dot_1x1(const int16_t *x, int32_t stride, const int8_t *w, int32_t groups, int32_t acc)
{
    while (groups-- > 0) {
        acc += w[0] * x[0] + w[2] * x[1] + w[1] * x[2] + w[3] * x[3];
        w += 4;
        x += stride;
    }
    return acc;
}

PN_INLINE void pn_dot_2x2(const int16_t *x, const int8_t *w0, const int8_t *w1, int32_t groups, int32_t *acc)
{
    acc[0] = pn_dot_1x1(x, 8, w0, groups, acc[0]);
    acc[1] = pn_dot_1x1(x + 4, 8, w0, groups, acc[1]);
    acc[2] = pn_dot_1x1(x, 8, w1, groups, acc[2]);
    acc[3] = pn_dot_1x1(x + 4, 8, w1, groups, acc[3]);
}

PN_INLINE void pn_dot_1x4(const int16_t *x, const int8_t *w, int32_t k, int32_t groups, int32_t *acc)
{
    for (int32_t i = 0; i < 4; i++) {
        acc[i] = pn_dot_1x1(x, 4, w + i * k, groups, acc[i]);
    }
}

#endif

/* Natural-order tail (k % 4 values). */
PN_INLINE int32_t pn_dot_tail(const int16_t *x, const int8_t *w, int32_t tail, int32_t acc)
{
    for (int32_t i = 0; i < tail; i++) {
        acc += w[i] * x[i];
    }
    return acc;
}

#if defined(__ARM_FEATURE_DSP)
/*
 * All channel pairs of the 2-column product when k % 4 == 0, entirely in assembly: per pair, the accumulators
 * start from the two biases of the table, run the 2x2 loop above, and are stored back into the table. The
 * values only needed between pairs live in memory operands (stack slots) so that the loop keeps its 14
 * registers.
 */
static void pn_gemm_pairs_2col(const int16_t *cols, int32_t k, const int8_t *weights, int32_t pairs,
                               pn_out_channel *table)
{
    int32_t a00, a01, a10, a11, wa, wb, ta, tb, xa, xb;
    const int8_t *w0 = weights;
    const int8_t *w1;
    const int16_t *x;
    int32_t n;
    volatile int32_t m_k = k;
    volatile int32_t m_groups = k >> 2;
    volatile int32_t m_pairs = pairs;
    const int16_t *volatile m_cols = cols;
    pn_out_channel *volatile m_table = table;
    __asm volatile("4:\n\t"
                   "ldr %[ta], %[mt]\n\t"
                   "ldr %[a00], [%[ta], #24]\n\t"
                   "ldr %[a10], [%[ta], #52]\n\t"
                   "mov %[a01], %[a00]\n\t"
                   "mov %[a11], %[a10]\n\t"
                   "ldr %[tb], %[mk]\n\t"
                   "add %[w1], %[w0], %[tb]\n\t"
                   "ldr %[x], %[mc]\n\t"
                   "ldr %[n], %[mg]\n\t"
                   "tst %[n], #1\n\t"
                   "beq 2f\n\t" PN_BODY_2X2 "2:\n\t"
                   "lsrs %[n], %[n], #1\n\t"
                   "beq 3f\n"
                   "1:\n\t" PN_BODY_2X2 PN_BODY_2X2 "subs %[n], %[n], #1\n\t"
                   "bne 1b\n"
                   "3:\n\t"
                   "ldr %[ta], %[mt]\n\t"
                   "strd %[a00], %[a01], [%[ta], #16]\n\t"
                   "strd %[a10], %[a11], [%[ta], #44]\n\t"
                   "add %[ta], %[ta], #56\n\t"
                   "str %[ta], %[mt]\n\t"
                   "mov %[w0], %[w1]\n\t"
                   "ldr %[tb], %[mp]\n\t"
                   "subs %[tb], %[tb], #1\n\t"
                   "str %[tb], %[mp]\n\t"
                   "bne 4b\n\t"
                   : [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [w0] "+r"(w0),
                     [w1] "=&r"(w1), [x] "=&r"(x), [n] "=&r"(n), [wa] "=&r"(wa), [wb] "=&r"(wb), [ta] "=&r"(ta),
                     [tb] "=&r"(tb), [xa] "=&r"(xa), [xb] "=&r"(xb), [mt] "+m"(m_table), [mp] "+m"(m_pairs)
                   : [mk] "m"(m_k), [mg] "m"(m_groups), [mc] "m"(m_cols)
                   : "cc", "memory");
}
#endif

void pn_gemm_s8_2col(const int16_t *cols, int32_t k, const int8_t *weights, int32_t cout,
                     const pn_gemm_epilogue *e, int8_t *out0, int8_t *out1)
{
    const int32_t groups = k >> 2;
    const int32_t tail = k & 3;
    const int16_t *xt = cols + groups * 8;
    pn_out_channel *t = e->table;
    const int8_t *w = weights;
    int32_t o = 0;
#if defined(__ARM_FEATURE_DSP)
    if (tail == 0 && groups > 0 && cout >= 2) {
        pn_gemm_pairs_2col(cols, k, weights, cout >> 1, t);
        o = cout & ~1;
        t += o;
        w += o * k;
    }
#endif
    for (; o + 1 < cout; o += 2) {
        int32_t acc[4] = {t[0].bias, t[0].bias, t[1].bias, t[1].bias};
        pn_dot_2x2(cols, w, w + k, groups, acc);
        if (tail) {
            acc[0] = pn_dot_tail(xt, w + groups * 4, tail, acc[0]);
            acc[1] = pn_dot_tail(xt + 4, w + groups * 4, tail, acc[1]);
            acc[2] = pn_dot_tail(xt, w + k + groups * 4, tail, acc[2]);
            acc[3] = pn_dot_tail(xt + 4, w + k + groups * 4, tail, acc[3]);
        }
        t[0].acc[0] = acc[0];
        t[0].acc[1] = acc[1];
        t[1].acc[0] = acc[2];
        t[1].acc[1] = acc[3];
        t += 2;
        w += 2 * k;
    }
    if (o < cout) {
        t[0].acc[0] = pn_dot_tail(xt, w + groups * 4, tail, pn_dot_1x1(cols, 8, w, groups, t[0].bias));
        t[0].acc[1] = pn_dot_tail(xt + 4, w + groups * 4, tail, pn_dot_1x1(cols + 4, 8, w, groups, t[0].bias));
    }
    pn_gemm_output(e, cout, 2, out0, out1);
}

void pn_gemm_s8_1col(const int16_t *col, int32_t k, const int8_t *weights, int32_t cout,
                     const pn_gemm_epilogue *e, int8_t *out)
{
    const int32_t groups = k >> 2;
    const int32_t tail = k & 3;
    const int16_t *xt = col + groups * 4;
    pn_out_channel *t = e->table;
    const int8_t *w = weights;
    int32_t o = 0;
    for (; o + 3 < cout; o += 4) {
        int32_t acc[4] = {t[0].bias, t[1].bias, t[2].bias, t[3].bias};
        pn_dot_1x4(col, w, k, groups, acc);
        for (int32_t i = 0; i < 4; i++) {
            t[i].acc[0] = tail ? pn_dot_tail(xt, w + i * k + groups * 4, tail, acc[i]) : acc[i];
        }
        t += 4;
        w += 4 * k;
    }
    for (; o < cout; o++) {
        t[0].acc[0] = pn_dot_tail(xt, w + groups * 4, tail, pn_dot_1x1(col, 4, w, groups, t[0].bias));
        t++;
        w += k;
    }
    pn_gemm_output(e, cout, 1, out, out);
}

void pn_gemm_s8_rows(const int8_t *rows, int32_t nrows, int32_t k, int32_t input_offset, const int8_t *weights,
                     int32_t cout, const pn_gemm_epilogue *e, int16_t *scratch, int8_t *out)
{
    int32_t r = 0;
    for (; r + 1 < nrows; r += 2) {
        pn_s8_to_s16_perm(rows, k, input_offset, scratch, 8);
        pn_s8_to_s16_perm(rows + k, k, input_offset, scratch + 4, 8);
        pn_gemm_s8_2col(scratch, k, weights, cout, e, out, out + cout);
        rows += 2 * k;
        out += 2 * cout;
    }
    if (r < nrows) {
        pn_s8_to_s16_perm(rows, k, input_offset, scratch, 4);
        pn_gemm_s8_1col(scratch, k, weights, cout, e, out);
    }
}

/* Requantizes one finished sum of unit u, clamps and returns the output byte. */
PN_INLINE int8_t pn_fc_output(const pn_gemm_epilogue *e, int32_t u, int32_t acc)
{
    int32_t y = pn_requantize(acc, e->multiplier[u * e->quant_step], e->shift[u * e->quant_step]);
    y += e->output_offset;
    y = PN_MAX(y, e->activation.min);
    y = PN_MIN(y, e->activation.max);
    return (int8_t)y;
}

void pn_gemm_s8_fc(const int8_t *rows, int32_t nrows, int32_t k, int32_t input_offset, const int8_t *weights,
                   int32_t units, const pn_gemm_epilogue *e, void *scratch, int8_t *out)
{
    int16_t *col = (int16_t *)scratch;
    int32_t *partial = (int32_t *)(void *)((int8_t *)scratch + 2 * PN_FC_CHUNK);
    for (int32_t r = 0; r < nrows; r++) {
        const int8_t *row = rows + r * k;
        for (int32_t c0 = 0; c0 < k; c0 += PN_FC_CHUNK) {
            const int32_t len = PN_MIN(PN_FC_CHUNK, k - c0);
            const int32_t groups = len >> 2;
            const int32_t tail = len & 3;
            const int first = c0 == 0;
            const int last = c0 + len == k;
            const int16_t *xt = col + groups * 4;
            pn_s8_to_s16_perm(row + c0, len, input_offset, col, 4);
            const int8_t *w = weights + c0;
            int32_t u = 0;
            for (; u + 3 < units; u += 4) {
                int32_t acc[4];
                for (int32_t i = 0; i < 4; i++) {
                    acc[i] = first ? (e->bias ? e->bias[u + i] : 0) : partial[u + i];
                }
                pn_dot_1x4(col, w, k, groups, acc);
                for (int32_t i = 0; i < 4; i++) {
                    const int32_t a = tail ? pn_dot_tail(xt, w + i * k + groups * 4, tail, acc[i]) : acc[i];
                    if (last) {
                        out[u + i] = pn_fc_output(e, u + i, a);
                    } else {
                        partial[u + i] = a;
                    }
                }
                w += 4 * k;
            }
            for (; u < units; u++) {
                int32_t a = first ? (e->bias ? e->bias[u] : 0) : partial[u];
                a = pn_dot_tail(xt, w + groups * 4, tail, pn_dot_1x1(col, 4, w, groups, a));
                if (last) {
                    out[u] = pn_fc_output(e, u, a);
                } else {
                    partial[u] = a;
                }
                w += k;
            }
        }
        if (k == 0) { /* no products: bias only */
            for (int32_t u = 0; u < units; u++) {
                out[u] = pn_fc_output(e, u, e->bias ? e->bias[u] : 0);
            }
        }
        out += units;
    }
}
