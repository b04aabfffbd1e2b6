/*
 * Tests of the fast exact requantization of pn_dsp.h against pn_requantize (TFLM's double rounding), inside
 * the range where pn_fast_quant_ok allows it, and of the range check itself.
 *
 * PN_TEST_SOURCES: (none)
 */
#include "pn_dsp.h"
#include "test_support.h"

static void test_fast_requant_matches(void)
{
    pn_rng_seed(424242);
    long mismatches = 0;
    for (long i = 0; i < 200000; i++) {
        const int32_t m = (int32_t)(0x40000000u + (pn_rng_next() & 0x3FFFFFFFu));
        const int32_t shift = pn_rng_range(-21, 10);
        const int32_t offset = pn_rng_range(-128, 127);
        const int32_t left = shift > 0 ? shift : 0;
        const int32_t limit = (int32_t)((1u << (29 - left)) - 1u);
        int32_t x;
        switch (i & 3) {
        case 0:
            x = pn_rng_range(-limit, limit);
            break;
        case 1:
            x = pn_rng_range(-300, 300);
            break;
        case 2: /* exact halves after the right shift */
            x = (int32_t)(pn_rng_range(-1000, 1000) * (1 << (shift < 0 && shift > -20 ? -shift : 0)));
            x = PN_CLAMP(x, -limit, limit);
            break;
        default:
            x = pn_rng_range(0, 1) ? limit : -limit;
            break;
        }
        const int32_t expected = pn_requantize(x, m, shift) + offset;
        const int32_t actual = pn_fast_requantize(x, pn_fast_quant_make(m, shift, offset));
        if (expected != actual) {
            mismatches++;
            PN_CHECK(0, "x %ld m %ld shift %ld offset %ld: fast %ld, expected %ld", (long)x, (long)m, (long)shift,
                     (long)offset, (long)actual, (long)expected);
        }
    }
    PN_CHECK(mismatches == 0, "%ld mismatches", mismatches);
}

static void test_fast_quant_ok_bounds(void)
{
    /* k = 144 products of at most 32640 plus bias 1000: 4701160 < 2^29 with shift <= 6, not with shift 7 */
    PN_CHECK(pn_fast_quant_ok(144, 1000, -8, 255 * 128), "typical conv channel rejected");
    PN_CHECK(pn_fast_quant_ok(144, -1000, 6, 255 * 128), "shift 6 rejected");
    PN_CHECK(!pn_fast_quant_ok(144, 1000, 7, 255 * 128), "shift 7 accepted although it may overflow");
    PN_CHECK(!pn_fast_quant_ok(1, INT32_MIN, -5, 255 * 128), "huge bias accepted");
    PN_CHECK(!pn_fast_quant_ok(1, 0, -22, 255 * 128), "right shift 22 accepted");
    PN_CHECK(pn_fast_quant_ok(1, 0, -21, 255 * 128), "right shift 21 rejected");
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"fast requantization equals pn_requantize", test_fast_requant_matches},
        {"fast requantization range check", test_fast_quant_ok_bounds},
    };
    return pn_test_run("test_requant", cases, (int)(sizeof cases / sizeof cases[0]));
}
