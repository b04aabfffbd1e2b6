/**
 * Fixed-point arithmetic shared by the interpreter and the code generator: requantization
 * ({@link dev.prunus.core.quant.QuantMath}) and the gemmlowp transcendental functions
 * ({@link dev.prunus.core.quant.FixedPointMath}), bit-exact with TensorFlow Lite Micro.
 */
package dev.prunus.core.quant;
