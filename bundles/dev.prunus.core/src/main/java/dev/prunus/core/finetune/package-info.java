/**
 * Distillation fine-tuning of pruned int8 models ({@link dev.prunus.core.finetune.FineTuner}): a float shadow of
 * the student graph with fake-quantized activations and weights, trained on unlabelled records to reproduce the
 * original model's logits, then requantized to int8 with the pruning's zeros kept.
 */
package dev.prunus.core.finetune;
