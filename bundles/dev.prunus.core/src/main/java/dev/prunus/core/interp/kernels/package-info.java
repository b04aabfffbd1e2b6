/**
 * The interpreter's kernels, one class per TFLM reference kernel family, as plain functions over primitive arrays
 * (NHWC activations, OHWI / 1HWO filters, int32 biases). Parameters are derived once at construction, as TFLM's
 * Prepare does; {@code run} methods allocate nothing.
 */
package dev.prunus.core.interp.kernels;
