/**
 * Float models in: a float32 reference evaluation of a float IR model ({@link dev.prunus.core.quantize.FloatEvaluator},
 * one small kernel per operator in {@code floatops}) with per-tensor range observers, and post-training quantization
 * to TFLite's full-integer int8 form ({@link dev.prunus.core.quantize.PostTrainingQuantizer}). See docs/quantization.md.
 */
package dev.prunus.core.quantize;
