/*
 * Prunus runtime: bare-metal start-up for the QEMU mps2 boards (mps2-an386 = Cortex-M4, mps2-an500 = Cortex-M7).
 *
 * The reset handler enables the FPU (CP10/CP11 full access), copies .data from its load address, zeroes .bss,
 * opens the semihosting console (printf goes to the host) and runs exit(main()), so that main's return value
 * becomes QEMU's exit status. Any fault or unexpected interrupt ends the program with exit status 128 + the
 * exception number, so a crashing program fails visibly instead of hanging.
 *
 * Link with -nostartfiles --specs=nano.specs --specs=rdimon.specs and one of the linker scripts in this folder.
 * The symbols used below are defined by those linker scripts.
 */
#include <stdint.h>
#include <stdlib.h>

extern int main(void);
extern void initialise_monitor_handles(void);
extern void _exit(int status);

extern uint32_t __data_load__[];
extern uint32_t __data_start__[];
extern uint32_t __data_end__[];
extern uint32_t __bss_start__[];
extern uint32_t __bss_end__[];
extern uint32_t __stack_top__[];

/* Defined in pn_bench.c when the instruction counter is linked; weak so that plain programs do not need it. */
void pn_bench_timer_irq(void) __attribute__((weak));

void pn_reset_handler(void) __attribute__((noreturn));
void pn_default_handler(void);
void pn_timer0_handler(void);

#define PN_SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define PN_SCB_ICSR (*(volatile uint32_t *)0xE000ED04u)

void pn_reset_handler(void)
{
    /* Full access to coprocessors 10 and 11 (single/double precision FPU). */
    PN_SCB_CPACR |= (0xFu << 20);
    __asm volatile("dsb\n\tisb" ::: "memory");

    for (uint32_t *src = __data_load__, *dst = __data_start__; dst < __data_end__;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = __bss_start__; dst < __bss_end__;) {
        *dst++ = 0;
    }
    initialise_monitor_handles();
    exit(main());
}

void pn_default_handler(void)
{
    /* VECTACTIVE (ICSR[8:0]) is the number of the exception being handled. */
    const uint32_t exception = PN_SCB_ICSR & 0x1FFu;
    _exit((int)(128u + (exception & 0x7Fu)));
}

void pn_timer0_handler(void)
{
    if (pn_bench_timer_irq != 0) {
        pn_bench_timer_irq();
    } else {
        pn_default_handler();
    }
}

/* 16 system exceptions + 32 external interrupts (CMSDK timer 0 is IRQ 8 on both boards). */
__attribute__((section(".vectors"), used)) static void (*const pn_vectors[48])(void) = {
    [0] = (void (*)(void))__stack_top__,
    [1] = pn_reset_handler,
    [2] = pn_default_handler,  /* NMI */
    [3] = pn_default_handler,  /* HardFault */
    [4] = pn_default_handler,  /* MemManage */
    [5] = pn_default_handler,  /* BusFault */
    [6] = pn_default_handler,  /* UsageFault */
    [11] = pn_default_handler, /* SVCall */
    [12] = pn_default_handler, /* DebugMonitor */
    [14] = pn_default_handler, /* PendSV */
    [15] = pn_default_handler, /* SysTick */
    [16 + 0] = pn_default_handler, [16 + 1] = pn_default_handler, [16 + 2] = pn_default_handler,
    [16 + 3] = pn_default_handler, [16 + 4] = pn_default_handler, [16 + 5] = pn_default_handler,
    [16 + 6] = pn_default_handler, [16 + 7] = pn_default_handler, [16 + 8] = pn_timer0_handler,
    [16 + 9] = pn_default_handler, [16 + 10] = pn_default_handler, [16 + 11] = pn_default_handler,
    [16 + 12] = pn_default_handler, [16 + 13] = pn_default_handler, [16 + 14] = pn_default_handler,
    [16 + 15] = pn_default_handler, [16 + 16] = pn_default_handler, [16 + 17] = pn_default_handler,
    [16 + 18] = pn_default_handler, [16 + 19] = pn_default_handler, [16 + 20] = pn_default_handler,
    [16 + 21] = pn_default_handler, [16 + 22] = pn_default_handler, [16 + 23] = pn_default_handler,
    [16 + 24] = pn_default_handler, [16 + 25] = pn_default_handler, [16 + 26] = pn_default_handler,
    [16 + 27] = pn_default_handler, [16 + 28] = pn_default_handler, [16 + 29] = pn_default_handler,
    [16 + 30] = pn_default_handler, [16 + 31] = pn_default_handler,
};
