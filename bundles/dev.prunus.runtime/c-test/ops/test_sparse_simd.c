/*
 * The sparse-kernel tests of test_sparse.c run against the SIMD (SXTB16/SMLAD) code path of the kernels.
 * On Cortex-M with the DSP extension that path is the default; on the host this file forces it, with the
 * primitives emulated in C (pn_block_simd.h), so the SIMD data layout and loops are checked under the host
 * sanitizers too. The kernels are compiled into this translation unit for that reason.
 * PN_TEST_SOURCES: (none)
 */
#define PN_SPARSE_FORCE_SIMD 1

#include "../../c/src/pn_block_gemm_s8.c"
#include "../../c/src/pn_convolve_1x1_block_s8.c"
#include "../../c/src/pn_convolve_filterlet_s8.c"
#include "../../c/src/pn_fully_connected_block_s8.c"

#define OPS_SPARSE_NAME "test_sparse_simd"
#define main test_sparse_main
#include "test_sparse.c"
#undef main

int main(void)
{
    return test_sparse_main();
}
