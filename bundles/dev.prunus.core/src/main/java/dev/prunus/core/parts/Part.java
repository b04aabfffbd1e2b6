package dev.prunus.core.parts;

/**
 * One microcontroller part of the catalogue.
 *
 * @param name      orderable base name, e.g. {@code STM32F401RE} (CubeMX adds package and temperature, e.g. "Tx")
 * @param family    series, e.g. {@code F4}
 * @param core      CPU core, e.g. {@code Cortex-M4}
 * @param costModel the Prunus core whose kernels and cost model apply: {@code m4} or {@code m7}
 * @param clockMHz  maximum CPU clock
 * @param flashKib  internal flash; 0 when the part has none (code runs from external memory)
 * @param ramKib    total internal SRAM
 */
public record Part(String name, String family, String core, String costModel, int clockMHz, int flashKib,
        int ramKib) {

    /** Flash the application keeps for itself: its own code, at most a quarter of the part. */
    public static final long APP_FLASH_RESERVE = 64 * 1024;
    /** RAM the application keeps for itself: stack, heap and its buffers, at most a quarter of the part. */
    public static final long APP_RAM_RESERVE = 16 * 1024;

    public long flashBytes() {
        return flashKib * 1024L;
    }

    public long ramBytes() {
        return ramKib * 1024L;
    }

    public long clockHz() {
        return clockMHz * 1_000_000L;
    }

    /** Flash left for the model once the application's reserve is taken; null without internal flash (no limit). */
    public Long flashLeftBytes() {
        return flashKib == 0 ? null : flashBytes() - Math.min(APP_FLASH_RESERVE, flashBytes() / 4);
    }

    /** RAM left for the model's arena once the application's reserve is taken. */
    public long ramLeftBytes() {
        return ramBytes() - Math.min(APP_RAM_RESERVE, ramBytes() / 4);
    }

    /** e.g. {@code STM32F401RE (Cortex-M4, 84 MHz, 512 KiB flash, 96 KiB RAM)}. */
    public String label() {
        return name + " (" + core + ", " + clockMHz + " MHz, " + (flashKib == 0 ? "external" : flashKib + " KiB")
                + " flash, " + ramKib + " KiB RAM)";
    }
}
