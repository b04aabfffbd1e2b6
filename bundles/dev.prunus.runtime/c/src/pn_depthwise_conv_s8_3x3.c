/*
 * Prunus runtime: int8 3x3 depthwise convolution, depth multiplier 1, any stride and padding, dilation 1.
 *
 * Setup (once per call) writes, per group of 4 channels, a record that the pixel loop reads as one stream:
 *   words 0..3    bias with the input offset folded in (bias + input_offset * sum of the channel's 9 weights),
 *   words 4..21   the 9 taps' weights as int16 pairs (SXTB16 order: channels 0/2, then 1/3), taps of each
 *                 filter row in the order kx = 2, 1, 0 (the order the row pointers are walked),
 *   then, by output mode:
 *     fast:          per channel multiplier, rounding constant with the output offset, right shift (12 words),
 *     fast, clamped: the same plus the activation minimum and maximum replicated in 4 bytes (14 words),
 *     exact:         room for the 4 accumulators (4 words).
 * Channels past the last full group get a 20-byte entry (bias, scale, multiplier, rounding constant, shift).
 *
 * Fast output stage, used when every channel passes pn_dw3_fast_ok (right shift in [1, 23], small sums): the
 * weights and the bias are doubled, so the accumulator is the operand of TFLM's doubling high multiply, and
 *   y = (SMMLAR(acc, multiplier, 2^(right-1) + output_offset * 2^right) + (acc < 0 ? -1 : 0)) >> right
 * equals RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(acc / 2, multiplier), right) + output_offset
 * (SMMLAR adds the constant exactly above the rounded high product; the -1 makes ties round away from zero,
 * and when the high product is 0 it cannot change the result). Then SSAT #8, or the activation clamp on four
 * packed bytes (SSUB8/SEL). Any other quantization takes the exact path through pn_requantize.
 *
 * Pixel loop: when the 3x3 window lies inside the input, the taps are read from three row pointers plus 0, 1
 * or 2 times the pixel stride (LDR with a register offset); otherwise nine tap pointers are built and a padded
 * tap points at a row of input zero points, which contributes exactly -input_offset * weight and cancels the
 * folded term. On the DSP path one assembly loop runs the channel groups of a pixel with fixed registers
 * (r0-r6, r8-r12, lr; r7 is left to a frame pointer): per 4 channels and tap one LDR of inputs, one LDRD of
 * weights, two SXTB16 and four single MACs (SMLABB/SMLATT), then the output stage.
 */
#include "pn_kernels.h"
#include "pn_dsp.h"

/** Record words before the mode-dependent part. */
#define PN_DW3_HEAD 22
/** Words per tail-channel entry. */
#define PN_DW3_TAIL 5

int32_t pn_depthwise_conv_s8_3x3_get_buffer_size(const pn_dims *filter_dims)
{
    const int32_t c = filter_dims->c;
    return 28 * c + 72 * (c / 4) + ((c + 3) & ~3);
}

/**
 * Whether the fast output stage is exact for a channel: right shift in [1, 23] and |accumulator| < 2^29 for
 * taps products of at most 255 * 128 plus the bias (then the doubled accumulator, the high product t and
 * t + rounding constant + output offset * 2^right all stay inside int32).
 */
PN_INLINE int pn_dw3_fast_ok(int32_t taps, int32_t bias, int32_t shift)
{
    const int64_t b = bias < 0 ? -(int64_t)bias : (int64_t)bias;
    return shift <= -1 && shift >= -23 && (int64_t)taps * (255 * 128) + b < ((int64_t)1 << 29);
}

/* Output modes (compile-time constants of the inlined loops). */
enum { PN_DW3_EXACT = 0, PN_DW3_FAST_FULL = 1, PN_DW3_FAST_CLAMP = 2 };

/** Record words of a mode. */
#define PN_DW3_REC(mode) ((mode) == PN_DW3_EXACT ? PN_DW3_HEAD + 4 : (mode) == PN_DW3_FAST_FULL ? 34 : 36)

/** Filter tap (ky * 3 + kx) of record slot j. */
static const uint8_t pn_dw3_slot_tap[9] = {2, 1, 0, 5, 4, 3, 8, 7, 6};

typedef struct {
    int32_t *rec;         /* group records */
    const int32_t *tail;  /* tail entries */
    const int8_t *filter;
    const int32_t *multiplier;
    const int32_t *shift;
    int32_t groups;
    int32_t ch;
    int32_t out_offset;
    int32_t act_min;
    int32_t act_max;
} pn_dw3_ctx;

/** Fast output stage (see the file comment), before saturation. */
PN_INLINE int32_t pn_dw3_fast(int32_t acc, int32_t m, int32_t h, int32_t right)
{
#if defined(__ARM_FEATURE_DSP)
    int32_t v;
    __asm("smmlar %0, %1, %2, %3" : "=r"(v) : "r"(acc), "r"(m), "r"(h));
#else
    const int32_t v = (int32_t)(((int64_t)h * 4294967296LL + (int64_t)acc * m + 2147483648LL) >> 32);
#endif
    return (v + (acc >> 31)) >> right;
}

/** One output byte of a channel in the given mode; e = the channel's multiplier, constant, shift. */
PN_INLINE int8_t pn_dw3_out(const pn_dw3_ctx *x, int mode, int32_t acc, const int32_t *e, int32_t c)
{
    int32_t y;
    if (mode == PN_DW3_EXACT) {
        y = pn_requantize(acc, x->multiplier[c], x->shift[c]) + x->out_offset;
    } else {
        y = pn_dw3_fast(acc, e[0], e[1], e[2]);
    }
    y = PN_MAX(y, x->act_min);
    return (int8_t)PN_MIN(y, x->act_max);
}

#if defined(__ARM_FEATURE_DSP)
/* One tap: input word in r4; weights from the record stream (r12); accumulators r0-r3. */
#define PN_DW3_MAC                                                                                               \
    "ldrd r6, lr, [r12], #8\n\t"                                                                                 \
    "sxtb16 r5, r4\n\t"                                                                                          \
    "sxtb16 r4, r4, ror #8\n\t"                                                                                  \
    "smlabb r0, r5, r6, r0\n\t"                                                                                  \
    "smlatt r2, r5, r6, r2\n\t"                                                                                  \
    "smlabb r1, r4, lr, r1\n\t"                                                                                  \
    "smlatt r3, r4, lr, r3\n\t"
/* Three taps of one input row at pointer p (columns r11 bytes apart, kx = 2, 1, 0), then p += 4. */
#define PN_DW3_ROW(p)                                                                                            \
    "ldr r4, [" p ", r11, lsl #1]\n\t" PN_DW3_MAC "ldr r4, [" p ", r11]\n\t" PN_DW3_MAC                            \
    "ldr r4, [" p "], #4\n\t" PN_DW3_MAC
/* Tap of slot j through the pointer table at r8, channel offset r9. */
#define PN_DW3_TAP(j4) "ldr r4, [r8, #" #j4 "]\n\tldr r4, [r4, r9]\n\t" PN_DW3_MAC
#define PN_DW3_TAPS                                                                                              \
    PN_DW3_TAP(0) PN_DW3_TAP(4) PN_DW3_TAP(8) PN_DW3_TAP(12) PN_DW3_TAP(16) PN_DW3_TAP(20) PN_DW3_TAP(24)        \
    PN_DW3_TAP(28) PN_DW3_TAP(32) "adds r9, r9, #4\n\t"
/* Fast output stage of channel k (accumulator rk) into register d, saturated to int8. */
#define PN_DW3_Q(k, d)                                                                                           \
    "ldmia r12!, {r4-r6}\n\t"                                                                                    \
    "smmlar r4, r" #k ", r4, r5\n\t"                                                                             \
    "add " d ", r4, r" #k ", asr #31\n\t"                                                                        \
    "asr " d ", " d ", r6\n\t"                                                                                     \
    "ssat " d ", #8, " d "\n\t"
#define PN_DW3_OUT_FULL                                                                                          \
    "ldr lr, [sp]\n\t" PN_DW3_Q(0, "r4") "strb r4, [lr], #1\n\t" PN_DW3_Q(1, "r4") "strb r4, [lr], #1\n\t"      \
    PN_DW3_Q(2, "r4") "strb r4, [lr], #1\n\t" PN_DW3_Q(3, "r4") "strb r4, [lr], #1\n\t"                          \
    "str lr, [sp]\n\t"
/* Four outputs packed into one word, clamped bytewise to the activation range (record words 34, 35). */
#define PN_DW3_OUT_CLAMP                                                                                         \
    PN_DW3_Q(0, "r0") PN_DW3_Q(1, "r1") PN_DW3_Q(2, "r2") PN_DW3_Q(3, "r3")                                      \
    "pkhbt r0, r0, r2, lsl #16\n\t"                                                                              \
    "pkhbt r1, r1, r3, lsl #16\n\t"                                                                              \
    "uxtb16 r0, r0\n\t"                                                                                          \
    "uxtb16 r1, r1\n\t"                                                                                          \
    "orr r0, r0, r1, lsl #8\n\t"                                                                                 \
    "ldmia r12!, {r4, r5}\n\t"                                                                                   \
    "ssub8 r6, r0, r4\n\t"                                                                                       \
    "sel r0, r0, r4\n\t"                                                                                         \
    "ssub8 r6, r5, r0\n\t"                                                                                       \
    "sel r0, r0, r5\n\t"                                                                                         \
    "ldr lr, [sp]\n\t"                                                                                           \
    "str r0, [lr], #4\n\t"                                                                                       \
    "str lr, [sp]\n\t"
#define PN_DW3_OUT_EXACT "stmia r12!, {r0-r3}\n\t"
/*
 * The output pointer and the end of the records (in r4, r5 on entry) live in two stack words during the loop,
 * so that no register is left for GCC to address memory operands with.
 */
#define PN_DW3_BEGIN "push {r4, r5}\n1:\n\tldmia r12!, {r0-r3}\n\t"
#define PN_DW3_LOOP "ldr r4, [sp, #4]\n\tcmp r12, r4\n\tbne 1b\n\tadd sp, sp, #8\n\t"
#define PN_DW3_CLOBBER "r0", "r1", "r2", "r3", "r6", "lr", "cc", "memory"

/**
 * All channel groups of one pixel whose window is inside the input (rows at a, b, c; columns step bytes
 * apart). Fast modes write the outputs; the exact mode leaves the accumulators in the records.
 */
PN_INLINE void pn_dw3_groups_inside(int mode, int32_t *rec, int32_t groups, const int8_t *a, const int8_t *b,
                                    const int8_t *c, int32_t step, int8_t *out)
{
    register int32_t *r12 __asm("r12") = rec;
    register const int8_t *r8 __asm("r8") = a;
    register const int8_t *r9 __asm("r9") = b;
    register const int8_t *r10 __asm("r10") = c;
    register int32_t r11 __asm("r11") = step;
    register int8_t *r4 __asm("r4") = out;
    register const int32_t *r5 __asm("r5") = rec + PN_DW3_REC(mode) * groups;
    if (mode == PN_DW3_FAST_FULL) {
        __asm volatile(PN_DW3_BEGIN PN_DW3_ROW("r8") PN_DW3_ROW("r9") PN_DW3_ROW("r10")
                           PN_DW3_OUT_FULL PN_DW3_LOOP
                       : "+r"(r12), "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r4), "+r"(r5)
                       : "r"(r11)
                       : PN_DW3_CLOBBER);
    } else if (mode == PN_DW3_FAST_CLAMP) {
        __asm volatile(PN_DW3_BEGIN PN_DW3_ROW("r8") PN_DW3_ROW("r9") PN_DW3_ROW("r10")
                           PN_DW3_OUT_CLAMP PN_DW3_LOOP
                       : "+r"(r12), "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r4), "+r"(r5)
                       : "r"(r11)
                       : PN_DW3_CLOBBER);
    } else {
        __asm volatile(PN_DW3_BEGIN PN_DW3_ROW("r8") PN_DW3_ROW("r9") PN_DW3_ROW("r10")
                           PN_DW3_OUT_EXACT PN_DW3_LOOP
                       : "+r"(r12), "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r4), "+r"(r5)
                       : "r"(r11)
                       : PN_DW3_CLOBBER);
    }
}

/** As pn_dw3_groups_inside through a table of 9 tap pointers in slot order. */
PN_INLINE void pn_dw3_groups_taps(int mode, int32_t *rec, int32_t groups, const int8_t *const *tap, int8_t *out)
{
    register int32_t *r12 __asm("r12") = rec;
    register const int8_t *const *r8 __asm("r8") = tap;
    register int32_t r9 __asm("r9") = 0;
    register int8_t *r4 __asm("r4") = out;
    register const int32_t *r5 __asm("r5") = rec + PN_DW3_REC(mode) * groups;
    if (mode == PN_DW3_FAST_FULL) {
        __asm volatile(PN_DW3_BEGIN PN_DW3_TAPS PN_DW3_OUT_FULL PN_DW3_LOOP
                       : "+r"(r12), "+r"(r9), "+r"(r4), "+r"(r5)
                       : "r"(r8)
                       : PN_DW3_CLOBBER);
    } else if (mode == PN_DW3_FAST_CLAMP) {
        __asm volatile(PN_DW3_BEGIN PN_DW3_TAPS PN_DW3_OUT_CLAMP PN_DW3_LOOP
                       : "+r"(r12), "+r"(r9), "+r"(r4), "+r"(r5)
                       : "r"(r8)
                       : PN_DW3_CLOBBER);
    } else {
        __asm volatile(PN_DW3_BEGIN PN_DW3_TAPS PN_DW3_OUT_EXACT PN_DW3_LOOP
                       : "+r"(r12), "+r"(r9), "+r"(r4), "+r"(r5)
                       : "r"(r8)
                       : PN_DW3_CLOBBER);
    }
}
#else
/** Portable: all channel groups of one pixel through 9 tap pointers in slot order (see the DSP version). */
PN_INLINE void pn_dw3_groups_taps(int mode, int32_t *rec, int32_t groups, const int8_t *const *tap, int8_t *out)
{
    const int32_t stride = PN_DW3_REC(mode);
    for (int32_t g = 0; g < groups; g++, rec += stride, out += 4) {
        int32_t acc[4];
        for (int32_t k = 0; k < 4; k++) {
            const int32_t word = 4 + (k & 1);
            const int32_t high = k >> 1;
            int32_t a = rec[k];
            for (int32_t j = 0; j < 9; j++) {
                const uint32_t w = (uint32_t)rec[word + 2 * j];
                a += tap[j][4 * g + k] * (int16_t)(high ? (w >> 16) : (w & 0xFFFFu));
            }
            acc[k] = a;
        }
        if (mode == PN_DW3_EXACT) {
            for (int32_t k = 0; k < 4; k++) {
                rec[PN_DW3_HEAD + k] = acc[k];
            }
            continue;
        }
        for (int32_t k = 0; k < 4; k++) {
            int32_t y = pn_dw3_fast(acc[k], rec[PN_DW3_HEAD + 3 * k], rec[PN_DW3_HEAD + 3 * k + 1],
                                    rec[PN_DW3_HEAD + 3 * k + 2]);
            y = PN_MAX(y, -128);
            y = PN_MIN(y, 127);
            if (mode == PN_DW3_FAST_CLAMP) {
                y = PN_MAX(y, (int8_t)(rec[34] & 0xFF));
                y = PN_MIN(y, (int8_t)(rec[35] & 0xFF));
            }
            out[k] = (int8_t)y;
        }
    }
}
#endif

/** Exact mode: requantizes the accumulators the group loop left in the records. */
PN_INLINE void pn_dw3_exact_out(const pn_dw3_ctx *x, int8_t *out)
{
    const int32_t *r = x->rec + PN_DW3_HEAD;
    for (int32_t c = 0; c < 4 * x->groups; c += 4, r += PN_DW3_REC(PN_DW3_EXACT)) {
        for (int32_t k = 0; k < 4; k++) {
            out[c + k] = pn_dw3_out(x, PN_DW3_EXACT, r[k], r, c + k);
        }
    }
}

/** Channels past the last full group, one at a time (weights read from the filter and scaled). */
PN_INLINE void pn_dw3_tail(const pn_dw3_ctx *x, int mode, const int8_t *const *tap, int8_t *out)
{
    const int32_t ch = x->ch;
    const int32_t *e = x->tail;
    for (int32_t c = 4 * x->groups; c < ch; c++, e += PN_DW3_TAIL) {
        int32_t acc = 0;
        for (int32_t j = 0; j < 9; j++) {
            acc += tap[j][c] * x->filter[pn_dw3_slot_tap[j] * ch + c];
        }
        acc = (int32_t)((uint32_t)acc * (uint32_t)e[1] + (uint32_t)e[0]); /* scaled sum + scaled bias */
        out[c] = pn_dw3_out(x, mode, acc, e + 2, c);
    }
}

/** One pixel through tap pointers (window partly outside the input, or channels past the last group). */
PN_INLINE void pn_dw3_pixel_taps(const pn_dw3_ctx *x, int mode, const int8_t *in_b, int32_t in_h, int32_t in_w,
                                 int32_t y0, int32_t x0, const int8_t *zrow, int8_t *out)
{
    const int32_t ch = x->ch;
    const int8_t *tap[9];
    for (int32_t ky = 0; ky < 3; ky++) {
        const int32_t iy = y0 + ky;
        const int row_ok = iy >= 0 && iy < in_h;
        const int8_t *row = row_ok ? in_b + (ptrdiff_t)iy * in_w * ch : zrow;
        for (int32_t kx = 0; kx < 3; kx++) {
            const int32_t ix = x0 + kx;
            /* slot order: kx = 2, 1, 0 within each filter row */
            tap[3 * ky + 2 - kx] = (row_ok && ix >= 0 && ix < in_w) ? row + (ptrdiff_t)ix * ch : zrow;
        }
    }
    if (x->groups > 0) {
        pn_dw3_groups_taps(mode, x->rec, x->groups, tap, out);
        if (mode == PN_DW3_EXACT) {
            pn_dw3_exact_out(x, out);
        }
    }
    if (4 * x->groups != ch) {
        pn_dw3_tail(x, mode, tap, out);
    }
}

/** Whole output in one mode. */
PN_INLINE void pn_dw3_run(const pn_dw3_ctx *x, int mode, const pn_dw_conv_params *p, const pn_dims *in_d,
                          const int8_t *input, const pn_dims *out_d, int8_t *out, const int8_t *zrow)
{
    const int32_t ch = x->ch;
    const int32_t in_h = in_d->h;
    const int32_t in_w = in_d->w;
    const int32_t out_w = out_d->w;
    const int32_t row = in_w * ch;
    const int32_t sw = p->stride.w;
    const int32_t pw = p->padding.w;
    /* output columns [ox_lo, ox_hi) have their 3 input columns inside the input */
    const int32_t ox_lo = PN_MIN((pw + sw - 1) / sw, out_w);
#if defined(__ARM_FEATURE_DSP)
    const int32_t ox_hi = in_w - 3 + pw < 0 ? ox_lo : PN_MAX(PN_MIN((in_w - 3 + pw) / sw + 1, out_w), ox_lo);
    const int fast_rows = 4 * x->groups == ch;
#else
    const int fast_rows = 0; /* the portable path reads every pixel through tap pointers */
#endif
    for (int32_t b = 0; b < out_d->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)in_h * (size_t)row;
        for (int32_t oy = 0; oy < out_d->h; oy++) {
            const int32_t y0 = oy * p->stride.h - p->padding.h;
            int32_t ox = 0;
            if (fast_rows && y0 >= 0 && y0 + 2 < in_h) {
                for (; ox < ox_lo; ox++, out += ch) {
                    pn_dw3_pixel_taps(x, mode, in_b, in_h, in_w, y0, ox * sw - pw, zrow, out);
                }
#if defined(__ARM_FEATURE_DSP)
                const int8_t *q = in_b + (size_t)y0 * (size_t)row + (ptrdiff_t)(ox * sw - pw) * ch;
                for (; ox < ox_hi; ox++, out += ch, q += sw * ch) {
                    pn_dw3_groups_inside(mode, x->rec, x->groups, q, q + row, q + 2 * row, ch, out);
                    if (mode == PN_DW3_EXACT) {
                        pn_dw3_exact_out(x, out);
                    }
                }
#endif
            }
            for (; ox < out_w; ox++, out += ch) {
                pn_dw3_pixel_taps(x, mode, in_b, in_h, in_w, y0, ox * sw - pw, zrow, out);
            }
        }
    }
}

pn_status pn_depthwise_conv_s8_3x3(const pn_dw_conv_params *params, const pn_per_channel_quant *quant,
                                   const pn_dims *input_dims, const int8_t *input, const pn_dims *filter_dims,
                                   const int8_t *filter, const int32_t *bias, const pn_dims *output_dims,
                                   int8_t *output, void *buffer)
{
    if (!params || !quant || !input_dims || !input || !filter_dims || !filter || !output_dims || !output ||
        !buffer || input_dims->c < 1 || params->ch_mult != 1 || filter_dims->h != 3 || filter_dims->w != 3 ||
        filter_dims->c != input_dims->c || output_dims->c != input_dims->c || output_dims->n != input_dims->n ||
        params->stride.w < 1 || params->stride.h < 1 || params->dilation.w != 1 || params->dilation.h != 1 ||
        params->padding.w < 0 || params->padding.h < 0) {
        return PN_ERROR_ARGUMENT;
    }
    const int32_t ch = input_dims->c;
    const int32_t groups = ch / 4;
    const int32_t io = params->input_offset;
    const int32_t off = params->output_offset;
    const int32_t lo = params->activation.min;
    const int32_t hi = params->activation.max;

    int fast = 1;
    for (int32_t c = 0; c < ch && fast; c++) {
        fast = pn_dw3_fast_ok(9, bias ? bias[c] : 0, quant->shift[c]);
    }
    const int mode = !fast ? PN_DW3_EXACT : (lo == -128 && hi == 127) ? PN_DW3_FAST_FULL : PN_DW3_FAST_CLAMP;
    const int32_t stride = PN_DW3_REC(mode);
    const int32_t scale = fast ? 2 : 1;
    int32_t *rec = (int32_t *)buffer;
    int32_t *tail = rec + stride * groups;
    int8_t *zrow = (int8_t *)(tail + PN_DW3_TAIL * (ch - 4 * groups));

    for (int32_t c = 0; c < ch; c++) {
        int32_t sum = 0;
        for (int32_t t = 0; t < 9; t++) {
            sum += filter[t * ch + c];
        }
        const int32_t b = (int32_t)(((uint32_t)(bias ? bias[c] : 0) + (uint32_t)(io * sum)) * (uint32_t)scale);
        const int32_t right = -quant->shift[c];
        int32_t *e;
        if (c < 4 * groups) {
            int32_t *r = rec + stride * (c / 4);
            const int32_t k = c & 3;
            const int32_t high = k >> 1;      /* channels 0, 1 in the low halves, 2, 3 in the high halves */
            const int32_t word = 4 + (k & 1); /* even channels in the first word of a slot, odd in the second */
            for (int32_t j = 0; j < 9; j++) {
                uint32_t *w = (uint32_t *)&r[word + 2 * j];
                const uint32_t v = (uint32_t)(filter[pn_dw3_slot_tap[j] * ch + c] * scale) & 0xFFFFu;
                *w = high ? ((*w & 0xFFFFu) | (v << 16)) : ((*w & 0xFFFF0000u) | v);
            }
            r[k] = b;
            e = &r[PN_DW3_HEAD + 3 * k];
            if (mode == PN_DW3_FAST_CLAMP) {
                r[34] = (int32_t)((uint32_t)(lo & 0xFF) * 0x01010101u);
                r[35] = (int32_t)((uint32_t)(hi & 0xFF) * 0x01010101u);
            }
        } else {
            e = tail + PN_DW3_TAIL * (c - 4 * groups);
            e[0] = b;
            e[1] = scale;
            e += 2;
        }
        if (fast) {
            e[0] = quant->multiplier[c];
            e[1] = (int32_t)((1u << (right - 1)) + (uint32_t)off * (1u << right));
            e[2] = right;
        }
    }
    memset(zrow, (int8_t)(-io), (size_t)ch);

    pn_dw3_ctx x;
    x.rec = rec;
    x.tail = tail;
    x.filter = filter;
    x.multiplier = quant->multiplier;
    x.shift = quant->shift;
    x.groups = groups;
    x.ch = ch;
    x.out_offset = off;
    x.act_min = lo;
    x.act_max = hi;
    if (mode == PN_DW3_EXACT) {
        pn_dw3_run(&x, PN_DW3_EXACT, params, input_dims, input, output_dims, output, zrow);
    } else if (mode == PN_DW3_FAST_FULL) {
        pn_dw3_run(&x, PN_DW3_FAST_FULL, params, input_dims, input, output_dims, output, zrow);
    } else {
        pn_dw3_run(&x, PN_DW3_FAST_CLAMP, params, input_dims, input, output_dims, output, zrow);
    }
    return PN_OK;
}
