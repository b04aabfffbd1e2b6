/*
 * Prunus runtime: executed-instruction counter for QEMU mps2 boards. See pn_bench.h for the method.
 */
#include "pn_bench.h"

#define PN_TIMER0_BASE 0x40000000u
#define PN_TIMER_CTRL (*(volatile uint32_t *)(PN_TIMER0_BASE + 0x0u))
#define PN_TIMER_VALUE (*(volatile uint32_t *)(PN_TIMER0_BASE + 0x4u))
#define PN_TIMER_RELOAD (*(volatile uint32_t *)(PN_TIMER0_BASE + 0x8u))
#define PN_TIMER_INTCLEAR (*(volatile uint32_t *)(PN_TIMER0_BASE + 0xCu))
#define PN_TIMER_CTRL_ENABLE 0x1u
#define PN_TIMER_CTRL_IRQ_ENABLE 0x8u
#define PN_NVIC_ISER0 (*(volatile uint32_t *)0xE000E100u)
#define PN_TIMER0_IRQ 8u

static volatile uint32_t pn_bench_wraps;
static uint64_t pn_bench_start_ticks;
static uint64_t pn_bench_overhead;
static int pn_bench_ready;

void pn_bench_timer_irq(void)
{
    PN_TIMER_INTCLEAR = 1u;
    pn_bench_wraps = pn_bench_wraps + 1u;
}

/* Timer ticks since the timer was started; the counter counts down from 0xFFFFFFFF and reloads. */
static uint64_t pn_bench_ticks(void)
{
    uint32_t before;
    uint32_t value;
    uint32_t after;
    do {
        before = pn_bench_wraps;
        value = PN_TIMER_VALUE;
        after = pn_bench_wraps;
    } while (before != after);
    return ((uint64_t)before << 32) + (uint64_t)(0xFFFFFFFFu - value);
}

/* round(ticks * 40 / 128) = round(ticks * 5 / 16) */
static uint64_t pn_bench_ticks_to_instructions(uint64_t ticks)
{
    return (ticks * 5u + 8u) / 16u;
}

void pn_bench_init(void)
{
    if (pn_bench_ready) {
        return;
    }
    PN_TIMER_CTRL = 0u;
    PN_TIMER_RELOAD = 0xFFFFFFFFu;
    PN_TIMER_VALUE = 0xFFFFFFFFu;
    PN_TIMER_INTCLEAR = 1u;
    pn_bench_wraps = 0u;
    PN_NVIC_ISER0 = 1u << PN_TIMER0_IRQ;
    PN_TIMER_CTRL = PN_TIMER_CTRL_ENABLE | PN_TIMER_CTRL_IRQ_ENABLE;
    pn_bench_ready = 1;
    pn_bench_overhead = 0u;
    pn_bench_start();
    pn_bench_overhead = pn_bench_stop();
}

uint64_t pn_bench_now(void)
{
    if (!pn_bench_ready) {
        pn_bench_init();
    }
    return pn_bench_ticks_to_instructions(pn_bench_ticks());
}

__attribute__((noinline)) void pn_bench_start(void)
{
    if (!pn_bench_ready) {
        pn_bench_init();
    }
    pn_bench_start_ticks = pn_bench_ticks();
}

__attribute__((noinline)) uint64_t pn_bench_stop(void)
{
    const uint64_t elapsed = pn_bench_ticks_to_instructions(pn_bench_ticks() - pn_bench_start_ticks);
    return elapsed > pn_bench_overhead ? elapsed - pn_bench_overhead : 0u;
}
