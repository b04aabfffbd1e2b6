/**
 * Batched float32 training of int8 TFLite models: a float engine built from the IR (NHWC, im2col + SGEMM on all
 * cores, deterministic for a seed and thread count), fake quantization with straight-through gradients, optimizers,
 * distillation and cross-entropy losses, augmentation, and the write-back of trained weights and activation ranges
 * into an int8 {@link dev.prunus.core.ir.Model}. See docs/training.md.
 */
package dev.prunus.core.train;
