/**
 * Validation of generated C against the reference interpreter on the host and on Cortex-M4 / Cortex-M7 under
 * QEMU, with exact instruction counts, image sizes and stack high-water mark ({@link
 * dev.prunus.core.validate.CValidator}).
 */
package dev.prunus.core.validate;
