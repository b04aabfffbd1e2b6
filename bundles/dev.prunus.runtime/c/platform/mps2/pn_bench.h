/*
 * Prunus runtime: executed-instruction counter for QEMU mps2 boards (mps2-an386, mps2-an500).
 *
 * QEMU is not cycle accurate, but with "-icount shift=7,align=off,sleep=off" its virtual clock advances exactly
 * 128 ns per executed instruction. The CMSDK APB timer 0 (0x40000000) ticks at 25 MHz (40 ns) of that clock, so
 * an interval of T ticks is round(T * 40 / 128) instructions, exactly (one tick is 0.3125 instruction, so the
 * rounding error of a tick reading is always below half an instruction). The timer is 32 bits wide and its
 * wrap-around interrupt (IRQ 8, handled through startup.c) extends it to 64 bits.
 *
 * Without -icount the timer follows host time and the figures are meaningless. Keep printf and other
 * semihosting calls outside measured regions: each one is counted.
 */
#ifndef PN_BENCH_H
#define PN_BENCH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Starts the free-running timer (idempotent) and measures the fixed cost of an empty
 * pn_bench_start()/pn_bench_stop() pair, which pn_bench_stop() then subtracts.
 */
void pn_bench_init(void);

/** Instructions executed since pn_bench_init() (includes the counter's own code). */
uint64_t pn_bench_now(void);

/** Marks the start of a measured region (calls pn_bench_init() on first use). */
void pn_bench_start(void);

/**
 * Instructions executed between the last pn_bench_start() and this call, minus the calibrated cost of the
 * start/stop pair: an empty region measures 0.
 */
uint64_t pn_bench_stop(void);

/** Interrupt hook for timer 0 wrap-around, called by startup.c; not for application use. */
void pn_bench_timer_irq(void);

#ifdef __cplusplus
}
#endif

#endif /* PN_BENCH_H */
