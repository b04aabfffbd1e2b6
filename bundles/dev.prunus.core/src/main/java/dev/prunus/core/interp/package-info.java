/**
 * Bit-exact int8 reference interpreter: {@link dev.prunus.core.interp.Interpreter} runs a model's main graph with
 * the semantics of TensorFlow Lite Micro's reference kernels, validating the whole model up front
 * ({@link dev.prunus.core.interp.UnsupportedModelException}) and optionally reporting every operator's output
 * ({@link dev.prunus.core.interp.TraceListener}).
 */
package dev.prunus.core.interp;
