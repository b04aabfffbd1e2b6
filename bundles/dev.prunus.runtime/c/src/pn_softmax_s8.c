/*
 * Prunus runtime: int8 SOFTMAX with int8 output, bit-exact with TFLite Micro's reference_ops::Softmax for
 * int8 input and int8 output.
 */
#include "pn_softmax_s8.h"
#include "pn_fixedpoint.h"

#define PN_SOFTMAX_DIFF_INTEGER_BITS 5
#define PN_SOFTMAX_ACCUMULATION_INTEGER_BITS 12

static int32_t pn_softmax_clz(uint32_t x)
{
    int32_t n = 0;
    if (x == 0) {
        return 32;
    }
    while ((x & 0x80000000UL) == 0) {
        x <<= 1;
        n++;
    }
    return n;
}

/* exp(diff * beta * scale) in Q0 for diff <= 0 (already checked against diff_min). */
PN_INLINE int32_t pn_softmax_exp(const pn_softmax_params *p, int32_t diff)
{
    const int32_t rescaled = pn_doubling_high_mul((int32_t)((uint32_t)diff << p->input_left_shift),
                                                  p->input_multiplier);
    return pn_fp_exp_on_negative_values(rescaled, PN_SOFTMAX_DIFF_INTEGER_BITS);
}

pn_status pn_softmax_s8(const pn_softmax_params *params, int32_t rows, int32_t depth,
                        const int8_t *input, int8_t *output)
{
    int32_t r;
    if (params == NULL || input == NULL || output == NULL || rows < 1 || depth < 1 || depth >= (1L << 20)
        || params->input_left_shift < 0 || params->input_left_shift > 30 || params->diff_min > 0) {
        return PN_ERROR_ARGUMENT;
    }
    for (r = 0; r < rows; r++) {
        const int8_t *in = input + r * depth;
        int8_t *out = output + r * depth;
        int32_t max = -128;
        int32_t sum = 0;
        int32_t headroom;
        int32_t bits_over_unit;
        int32_t scale;
        int32_t c;
        for (c = 0; c < depth; c++) {
            max = PN_MAX(max, (int32_t)in[c]);
        }
        for (c = 0; c < depth; c++) {
            const int32_t diff = in[c] - max;
            if (diff >= params->diff_min) {
                /* Rescale Q0 -> Q12 and accumulate (wrapping, as gemmlowp's int32 add) */
                sum = pn_fp_add(sum, pn_fp_mul_pot(pn_softmax_exp(params, diff),
                                                   -PN_SOFTMAX_ACCUMULATION_INTEGER_BITS));
            }
        }
        /* GetReciprocal(sum, 12): 1 / sum as a Q0 value times 2^-bits_over_unit */
        headroom = pn_softmax_clz((uint32_t)sum);
        bits_over_unit = PN_SOFTMAX_ACCUMULATION_INTEGER_BITS - headroom;
        scale = pn_fp_one_over_one_plus_x(
            (int32_t)(((uint32_t)sum << headroom) - 0x80000000UL));
        for (c = 0; c < depth; c++) {
            const int32_t diff = in[c] - max;
            int32_t value = -128;
            if (diff >= params->diff_min) {
                const int32_t unsat = pn_rounding_divide_by_pot(
                    pn_doubling_high_mul(scale, pn_softmax_exp(params, diff)), bits_over_unit + 31 - 8);
                value = PN_CLAMP(unsat - 128, -128, 127);
            }
            out[c] = (int8_t)value;
        }
    }
    return PN_OK;
}
