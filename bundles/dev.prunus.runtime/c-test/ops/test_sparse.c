/*
 * Tests of the sparse kernels: pn_convolve_filterlet_s8, pn_fully_connected_block_s8, pn_convolve_1x1_block_s8.
 * Random dense weights are pruned (whole filterlets or blocks, 0/30/50/75/90/100 %), packed by this file's own
 * packer written from docs/sparse-format.md, and the sparse kernels must be bit-exact with a dense reference
 * convolution / fully connected layer (TFLM semantics) run on the zero-filled dense weights. Shapes cover odd
 * channel counts, Cin not a multiple of 4, padding edges, strides, 2 mask words (5x5), batches.
 * On the host this checks the portable path; test_sparse_simd.c checks the SIMD path on the host.
 * PN_TEST_SOURCES: pn_convolve_filterlet_s8.c pn_block_gemm_s8.c pn_fully_connected_block_s8.c pn_convolve_1x1_block_s8.c
 */
#include <stdlib.h>
#include <string.h>

#include "ops_ref.h"
#include "pn_test.h"
#include "pn_convolve_1x1_block_s8.h"
#include "pn_convolve_filterlet_s8.h"
#include "pn_fully_connected_block_s8.h"

#ifndef OPS_SPARSE_NAME
#define OPS_SPARSE_NAME "test_sparse"
#endif

#define MAX_IN 32768
#define MAX_W 40000
#define MAX_OUT 16384

static int8_t input[MAX_IN];
static int8_t dense_w[MAX_W];
static int8_t packed_w[MAX_W];
static uint16_t mask16[1024];
static uint32_t mask32[4096];
static int32_t bias[512];
static int32_t mult[512];
static int32_t shift[512];
static int8_t out_sparse[MAX_OUT];
static int8_t out_ref[MAX_OUT];
static int32_t scratch[8192];

static const int fractions[6] = {0, 30, 50, 75, 90, 100};

static int32_t clamp(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Prunes exactly round(units * percent / 100) randomly chosen units of unit_len weights (set them to 0). */
static void prune_units(int8_t *w, int32_t units, int32_t unit_len, int percent, int32_t last_len)
{
    const int32_t target = (units * percent + 50) / 100;
    int32_t pruned = 0;
    (void)last_len;
    while (pruned < target) {
        const int32_t u = (int32_t)(pn_rng_next() % (uint32_t)units);
        int32_t i;
        int any = 0;
        for (i = 0; i < unit_len; i++) {
            any |= w[u * unit_len + i] != 0;
        }
        if (!any) {
            /* already pruned (or all zero by chance): count it only if it was not marked yet */
            continue;
        }
        memset(w + u * unit_len, 0, (size_t)unit_len);
        pruned++;
    }
}

static void random_weights(int8_t *w, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++) {
        int8_t v = (int8_t)pn_rng_next();
        w[i] = v == 0 ? 1 : v; /* no accidental zero units: pruning decides */
    }
}

static void random_quant(int32_t cout, int allow_left)
{
    int32_t o;
    for (o = 0; o < cout; o++) {
        mult[o] = (int32_t)(0x40000000u + (pn_rng_next() & 0x3FFFFFFFu));
        shift[o] = pn_rng_range(-14, allow_left ? 2 : -1);
        if ((pn_rng_next() & 7) == 0) {
            shift[o] = 0;
        }
        bias[o] = pn_rng_range(-40000, 40000);
    }
}

/* ---------------- filterlet convolution ---------------- */

/* Packs with mask group g: the mask of group o / g is the first channel's (the pruning made them equal). */
static int32_t pack_filterlets(const pn_dims *fd, int32_t g)
{
    const int32_t taps = fd->h * fd->w;
    const int32_t mw = (taps + 15) / 16;
    int32_t o;
    int32_t t;
    int32_t bytes = 0;
    memset(mask16, 0, sizeof(mask16));
    for (o = 0; o < fd->n; o++) {
        for (t = 0; t < taps; t++) {
            const int8_t *f = dense_w + (o * taps + t) * fd->c;
            int32_t c;
            int keep = 0;
            for (c = 0; c < fd->c; c++) {
                keep |= f[c] != 0;
            }
            if (keep) {
                mask16[(o / g) * mw + t / 16] |= (uint16_t)(1u << (t % 16));
                memcpy(packed_w + bytes, f, (size_t)fd->c);
                bytes += fd->c;
            }
        }
    }
    return bytes;
}

/* Prunes round(units * percent / 100) random (mask group, tap) units: the tap of every channel of the group. */
static void prune_grouped(int8_t *w, int32_t cout, int32_t taps, int32_t cin, int32_t g, int percent)
{
    static uint8_t done[1024];
    const int32_t groups = (cout + g - 1) / g;
    const int32_t units = groups * taps;
    const int32_t target = (units * percent + 50) / 100;
    int32_t pruned = 0;
    memset(done, 0, (size_t)units);
    while (pruned < target) {
        const int32_t u = (int32_t)(pn_rng_next() % (uint32_t)units);
        const int32_t grp = u / taps;
        const int32_t t = u % taps;
        int32_t o;
        if (done[u]) {
            continue;
        }
        done[u] = 1;
        for (o = grp * g; o < cout && o < grp * g + g; o++) {
            memset(w + (o * taps + t) * cin, 0, (size_t)cin);
        }
        pruned++;
    }
}

static void ref_conv(const pn_conv_params *p, const pn_dims *id, const pn_dims *fd, const pn_dims *od)
{
    int32_t n, y, x, o, kh, kw, c;
    for (n = 0; n < od->n; n++) {
        for (y = 0; y < od->h; y++) {
            for (x = 0; x < od->w; x++) {
                for (o = 0; o < od->c; o++) {
                    int32_t acc = bias[o];
                    for (kh = 0; kh < fd->h; kh++) {
                        for (kw = 0; kw < fd->w; kw++) {
                            const int32_t iy = y * p->stride.h - p->padding.h + kh;
                            const int32_t ix = x * p->stride.w - p->padding.w + kw;
                            if (iy < 0 || iy >= id->h || ix < 0 || ix >= id->w) {
                                continue;
                            }
                            for (c = 0; c < id->c; c++) {
                                acc += dense_w[((o * fd->h + kh) * fd->w + kw) * fd->c + c]
                                    * (input[((n * id->h + iy) * id->w + ix) * id->c + c] + p->input_offset);
                            }
                        }
                    }
                    out_ref[((n * od->h + y) * od->w + x) * od->c + o] = (int8_t)clamp(
                        ops_ref_requantize(acc, mult[o], shift[o]) + p->output_offset, p->activation.min,
                        p->activation.max);
                }
            }
        }
    }
}

static void test_filterlet_grouped(int32_t batches, int32_t h, int32_t w, int32_t cin, int32_t cout, int32_t kh,
                                   int32_t kw, int32_t stride, int32_t pad, int percent, int32_t group)
{
    pn_conv_params p;
    pn_dims id = {batches, h, w, cin};
    pn_dims fd = {cout, kh, kw, cin};
    pn_dims od;
    pn_per_channel_quant q;
    int32_t i;
    int32_t size;
    pn_status st;
    od.n = batches;
    od.h = (h + 2 * pad - kh) / stride + 1;
    od.w = (w + 2 * pad - kw) / stride + 1;
    od.c = cout;
    if (od.h < 1 || od.w < 1) {
        return;
    }
    memset(&p, 0, sizeof(p));
    p.input_offset = pn_rng_range(-127, 128);
    p.output_offset = pn_rng_range(-128, 127);
    p.stride.h = stride;
    p.stride.w = stride;
    p.padding.h = pad;
    p.padding.w = pad;
    p.dilation.h = 1;
    p.dilation.w = 1;
    p.activation.min = (pn_rng_next() & 1) ? -128 : pn_rng_range(-128, 0);
    p.activation.max = (pn_rng_next() & 1) ? 127 : pn_rng_range(0, 127);
    for (i = 0; i < batches * h * w * cin; i++) {
        input[i] = (int8_t)pn_rng_next();
    }
    random_weights(dense_w, cout * kh * kw * cin);
    if (group == 1) {
        prune_units(dense_w, cout * kh * kw, cin, percent, cin);
    } else {
        prune_grouped(dense_w, cout, kh * kw, cin, group, percent);
    }
    /* left shifts (> 0) make the kernel use its general requantization: half of the cases allow them */
    random_quant(cout, (int)(pn_rng_next() & 1));
    pack_filterlets(&fd, group);
    q.multiplier = mult;
    q.shift = shift;
    ref_conv(&p, &id, &fd, &od);
    size = pn_convolve_filterlet_s8_get_buffer_size(&p, &fd, &od);
    PN_CHECK(size > 0 && size <= (int32_t)sizeof(scratch), "scratch size %d", (int)size);
    memset(out_sparse, 0x5A, sizeof(out_sparse));
    st = pn_convolve_filterlet_s8(&p, &q, &id, input, &fd, mask16, group, packed_w, bias, &od, out_sparse,
                                  scratch);
    PN_CHECK_EQ(st, PN_OK, "filterlet status");
    {
        const int32_t total = od.n * od.h * od.w * od.c;
        int32_t bad = 0;
        for (i = 0; i < total; i++) {
            bad += out_sparse[i] != out_ref[i];
        }
        PN_CHECK(bad == 0, "filterlet n%d %dx%dx%d -> %d k%dx%d s%d p%d %d%% G%d: %d of %d outputs differ",
                 (int)batches, (int)h, (int)w, (int)cin, (int)cout, (int)kh, (int)kw, (int)stride, (int)pad,
                 percent, (int)group, (int)bad, (int)total);
    }
}

static void test_filterlet_case(int32_t batches, int32_t h, int32_t w, int32_t cin, int32_t cout, int32_t kh,
                                int32_t kw, int32_t stride, int32_t pad, int percent)
{
    test_filterlet_grouped(batches, h, w, cin, cout, kh, kw, stride, pad, percent, 1);
}

static void test_filterlet(void)
{
    static const int32_t cins[] = {1, 3, 4, 5, 8, 16, 17, 32};
    static const int32_t couts[] = {1, 3, 7, 16};
    int fi;
    int trial;
    for (fi = 0; fi < 6; fi++) {
        test_filterlet_case(1, 6, 7, 16, 5, 3, 3, 1, 1, fractions[fi]);
        test_filterlet_case(1, 9, 9, 5, 3, 3, 3, 2, 1, fractions[fi]);
        test_filterlet_case(2, 5, 6, 3, 4, 5, 5, 1, 2, fractions[fi]);
        test_filterlet_case(1, 7, 5, 17, 7, 2, 2, 1, 0, fractions[fi]);
        test_filterlet_case(1, 8, 8, 8, 3, 3, 3, 1, 0, fractions[fi]);
        test_filterlet_case(1, 9, 10, 32, 6, 3, 3, 1, 1, fractions[fi]);
        test_filterlet_case(1, 9, 17, 32, 5, 3, 3, 2, 1, fractions[fi]);
        test_filterlet_case(1, 8, 12, 16, 4, 3, 3, 2, 0, fractions[fi]);
    }
    for (trial = 0; trial < 120; trial++) {
        const int32_t kh = pn_rng_range(1, 4);
        int32_t kw = pn_rng_range(1, 4);
        if (kh * kw < 2) {
            kw = 2;
        }
        /* one argument per statement: C leaves the evaluation order of arguments unspecified */
        const int32_t n = pn_rng_range(1, 2);
        const int32_t h = pn_rng_range(1, 9);
        const int32_t w = pn_rng_range(1, 11);
        const int32_t cin = cins[pn_rng_next() % 8];
        const int32_t cout = couts[pn_rng_next() % 4];
        const int32_t stride = pn_rng_range(1, 3);
        const int32_t pad = pn_rng_range(0, kh - 1 < kw - 1 ? kh - 1 : kw - 1);
        const int percent = fractions[pn_rng_next() % 6];
        test_filterlet_case(n, h, w, cin, cout, kh, kw, stride, pad, percent);
    }
    /* mask groups: G = 2, 4, 8 (and 32), full and partial last groups, both four-pixel variants and leftovers */
    for (fi = 0; fi < 6; fi++) {
        static const int32_t gs[4] = {1, 2, 4, 8};
        int gi;
        for (gi = 0; gi < 4; gi++) {
            test_filterlet_grouped(1, 6, 9, 16, 16, 3, 3, 1, 1, fractions[fi], gs[gi]);
            test_filterlet_grouped(1, 9, 10, 16, 7, 3, 3, 2, 1, fractions[fi], gs[gi]);
            test_filterlet_grouped(2, 5, 6, 5, 11, 5, 5, 1, 2, fractions[fi], gs[gi]);
            test_filterlet_grouped(1, 7, 8, 32, 12, 3, 3, 1, 0, fractions[fi], gs[gi]);
        }
        test_filterlet_grouped(1, 6, 9, 8, 40, 3, 3, 1, 1, fractions[fi], 32);
    }
    for (trial = 0; trial < 60; trial++) {
        const int32_t group = 1 << pn_rng_range(0, 5);
        const int32_t n = pn_rng_range(1, 2);
        const int32_t h = pn_rng_range(1, 9);
        const int32_t w = pn_rng_range(1, 11);
        const int32_t cin = cins[pn_rng_next() % 8];
        const int32_t cout = pn_rng_range(1, 40);
        const int32_t stride = pn_rng_range(1, 3);
        const int percent = fractions[pn_rng_next() % 6];
        test_filterlet_grouped(n, h, w, cin, cout, 3, 3, stride, 1, percent, group);
    }
    /* argument checks */
    {
        pn_conv_params p;
        pn_dims id = {1, 4, 4, 4};
        pn_dims fd = {2, 3, 3, 4};
        pn_dims od = {1, 4, 4, 2};
        pn_per_channel_quant q = {mult, shift};
        memset(&p, 0, sizeof(p));
        p.stride.h = p.stride.w = 1;
        p.padding.h = p.padding.w = 1;
        p.dilation.h = 2;
        p.dilation.w = 1;
        p.activation.min = -128;
        p.activation.max = 127;
        PN_CHECK_EQ(pn_convolve_filterlet_s8(&p, &q, &id, input, &fd, mask16, 1, packed_w, bias, &od, out_sparse,
                                             scratch), PN_ERROR_ARGUMENT, "dilation 2 rejected");
        p.dilation.h = 1;
        {
            static const int32_t bad_groups[4] = {0, 3, 64, -2};
            int bi;
            for (bi = 0; bi < 4; bi++) {
                PN_CHECK(pn_convolve_filterlet_s8(&p, &q, &id, input, &fd, mask16, bad_groups[bi], packed_w, bias,
                                                   &od, out_sparse, scratch) == PN_ERROR_ARGUMENT,
                          "mask group %d rejected", (int)bad_groups[bi]);
            }
        }
        fd.c = 3;
        PN_CHECK_EQ(pn_convolve_filterlet_s8(&p, &q, &id, input, &fd, mask16, 1, packed_w, bias, &od, out_sparse,
                                             scratch), PN_ERROR_ARGUMENT, "cin mismatch rejected");
    }
}

/* ---------------- block-sparse fully connected / 1x1 ---------------- */

static int32_t pack_blocks(int32_t units, int32_t k, int32_t bsz)
{
    const int32_t nb = (k + bsz - 1) / bsz;
    const int32_t nw = (nb + 31) / 32;
    int32_t o;
    int32_t b;
    int32_t bytes = 0;
    memset(mask32, 0, sizeof(mask32));
    for (o = 0; o < units; o++) {
        for (b = 0; b < nb; b++) {
            int32_t i;
            int keep = 0;
            for (i = b * bsz; i < b * bsz + bsz && i < k; i++) {
                keep |= dense_w[o * k + i] != 0;
            }
            if (keep) {
                mask32[o * nw + b / 32] |= 1u << (b % 32);
                for (i = 0; i < bsz; i++) {
                    packed_w[bytes + i] = b * bsz + i < k ? dense_w[o * k + b * bsz + i] : 0;
                }
                bytes += bsz;
            }
        }
    }
    return bytes;
}

/* prunes whole blocks of a [units][k] matrix (partial last blocks included) */
static void prune_blocks(int32_t units, int32_t k, int32_t bsz, int percent)
{
    const int32_t nb = (k + bsz - 1) / bsz;
    const int32_t target = (units * nb * percent + 50) / 100;
    int32_t pruned = 0;
    while (pruned < target) {
        const int32_t u = (int32_t)(pn_rng_next() % (uint32_t)(units * nb));
        const int32_t o = u / nb;
        const int32_t b = u % nb;
        int32_t i;
        int any = 0;
        for (i = b * bsz; i < b * bsz + bsz && i < k; i++) {
            any |= dense_w[o * k + i] != 0;
        }
        if (!any) {
            continue;
        }
        for (i = b * bsz; i < b * bsz + bsz && i < k; i++) {
            dense_w[o * k + i] = 0;
        }
        pruned++;
    }
}

static void test_fc_case(int32_t batches, int32_t k, int32_t units, int32_t bsz, int percent, int per_channel)
{
    pn_fc_params p;
    pn_dims id = {batches, 1, 1, k};
    pn_dims fd = {units, 1, 1, k};
    pn_dims od = {batches, 1, 1, units};
    pn_per_channel_quant q = {mult, shift};
    int32_t i;
    int32_t r;
    int32_t o;
    int32_t bad = 0;
    memset(&p, 0, sizeof(p));
    p.input_offset = pn_rng_range(-127, 128);
    p.output_offset = pn_rng_range(-128, 127);
    p.activation.min = (pn_rng_next() & 1) ? -128 : pn_rng_range(-128, 0);
    p.activation.max = (pn_rng_next() & 1) ? 127 : pn_rng_range(0, 127);
    for (i = 0; i < batches * k; i++) {
        input[i] = (int8_t)pn_rng_next();
    }
    random_weights(dense_w, units * k);
    prune_blocks(units, k, bsz, percent);
    random_quant(units, 1);
    if ((pn_rng_next() & 3) == 0) {
        for (o = 0; o < units; o++) {
            bias[o] = 0;
        }
    }
    pack_blocks(units, k, bsz);
    PN_CHECK(pn_fully_connected_block_s8_get_buffer_size(&fd, bsz) <= (int32_t)sizeof(scratch), "scratch");
    PN_CHECK_EQ(pn_fully_connected_block_s8(&p, &q, per_channel, &id, input, &fd, bsz, mask32, packed_w, bias,
                                            &od, out_sparse, scratch), PN_OK, "fc status");
    for (r = 0; r < batches; r++) {
        for (o = 0; o < units; o++) {
            const int32_t qi = per_channel ? o : 0;
            int32_t acc = bias[o];
            int32_t e;
            for (i = 0; i < k; i++) {
                acc += dense_w[o * k + i] * (input[r * k + i] + p.input_offset);
            }
            e = clamp(ops_ref_requantize(acc, mult[qi], shift[qi]) + p.output_offset, p.activation.min,
                      p.activation.max);
            bad += out_sparse[r * units + o] != e;
        }
    }
    PN_CHECK(bad == 0, "fc n%d k%d units%d B%d %d%% pc%d: %d outputs differ", (int)batches, (int)k, (int)units,
             (int)bsz, percent, per_channel, (int)bad);
}

static void test_conv1x1_case(int32_t batches, int32_t h, int32_t w, int32_t cin, int32_t cout, int32_t stride,
                              int32_t bsz, int percent)
{
    pn_conv_params p;
    pn_dims id = {batches, h, w, cin};
    pn_dims fd = {cout, 1, 1, cin};
    pn_dims od = {batches, (h + stride - 1) / stride, (w + stride - 1) / stride, cout};
    pn_per_channel_quant q = {mult, shift};
    int32_t i;
    memset(&p, 0, sizeof(p));
    p.input_offset = pn_rng_range(-127, 128);
    p.output_offset = pn_rng_range(-128, 127);
    p.stride.h = stride;
    p.stride.w = stride;
    p.dilation.h = 1;
    p.dilation.w = 1;
    p.activation.min = (pn_rng_next() & 1) ? -128 : pn_rng_range(-128, 0);
    p.activation.max = (pn_rng_next() & 1) ? 127 : pn_rng_range(0, 127);
    for (i = 0; i < batches * h * w * cin; i++) {
        input[i] = (int8_t)pn_rng_next();
    }
    random_weights(dense_w, cout * cin);
    prune_blocks(cout, cin, bsz, percent);
    random_quant(cout, 1);
    pack_blocks(cout, cin, bsz);
    ref_conv(&p, &id, &fd, &od);
    PN_CHECK(pn_convolve_1x1_block_s8_get_buffer_size(&fd, bsz) <= (int32_t)sizeof(scratch), "scratch");
    PN_CHECK_EQ(pn_convolve_1x1_block_s8(&p, &q, &id, input, &fd, bsz, mask32, packed_w, bias, &od, out_sparse,
                                         scratch), PN_OK, "1x1 status");
    {
        const int32_t total = od.n * od.h * od.w * od.c;
        int32_t bad = 0;
        for (i = 0; i < total; i++) {
            bad += out_sparse[i] != out_ref[i];
        }
        PN_CHECK(bad == 0, "1x1 n%d %dx%dx%d -> %d s%d B%d %d%%: %d of %d differ", (int)batches, (int)h, (int)w,
                 (int)cin, (int)cout, (int)stride, (int)bsz, percent, (int)bad, (int)total);
    }
}

static void test_block(void)
{
    static const int32_t ks[] = {1, 3, 4, 7, 8, 9, 31, 64, 100, 129, 256, 300};
    int fi;
    int trial;
    for (fi = 0; fi < 6; fi++) {
        test_fc_case(1, 1024, 9, 4, fractions[fi], 0);
        test_fc_case(2, 1024, 5, 8, fractions[fi], 1);
        test_fc_case(3, 37, 7, 4, fractions[fi], 1);
        test_conv1x1_case(1, 5, 5, 32, 7, 1, 4, fractions[fi]);
        test_conv1x1_case(2, 3, 7, 19, 5, 2, 8, fractions[fi]);
        test_conv1x1_case(1, 4, 4, 256, 3, 1, 4, fractions[fi]);
    }
    for (trial = 0; trial < 120; trial++) {
        /* one random draw per statement: C leaves the evaluation order of arguments unspecified */
        const int32_t bsz = (pn_rng_next() & 1) ? 4 : 8;
        const int32_t batches = pn_rng_range(1, 3);
        const int32_t k = ks[pn_rng_next() % 12];
        const int32_t units = pn_rng_range(1, 9);
        const int percent = fractions[pn_rng_next() % 6];
        const int per_channel = (int)(pn_rng_next() & 1);
        const int32_t n = pn_rng_range(1, 2);
        const int32_t h = pn_rng_range(1, 6);
        const int32_t w = pn_rng_range(1, 6);
        const int32_t cin = ks[pn_rng_next() % 11];
        const int32_t cout = pn_rng_range(1, 9);
        const int32_t stride = pn_rng_range(1, 2);
        const int percent2 = fractions[pn_rng_next() % 6];
        test_fc_case(batches, k, units, bsz, percent, per_channel);
        test_conv1x1_case(n, h, w, cin, cout, stride, bsz, percent2);
    }
    {
        pn_fc_params p;
        pn_dims id = {1, 1, 1, 8};
        pn_dims fd = {2, 1, 1, 8};
        pn_dims od = {1, 1, 1, 2};
        pn_per_channel_quant q = {mult, shift};
        memset(&p, 0, sizeof(p));
        p.activation.min = -128;
        p.activation.max = 127;
        PN_CHECK_EQ(pn_fully_connected_block_s8(&p, &q, 0, &id, input, &fd, 5, mask32, packed_w, bias, &od,
                                                out_sparse, scratch), PN_ERROR_ARGUMENT, "block size 5");
        p.filter_offset = 1;
        PN_CHECK_EQ(pn_fully_connected_block_s8(&p, &q, 0, &id, input, &fd, 4, mask32, packed_w, bias, &od,
                                                out_sparse, scratch), PN_ERROR_ARGUMENT, "filter offset");
    }
}

int main(void)
{
    static const pn_test_case cases[] = {
        {"filterlet", test_filterlet},
        {"block", test_block},
    };
    pn_rng_seed(2463534242u); /* the seed these cases were written against */
    return pn_test_run(OPS_SPARSE_NAME, cases, (int)(sizeof cases / sizeof cases[0]));
}
