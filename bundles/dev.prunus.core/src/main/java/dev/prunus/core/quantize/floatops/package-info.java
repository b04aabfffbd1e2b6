/**
 * Float32 reference kernels, one class per operator family, each preparing a {@link
 * dev.prunus.core.quantize.floatops.FloatStep} from an operator of a float graph. Kept small and independent so that
 * they can move into the operator catalogue.
 */
package dev.prunus.core.quantize.floatops;
