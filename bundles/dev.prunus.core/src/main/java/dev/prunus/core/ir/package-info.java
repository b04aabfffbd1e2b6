/**
 * Immutable intermediate representation of a TFLite model: {@link dev.prunus.core.ir.Model} holds
 * {@link dev.prunus.core.ir.Graph}s of {@link dev.prunus.core.ir.Tensor}s and {@link dev.prunus.core.ir.Operator}s.
 * Everything here is a value: arrays are copied in and out, and changes produce new objects.
 */
package dev.prunus.core.ir;
